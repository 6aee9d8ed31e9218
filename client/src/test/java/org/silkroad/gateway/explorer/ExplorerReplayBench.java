package org.silkroad.gateway.explorer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.h2.jdbcx.JdbcDataSource;
import org.hyperledger.fabric.protos.common.Block;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Benchmark of the explorer's indexing alone: replays the blocks of an existing explorer index into a new H2 file the
 * way the indexer stores them under load (a few blocks per database transaction: at ~80 payments per second the 1 s
 * batch window gathers about three blocks), and prints the process's CPU time per transaction (parsing and storing,
 * H2's own threads included; parsing alone beside it), the wall time and the size of the file written. The first tenth of the blocks warms the
 * JIT and is not counted. Then it times the explorer's lookups (history of a key, keys under a type, a business ID's
 * keys, transactions and events, a document hash) on samples of the replayed chain, and what reopening the postings
 * takes (a restarted gateway loads every run's directory and key filter). Not a test: a program that prints figures.
 *
 * <p>The source is a copy of a gateway's {@code <run>/<ST>/explorer/index.mv.db} (H2 lets a copy of a live file be
 * opened), e.g. after {@code ops bench}:
 * <pre>
 * cp .run/CN/explorer/index.mv.db /tmp/replay/index.mv.db
 * mvn -q -pl client -am test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt \
 *     -Dmdep.includeScope=test
 * java -cp "$(cat client/target/test-classpath.txt):client/target/classes:client/target/test-classes" \
 *     org.silkroad.gateway.explorer.ExplorerReplayBench /tmp/replay/index.mv.db [blocks per transaction, 3] \
 *     [JDBC URL suffix, e.g. ";COMPRESS=TRUE"] [inline]
 * </pre>
 *
 * <p>It also prints how long the indexer's batches took (p50, p99, max: a merge on the indexer's thread shows in the
 * max) and how long merges went on after the last batch; {@code inline} runs the merges on the indexer's thread, as
 * before they had threads of their own, for comparing the two.
 */
public final class ExplorerReplayBench {

