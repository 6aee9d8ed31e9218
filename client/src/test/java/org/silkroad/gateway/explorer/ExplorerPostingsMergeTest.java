package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.explorer.ExplorerPostings.Entry;
import org.silkroad.gateway.explorer.ExplorerPostings.Run;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Merges on threads of their own, beside the indexer: a large merge holds up neither publishing nor the small merges,
 * lookups stay right while merges run, and a publish waits only when level 0 is full. A "held" executor keeps a lane's
 * tasks until the test runs them, so what runs when is decided here, not by the scheduler.
 */
class ExplorerPostingsMergeTest {

    private final DataSource dataSource = ExplorerTestDatabase.fresh("postings-merge-" + UUID.randomUUID());
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    private final ExecutorService smallThread = Executors.newSingleThreadExecutor();
    private final ExecutorService publisher = Executors.newSingleThreadExecutor();
    private final TreeSet<Entry> model = new TreeSet<>();

    ExplorerPostingsMergeTest() {
        new ExplorerStore(jdbc, transactions, RecordedBlocks.JSON).createSchema();
    }

    @AfterEach
    void stopThreads() {
        smallThread.shutdownNow();
        publisher.shutdownNow();
    }

    /** A lane's executor that keeps its tasks until {@link #runAll}. */
    private static final class Held implements Executor {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        boolean hasTasks() {
            return !tasks.isEmpty();
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    private ExplorerPostings open(Executor small, Executor large) {
        ExplorerPostings postings = new ExplorerPostings(jdbc, transactions, small, large);
        postings.open();
        return postings;
    }

    /** A run of {@code count} entries of block {@code block}, over keys {@code K<block % 7>-<i % 50>}. */
    private void append(ExplorerPostings postings, long block, int count) {
        List<Entry> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String key = "K" + (block % 7) + "-" + (i % 50);
            batch.add(new Entry(key, block, i, 0, (key + "@" + block + "." + i).getBytes(StandardCharsets.UTF_8)));
        }
        model.addAll(batch);
        Run run = transactions.execute(status -> postings.write(batch, block, block));
        postings.publish(run);
    }

    private long runsAtLevel(ExplorerPostings postings, int level) {
        return postings.runs().stream().filter(r -> r.level() == level).count();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    /** Every key's entries, and a prefix scan, as the model has them (payloads compared by content). */
    private void assertAgreesWithModel(ExplorerPostings postings) {
        for (int b = 0; b < 7; b++) {
            for (int i = 0; i < 50; i += 7) {
                String key = "K" + b + "-" + i;
                assertThat(texts(postings.find(key))).as(key)
                        .isEqualTo(texts(model.stream().filter(e -> e.sortKey().equals(key)).toList()));
            }
        }
        List<Entry> scanned = new ArrayList<>();
        postings.scan("K3-", () -> entry -> entry.sortKey().startsWith("K3-") && scanned.add(entry));
        assertThat(texts(scanned)).isEqualTo(texts(model.stream().filter(e -> e.sortKey().startsWith("K3-")).toList()));
    }

    private static List<String> texts(List<Entry> entries) {
        return entries.stream().sorted().map(e -> e.sortKey() + "@" + e.block() + "." + e.tx() + "." + e.seq() + "="
                + new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void a_large_merge_holds_up_neither_publishing_nor_the_small_merges() throws Exception {
        Held large = new Held();
        ExplorerPostings postings = open(smallThread, large);
        int level2 = ExplorerPostings.FANOUT * ExplorerPostings.FANOUT * ExplorerPostings.LEVEL_BASE;
        for (long block = 1; block <= ExplorerPostings.FANOUT; block++) {
            append(postings, block, level2);
        }
        // FANOUT runs of level 2: a large merge is due, and held.
        assertThat(runsAtLevel(postings, 2)).isEqualTo(ExplorerPostings.FANOUT);
        assertThat(large.hasTasks()).isTrue();

        // The live chain goes on: small runs are published and merged on the small lane meanwhile.
        for (long block = 100; block < 100 + 3 * ExplorerPostings.FANOUT; block++) {
            append(postings, block, 10);
            if (block % ExplorerPostings.FANOUT == 0) {
                assertAgreesWithModel(postings);
            }
        }
        await(() -> runsAtLevel(postings, 0) < ExplorerPostings.FANOUT, "the small merges caught up");
        assertThat(runsAtLevel(postings, 2)).isEqualTo(ExplorerPostings.FANOUT);
        assertAgreesWithModel(postings);

        // The large merge, at last; the next lookups read one run where they read FANOUT.
        while (postings.mergesPending()) {
            large.runAll();
            Thread.sleep(10);
        }
        assertThat(runsAtLevel(postings, 2)).isZero();
        assertThat(runsAtLevel(postings, 3)).isEqualTo(1);
        assertAgreesWithModel(postings);

        ExplorerPostings reopened = open(Runnable::run, Runnable::run);
        assertThat(reopened.runs()).extracting(Run::id).isEqualTo(postings.runs().stream().map(Run::id).toList());
        assertAgreesWithModel(reopened);
        long pages = postings.runs().stream().mapToLong(Run::pages).sum();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM explorer_run_page", Long.class)).isEqualTo(pages);
    }

    @Test
    void a_publish_waits_while_level_0_is_full_and_goes_on_once_merged() throws Exception {
        Held small = new Held();
        ExplorerPostings postings = open(small, Runnable::run);
        for (long block = 1; block < ExplorerPostings.MAX_LEVEL0_RUNS; block++) {
            append(postings, block, 10);
        }
        assertThat(runsAtLevel(postings, 0)).isEqualTo(ExplorerPostings.MAX_LEVEL0_RUNS - 1);

        // The run that fills level 0: its publish returns once the merges made room.
        Future<?> filling = publisher.submit(() -> append(postings, ExplorerPostings.MAX_LEVEL0_RUNS, 10));
        try {
            filling.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("the publish that filled level 0 returned before any merge");
        } catch (TimeoutException expected) {
            // It waits.
        }
        assertThat(postings.find("K0-0")).isNotEmpty(); // lookups go on meanwhile
        small.runAll();
        filling.get(30, TimeUnit.SECONDS);
        assertThat(runsAtLevel(postings, 0)).isLessThan(ExplorerPostings.FANOUT);
        assertAgreesWithModel(postings);
    }

    @Test
    void after_close_no_merge_starts_and_the_runs_read_as_before() throws Exception {
        Held small = new Held();
        ExplorerPostings postings = open(small, Runnable::run);
        for (long block = 1; block <= ExplorerPostings.FANOUT; block++) {
            append(postings, block, 10);
        }
        List<Long> before = postings.runs().stream().map(Run::id).toList();

        postings.close(Duration.ofSeconds(1));
        small.runAll();

        assertThat(postings.runs()).extracting(Run::id).isEqualTo(before);
        ExplorerPostings reopened = open(Runnable::run, Runnable::run);
        assertThat(reopened.runs()).extracting(Run::id).isEqualTo(before);
        assertAgreesWithModel(reopened);
    }
}
