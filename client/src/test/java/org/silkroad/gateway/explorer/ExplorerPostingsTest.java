package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.explorer.ExplorerPostings.Entry;
import org.silkroad.gateway.explorer.ExplorerPostings.Run;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class ExplorerPostingsTest {

    /** One connection, as a pool would lend (a new H2 session per statement costs more than the lookups). */
    private final SingleConnectionDataSource dataSource =
            ExplorerTestDatabase.freshSingleConnection("postings-" + UUID.randomUUID());
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final TransactionTemplate transactions =
            new TransactionTemplate(new DataSourceTransactionManager(dataSource));

    ExplorerPostingsTest() {
        new ExplorerStore(jdbc, transactions, RecordedBlocks.JSON).createSchema();
    }

    private ExplorerPostings open() {
        // Merges within publish, on this thread: the test's one connection is not for two threads at once (merges on
        // threads of their own: ExplorerPostingsMergeTest).
        ExplorerPostings postings = new ExplorerPostings(jdbc, transactions, Runnable::run, Runnable::run);
        postings.open();
        return postings;
    }

    /** Writes a batch as the store does: in a database transaction, published after it commits. */
    private static void append(ExplorerPostings postings, TransactionTemplate transactions, List<Entry> batch,
                               long block) {
        Run run = transactions.execute(status -> postings.write(batch, block, block));
        postings.publish(run);
    }

    private static Entry entry(String sortKey, long block, int tx, int seq) {
        return new Entry(sortKey, block, tx, seq, (sortKey + "@" + block + "." + tx + "." + seq)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lookups_and_prefix_scans_agree_with_a_plain_sorted_set_through_merges_and_a_reopen() {
        ExplorerPostings postings = open();
        Random random = new Random(42);
        TreeSet<Entry> model = new TreeSet<>();
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Shared prefixes, one hot term on every page, and a character outside the basic plane.
            terms.add(i % 3 == 0 ? "Kwallet/CN/" + i : i % 3 == 1 ? "Tterm-" + (i % 50) : "Hnote\uD83D\uDE00/" + i);
        }
        terms.add("Thot");
        // ~36,000 entries in batches of up to 400: level 2 begins at FANOUT^2 * LEVEL_BASE = 16,384.
        for (long block = 0; block < 180; block++) {
            List<Entry> batch = new ArrayList<>();
            int size = block % 17 == 0 ? 0 : 1 + random.nextInt(400);
            for (int n = 0; n < size; n++) {
                String term = random.nextInt(10) == 0 ? "Thot" : terms.get(random.nextInt(terms.size()));
                batch.add(entry(term, block, random.nextInt(20), n));
            }
            model.addAll(batch);
            append(postings, transactions, batch, block);
            if (block % 45 == 0) {
                assertAgree(postings, model, terms);
            }
        }
        assertThat(postings.runs()).extracting(Run::level).contains(2);
        assertThat(postings.runs().stream().collect(java.util.stream.Collectors.groupingBy(Run::level,
                java.util.stream.Collectors.counting())).values()).allMatch(n -> n < ExplorerPostings.FANOUT);
        assertAgree(postings, model, terms);

        ExplorerPostings reopened = open();
        assertThat(reopened.runs()).extracting(Run::id).isEqualTo(postings.runs().stream().map(Run::id).toList());
        assertAgree(reopened, model, terms);
        // No page is left of the merged runs.
        long pages = postings.runs().stream().mapToLong(Run::pages).sum();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM explorer_run_page", Long.class)).isEqualTo(pages);
    }

    private static void assertAgree(ExplorerPostings postings, TreeSet<Entry> model, List<String> terms) {
        for (String term : terms) {
            List<Entry> expected = List.copyOf(model.subSet(new Entry(term, Long.MIN_VALUE, 0, 0, null), true,
                    new Entry(term, Long.MAX_VALUE, 0, 0, null), true));
            assertThat(text(postings.find(term))).as(term).isEqualTo(text(expected));
            // From a block on: every entry from there, none that find would not give, maybe some before it.
            long from = expected.isEmpty() ? 0 : expected.get(expected.size() / 2).block();
            List<String> fromBlock = text(postings.find(term, from));
            assertThat(fromBlock).as(term).containsAll(text(expected.stream().filter(e -> e.block() >= from).toList()));
            assertThat(text(expected)).as(term).containsAll(fromBlock);
        }
        String prefix = "Kwallet/CN/1";
        List<Entry> under = new ArrayList<>();
        postings.scan(prefix, () -> e -> e.sortKey().startsWith(prefix) && under.add(e));
        assertThat(text(under)).isEqualTo(text(model.stream().filter(e -> e.sortKey().startsWith(prefix)).toList()));
        assertThat(postings.find("Tno-such-term")).isEmpty();
    }

    /** Entries sorted, each as text with its payload (a record's equals compares arrays by reference). */
    private static List<String> text(List<Entry> entries) {
        return entries.stream().sorted().map(e -> e.sortKey() + "@" + e.block() + "." + e.tx() + "." + e.seq() + "="
                + new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    @Test
    void a_run_starts_at_the_level_of_its_size_and_is_merged_only_with_runs_of_that_level() {
        ExplorerPostings postings = open();
        List<Entry> large = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            large.add(entry("Kkey/" + (i % 500), 1, i, 0));
        }
        append(postings, transactions, large, 1); // a catch-up's batch
        Run first = postings.runs().get(0);
        assertThat(first.level()).isEqualTo(2).isEqualTo(ExplorerPostings.level(20_000));

        for (int block = 2; block < 2 + ExplorerPostings.FANOUT; block++) {
            append(postings, transactions, List.of(entry("Kkey/1", block, 0, 0), entry("Tid", block, 0, 0)), block);
        }

        assertThat(postings.runs()).hasSize(2);
        assertThat(postings.runs().get(0)).isSameAs(first);
        assertThat(postings.runs().get(1).entries()).isEqualTo(2L * ExplorerPostings.FANOUT);
        assertThat(postings.runs().get(1).level()).isZero();
        assertThat(postings.find("Kkey/1")).hasSize(40 + ExplorerPostings.FANOUT);
    }

    @Test
    void a_term_on_many_pages_of_one_run_is_found_whole() {
        ExplorerPostings postings = open();
        List<Entry> batch = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            batch.add(entry("Tbusy", 7, i, 0));
            batch.add(entry("Tbusy-not", 7, i, 0));
        }
        append(postings, transactions, batch, 7);

        assertThat(postings.runs().get(0).pages()).isGreaterThan(10);
        assertThat(postings.find("Tbusy")).hasSize(5000);
        assertThat(postings.find("Tbusy-not")).hasSize(5000);
    }

    @Test
    void an_exact_lookup_reads_only_the_runs_whose_filter_may_hold_its_key() {
        ExplorerPostings postings = open();
        // 7 level-0 runs with the same key range (a..z), each with its own keys in between.
        for (int block = 1; block < ExplorerPostings.FANOUT; block++) {
            List<Entry> batch = new ArrayList<>(List.of(entry("Ka", block, 0, 0), entry("Kz", block, 0, 0)));
            for (int i = 0; i < 200; i++) {
                batch.add(entry("Kk/" + block + "/" + i, block, 1, i));
            }
            append(postings, transactions, batch, block);
        }
        assertThat(postings.runs()).hasSize(ExplorerPostings.FANOUT - 1);

        String key = "Kk/3/17";
        long hash = RunKeyFilter.hash(key);
        assertThat(postings.runs()).filteredOn(run -> run.mayContain(key, hash)).extracting(Run::firstBlock)
                .contains(3L).hasSizeLessThanOrEqualTo(2);
        assertThat(postings.find(key)).extracting(Entry::block).containsExactly(3L);
        assertThat(postings.find("Ka")).hasSize(ExplorerPostings.FANOUT - 1);
        assertThat(postings.runs()).noneMatch(run -> run.mayContain("K", RunKeyFilter.hash("K")))
                .noneMatch(run -> run.mayContain("Kzz", RunKeyFilter.hash("Kzz")));
    }

    @Test
    void runs_written_before_there_were_filters_are_read_whole_and_merged_into_runs_with_one() {
        ExplorerPostings postings = open();
        append(postings, transactions, List.of(entry("Kold", 1, 0, 0), entry("Told", 1, 0, 1)), 1);
        Run run = postings.runs().get(0);
        // The directory as a gateway before filters wrote it: without the filter at its end.
        byte[] directory = jdbc.queryForObject("SELECT directory FROM explorer_run WHERE id = ?", byte[].class,
                run.id());
        int filter = run.filter().encode().length;
        int trailer = filter + new ExplorerPostings.Bytes().varint(filter).size();
        jdbc.update("UPDATE explorer_run SET directory = ? WHERE id = ?",
                Arrays.copyOf(directory, directory.length - trailer), run.id());

        ExplorerPostings reopened = open();
        assertThat(reopened.runs().get(0).filter()).isNull();
        assertThat(reopened.runs().get(0).mayContain("Kother", RunKeyFilter.hash("Kother"))).isTrue();
        assertThat(reopened.find("Kold")).hasSize(1);

        for (int block = 2; block <= ExplorerPostings.FANOUT; block++) {
            append(reopened, transactions, List.of(entry("Kold", block, 0, 0)), block);
        }
        assertThat(reopened.runs()).singleElement().satisfies(merged -> {
            assertThat(merged.filter()).isNotNull();
            assertThat(merged.mayContain("Told", RunKeyFilter.hash("Told"))).isTrue();
        });
        assertThat(reopened.find("Kold")).hasSize(ExplorerPostings.FANOUT);
        assertThat(reopened.find("Told")).hasSize(1);
    }

    @Test
    void a_run_written_in_a_transaction_that_rolls_back_leaves_nothing() {
        ExplorerPostings postings = open();
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
            postings.write(List.of(entry("Kkey", 1, 0, 0)), 1, 1);
            throw new IllegalStateException("the block's rows failed");
        })).hasMessage("the block's rows failed");

        assertThat(postings.runs()).isEmpty();
        assertThat(postings.find("Kkey")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM explorer_run_page", Long.class)).isZero();
    }

    @Test
    void pages_that_no_run_owns_a_merge_cut_short_are_deleted_at_open() {
        ExplorerPostings postings = open();
        append(postings, transactions, List.of(entry("Kgone", 1, 0, 0)), 1);
        append(postings, transactions, List.of(entry("Kkey", 2, 0, 0)), 2);
        long gone = postings.runs().get(0).id();
        long kept = postings.runs().get(1).id();
        // A merge swapped out the first run's row but did not delete its pages; another wrote pages and no row.
        jdbc.update("DELETE FROM explorer_run WHERE id = ?", gone);
        jdbc.update("INSERT INTO explorer_run_page (id, data) VALUES (?, ?)", (99L << 24) + 3, new byte[] {1});

        ExplorerPostings reopened = open();

        assertThat(jdbc.queryForList("SELECT id FROM explorer_run_page", Long.class)).containsExactly(kept << 24);
        assertThat(reopened.find("Kgone")).isEmpty();
        assertThat(reopened.find("Kkey")).hasSize(1);
        append(reopened, transactions, List.of(entry("Kkey", 3, 0, 0)), 3);
        assertThat(reopened.find("Kkey")).extracting(Entry::block).containsExactlyInAnyOrder(2L, 3L);
    }
}