    private ExplorerReplayBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: ExplorerReplayBench <source index.mv.db> [blocks per database transaction] "
                    + "[JDBC URL suffix] [inline]");
            System.exit(2);
        }
        Path source = Path.of(args[0]).toAbsolutePath();
        int perCommit = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String urlSuffix = args.length > 2 ? args[2] : "";
        boolean mergesInline = args.length > 3 && args[3].equals("inline");
        Path target = Files.createTempDirectory("explorer-replay");
        Path blocks = target.resolve("blocks.bin");
        int count = copyBlocks(source, blocks);
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + target.resolve("index") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1" + urlSuffix);
        JsonMapper json = JsonMapper.builder().build();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        ExplorerStore store = mergesInline ? new ExplorerStore(jdbc, tx, json, Runnable::run, Runnable::run)
                : new ExplorerStore(jdbc, tx, json);
        store.createSchema();
        BlockParser parser = new BlockParser(json);

        // The first tenth warms the JIT and is not counted.
        int warm = count / 10;
        long transactions = 0;
        long parseCpu = 0;
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = 0;
        long wallStart = 0;
        Samples samples = new Samples();
        List<Long> saves = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(blocks), 1 << 20))) {
            for (int i = 0; i < count; i += perCommit) {
                if (i >= warm && cpuStart == 0) {
                    cpuStart = processCpuNanos();
                    wallStart = System.nanoTime();
                }
                List<ExplorerStore.BlockRows> rows = new ArrayList<>();
                for (int j = i; j < Math.min(count, i + perCommit); j++) {
                    byte[] bytes = new byte[in.readInt()];
                    in.readFully(bytes);
                    long before = threads.getCurrentThreadCpuTime();
                    Block block = Block.parseFrom(bytes);
                    ParsedBlock parsed = parser.parse(block);
                    if (cpuStart != 0) {
                        parseCpu += threads.getCurrentThreadCpuTime() - before;
                    }
                    rows.add(new ExplorerStore.BlockRows(parsed, block.getHeader().toByteArray(), bytes));
                    if (cpuStart != 0) {
                        transactions += parsed.transactions().size();
                    }
                    samples.add(parsed);
                }
                long saveStart = System.nanoTime();
                store.saveAll(rows);
                if (cpuStart != 0) {
                    saves.add(System.nanoTime() - saveStart);
                }
            }
        }
        long wall = System.nanoTime() - wallStart;
        // Merges still under way on their threads belong to the indexing's cost, and would slow the lookups.
        long drainStart = System.nanoTime();
        while (store.mergesPending()) {
            Thread.sleep(5);
        }
        long drain = System.nanoTime() - drainStart;
        long cpu = processCpuNanos() - cpuStart;
        String queries = samples.time(store);
        // What a gateway restarted on this index loads: every run's directory and key filter (its log line says how
        // many and how large).
        long openStart = System.nanoTime();
        new ExplorerPostings(jdbc, tx).open();
        long openNanos = System.nanoTime() - openStart;
        store.close();
        jdbc.execute("SHUTDOWN");
        long bytes = Files.size(target.resolve("index.mv.db"));
        System.out.printf(Locale.ROOT, "blocks %d (%d per database transaction), counted %d transactions%n",
                count, perCommit, transactions);
        System.out.printf(Locale.ROOT, "cpu %.3f ms per transaction (parsing %.3f), wall %.3f ms per transaction, "
                        + "file %.1f MiB (%.1f KiB per transaction)%n", cpu / 1e6 / transactions,
                parseCpu / 1e6 / transactions, wall / 1e6 / transactions,
                bytes / 1048576.0, bytes / 1024.0 / Math.max(1, transactions + warm));
        Collections.sort(saves);
        System.out.printf(Locale.ROOT, "merges %s; the indexer's batches (saveAll) p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "merges still under way when the last batch was stored: %.0f ms more%n",
                mergesInline ? "inline (on the indexer's thread)" : "on threads of their own",
                saves.get(saves.size() / 2) / 1e6, saves.get(saves.size() * 99 / 100) / 1e6,
                saves.get(saves.size() - 1) / 1e6, drain / 1e6);
        System.out.print(queries);
        System.out.printf(Locale.ROOT, "reopening the postings (directories and key filters): %.0f ms%n",
                openNanos / 1e6);
        deleteTree(target);
    }

    /**
     * Keys, business IDs and document hashes of every 50th transaction that has them, to time the explorer's lookups on
     * the replayed index: what a court's search, entity page and document check ask of it.
     */
    private static final class Samples {
        private final List<String> keys = new ArrayList<>();
        private final List<String> terms = new ArrayList<>();
        private final List<String> hashes = new ArrayList<>();
        private int seen;

        void add(ParsedBlock block) {
            for (ParsedBlock.ParsedTransaction tx : block.transactions()) {
                if (seen++ % 50 != 0) {
                    continue;
                }
                tx.writes().stream().findFirst().ifPresent(w -> keys.add(w.key()));
                tx.terms().stream().findFirst().ifPresent(t -> terms.add(t.term()));
                tx.hashes().stream().findFirst().ifPresent(h -> hashes.add(h.sha256()));
            }
        }

        /** Runs each lookup over the samples twice (the first pass warms up) and prints the second's percentiles. */
        String time(ExplorerStore store) {
            StringBuilder out = new StringBuilder();
            for (int pass = 0; pass < 2; pass++) {
                out.setLength(0);
                out.append(percentiles("history(key)", keys, k -> store.history(k, 10_000).size()));
                out.append(percentiles("keysLike(key's type)", keys,
                        k -> store.keysLike(k.contains("/") ? k.substring(0, k.indexOf('/')) : k, 50).size()));
                out.append(percentiles("termKeys(id)", terms, t -> store.termKeys(t, 50).size()));
                out.append(percentiles("transactionsWithTerm(id)", terms,
                        t -> store.transactionsWithTerm(t, 50).size()));
                out.append(percentiles("termEvents(id)", terms, t -> store.termEvents(t, 50).size()));
                out.append(percentiles("documentHashes(sha)", hashes, h -> store.documentHashes(h).size()));
            }
            return out.toString();
        }

        private static String percentiles(String name, List<String> args,
                                          java.util.function.ToIntFunction<String> query) {
            if (args.isEmpty()) {
                return String.format(Locale.ROOT, "%-26s no samples%n", name);
            }
            long[] nanos = new long[args.size()];
            long rows = 0;
            for (int i = 0; i < args.size(); i++) {
                long start = System.nanoTime();
                rows += query.applyAsInt(args.get(i));
                nanos[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(nanos);
            return String.format(Locale.ROOT, "%-26s %5d lookups, %7.1f rows each, p50 %7.3f ms, p99 %7.3f ms, "
                            + "max %7.3f ms%n", name, args.size(), (double) rows / args.size(),
                    nanos[args.size() / 2] / 1e6, nanos[(int) Math.min(args.size() - 1, args.size() * 0.99)] / 1e6,
                    nanos[args.size() - 1] / 1e6);
        }
    }

    /**
     * Copies the source's raw blocks, in order, to a file of (length, bytes) records, so that the replay streams them
     * instead of holding them all on the heap (which would distort the collector's work under a gateway-sized heap).
     *
     * @return how many blocks
     */
    private static int copyBlocks(Path indexFile, Path out) throws SQLException, IOException {
        String base = indexFile.toString().replaceFirst("\\.mv\\.db$", "");
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + base + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;ACCESS_MODE_DATA=r");
        int count = 0;
        try (Connection c = ds.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT raw FROM explorer_block ORDER BY number");
             ResultSet r = s.executeQuery();
             DataOutputStream o = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 20))) {
            while (r.next()) {
                byte[] raw = r.getBytes(1);
                o.writeInt(raw.length);
                o.write(raw);
                count++;
            }
        }
        return count;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
