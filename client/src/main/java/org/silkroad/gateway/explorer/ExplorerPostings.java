package org.silkroad.gateway.explorer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The explorer's inverted index — from a key, a business identifier or a document hash to the transactions in which
 * it occurs — kept as sorted runs, not as a database row per occurrence.
 *
 * <p>Each batch of blocks the indexer stores adds one run, written in the same database transaction as the blocks:
 * the batch's postings sorted and packed into pages of about {@value #PAGE_BYTES} bytes (rows of
 * {@code explorer_run_page}), with the first entry of every page in the run's directory (its {@code explorer_run}
 * row). A posting costs the database a share of a page instead of a row, its index entries and their undo log —
 * what made the per-row layout cost ~1 ms of CPU per transaction. A run's level is its size: level 0 below
 * {@value #FANOUT}·{@value #LEVEL_BASE} entries, each level {@value #FANOUT} times the one before. When
 * {@value #FANOUT} runs of one level gather, they are merged into one (size-tiered, as in a log-structured merge
 * tree): a posting is rewritten about once per level (log<sub>{@value #FANOUT}</sub> of the postings), a catch-up's
 * large batches start at the level of their size instead of being merged with a busy chain's small ones. A run's
 * directory and the Bloom filter of its keys ({@link RunKeyFilter}) are kept in memory: an exact lookup reads one or
 * two pages of only the runs whose filter may hold its key, a prefix scan one or two pages of each run (at most
 * {@value #FANOUT}−1 per level) whose key range reaches the prefix.
 *
 * <p>Merges run on threads of their own, never on the indexer's: one for levels below {@value #LARGE_LEVEL}, which the
 * live chain needs every few seconds, one for the larger ones, which take seconds to minutes on a long chain (a level-3
 * merge of 480,000 postings took 1.5 s here, and each level is {@value #FANOUT} times the one before) and so would
 * otherwise hold up both the indexer and the small merges. Should merges fall behind (the database failing), the
 * indexer waits once level 0 holds {@value #MAX_LEVEL0_RUNS} runs, which bounds what a lookup reads.
 *
 * <p>A merge writes the new run's pages first, then, in one database transaction, its run row in place of the merged
 * runs' rows, then deletes their pages. Pages whose run has no row (a merge cut short by a crash, or finished but not
 * yet cleaned up) are deleted at {@link #open}. A lookup reads one list of runs from start to end, under the read
 * lock; the list is swapped under the write lock, so the merged runs' pages, deleted after the swap, are read by no
 * lookup.
 *
 * <p>The index is generic: an entry is a sort key (a one-letter kind, then the term), a transaction's position and
 * sequence number in it, and an opaque payload; {@link ExplorerStore} decides what the payloads hold.
 */
final class ExplorerPostings {

    private static final Logger log = LoggerFactory.getLogger(ExplorerPostings.class);
    static final int PAGE_BYTES = 8 * 1024;
    static final int FANOUT = 8;
    /** Level 0: runs of fewer than FANOUT·LEVEL_BASE entries; level n ≥ 1: FANOUT^n·BASE up to FANOUT^(n+1)·BASE. */
    static final int LEVEL_BASE = 256;
    /** A page's row ID is its run's ID shifted left by this, plus the page's number in the run. */
    private static final int PAGE_BITS = 24;
    /** Merges of runs of this level and above run on the large merges' thread. */
    static final int LARGE_LEVEL = 2;
    /** The indexer waits in {@link #publish} while level 0 holds this many runs. */
    static final int MAX_LEVEL0_RUNS = 4 * FANOUT;
    /** A merge looks whether the store is closing after this many entries. */
    private static final int CLOSE_CHECK_ENTRIES = 4096;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The live runs, oldest first; replaced (never changed in place) under the write lock. */
    private volatile List<Run> runs = List.of();
    private long nextRunId = 1;
    private final Lane small;
    private final Lane large;
    /** Notified after each merge and at close: what a publish waiting for level 0 to shrink waits on. */
    private final Object backlog = new Object();
    private volatile boolean closed;

    /** One posting. Entries sort by sort key, then block, transaction index and sequence number. */
    record Entry(String sortKey, long block, int tx, int seq, byte[] payload) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int c = sortKey.compareTo(other.sortKey);
            if (c != 0) {
                return c;
            }
            c = Long.compare(block, other.block);
            if (c != 0) {
                return c;
            }
            c = Integer.compare(tx, other.tx);
            return c != 0 ? c : Integer.compare(seq, other.seq);
        }
    }

    /**
     * A stored run: its pages' first sort keys, its last, and the filter of its keys (null for a run written before
     * runs had one: it may hold any key).
     */
    record Run(long id, long firstBlock, long lastBlock, long entries, String[] firstKeys, String lastKey,
               RunKeyFilter filter) {
        int pages() {
            return firstKeys.length;
        }

        /** False only if the run holds no entry whose sort key is the one {@code hash} was made of. */
        boolean mayContain(String sortKey, long hash) {
            return pages() > 0 && sortKey.compareTo(firstKeys[0]) >= 0 && sortKey.compareTo(lastKey) <= 0
                    && (filter == null || filter.mayContain(hash));
        }

        int level() {
            return ExplorerPostings.level(entries);
        }
    }

    /** Merges on two threads of its own (see the class comment); {@link #close} stops them. */
    ExplorerPostings(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this(jdbc, transactions, mergeThread("explorer-merge-small"), mergeThread("explorer-merge-large"));
    }

    /**
     * Merges of levels below {@value #LARGE_LEVEL} go to {@code smallMerges}, the others to {@code largeMerges};
     * {@code Runnable::run} for both merges within {@link #publish}, on the caller's thread.
     */
    ExplorerPostings(JdbcTemplate jdbc, TransactionTemplate transactions, Executor smallMerges,
                     Executor largeMerges) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.small = new Lane("small", smallMerges, level -> level < LARGE_LEVEL);
        this.large = new Lane("large", largeMerges, level -> level >= LARGE_LEVEL);
    }

    /** One thread, started for a merge and ended after a minute without one. */
    private static ExecutorService mergeThread(String name) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, name);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Loads the runs' directories and deletes the pages no run owns. The tables must exist. */
    void open() {
        List<Run> loaded = jdbc.query("SELECT id, first_block, last_block, entries, directory FROM explorer_run "
                + "ORDER BY id", (rs, n) -> readRun(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                rs.getBytes(5)));
        // Pages whose run has no row lie between the live runs' page ranges: delete those ranges through the primary
        // key, rather than look at every page's ID.
        int orphans = 0;
        long from = 0;
        for (Run run : loaded) {
            orphans += jdbc.update("DELETE FROM explorer_run_page WHERE id >= ? AND id < ?", from,
                    run.id() << PAGE_BITS);
            from = (run.id() + 1) << PAGE_BITS;
        }
        orphans += jdbc.update("DELETE FROM explorer_run_page WHERE id >= ?", from);
        if (orphans > 0) {
            log.info("Explorer postings: deleted {} pages that no run owns (a merge cut short or not cleaned up)",
                    orphans);
        }
        lock.writeLock().lock();
        try {
            runs = List.copyOf(loaded);
        } finally {
            lock.writeLock().unlock();
        }
        if (!loaded.isEmpty()) {
            log.info("Explorer postings: {} runs, {} entries in {} pages; key filters {} KiB in memory ({} runs "
                            + "without one)", loaded.size(), loaded.stream().mapToLong(Run::entries).sum(),
                    loaded.stream().mapToLong(Run::pages).sum(),
                    loaded.stream().filter(r -> r.filter() != null).mapToLong(r -> r.filter().sizeBytes()).sum() / 1024,
                    loaded.stream().filter(r -> r.filter() == null).count());
        }
        synchronized (this) {
            nextRunId = loaded.stream().mapToLong(Run::id).max().orElse(0) + 1;
        }
    }

    /** The level of a run of {@code entries} entries. */
    static int level(long entries) {
        int level = 0;
        for (long bound = (long) FANOUT * LEVEL_BASE; entries >= bound && level < 30; bound *= FANOUT) {
            level++;
        }
        return level;
    }

    /**
     * Writes the entries as a new run, in the caller's database transaction. The run is not seen by lookups
     * until {@link #publish} is called after the transaction commits.
     *
     * @return the run, or null if there are no entries
     */
    Run write(List<Entry> entries, long firstBlock, long lastBlock) {
        if (entries.isEmpty()) {
            return null;
        }
        List<Entry> sorted = new ArrayList<>(entries);
        Collections.sort(sorted);
        RunWriter writer = new RunWriter(allocateRunId());
        sorted.forEach(writer::add);
        return writer.finish(firstBlock, lastBlock);
    }

    /**
     * Makes a committed run visible to lookups and has the runs merged while a level holds {@value #FANOUT} of them;
     * waits while level 0 holds {@value #MAX_LEVEL0_RUNS} runs (merges fell behind).
     */
    void publish(Run run) {
        if (run == null) {
            return;
        }
        lock.writeLock().lock();
        try {
            List<Run> next = new ArrayList<>(runs);
            next.add(run);
            runs = List.copyOf(next);
        } finally {
            lock.writeLock().unlock();
        }
        small.schedule();
        large.schedule();
        awaitLevel0Below(MAX_LEVEL0_RUNS);
    }

    private void awaitLevel0Below(int limit) {
        boolean logged = false;
        synchronized (backlog) {
            while (!closed && runs.stream().filter(r -> r.level() == 0).count() >= limit) {
                if (!logged) {
                    log.warn("Explorer postings: {} runs of level 0 wait for a merge; indexing waits for them", limit);
                    logged = true;
                }
                small.schedule(); // a merge that failed is tried again every second meanwhile
                try {
                    backlog.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Whether a merge is under way or due (tests and the replay benchmark wait until none is). */
    boolean mergesPending() {
        return small.busy() || large.busy() || pick(level -> true) != null;
    }

    /**
     * Stops the merges: none starts any more, one under way gives up at its next check (its transaction rolls back;
     * pages a crash leaves go at the next {@link #open}), and this waits up to {@code timeout} for the merge threads
     * to end. Never interrupts them (H2 closes its file when a thread that uses it is interrupted).
     */
    void close(Duration timeout) {
        closed = true;
        synchronized (backlog) {
            backlog.notifyAll();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Lane lane : List.of(small, large)) {
            lane.shutdown(Math.max(0, deadline - System.nanoTime()));
        }
    }

    private synchronized long allocateRunId() {
        if (nextRunId >= 1L << (63 - PAGE_BITS)) {
            throw new IllegalStateException("explorer postings: run IDs exhausted");
        }
        return nextRunId++;
    }

    /**
     * One thread's share of the merges: the levels it takes. Each level belongs to one lane, so two merges never take
     * the same run; a lane's merge that makes a run of the other lane's level schedules that lane.
     */
    private final class Lane {
        private final String name;
        private final Executor executor;
        private final IntPredicate levels;
        /** A task is queued and has not started: another schedule() need not queue one. */
        private final AtomicBoolean queued = new AtomicBoolean();
        private final AtomicInteger running = new AtomicInteger();

        Lane(String name, Executor executor, IntPredicate levels) {
            this.name = name;
            this.executor = executor;
            this.levels = levels;
        }

        void schedule() {
            if (closed || !queued.compareAndSet(false, true)) {
                return;
            }
            try {
                executor.execute(this::run);
            } catch (RejectedExecutionException e) { // closed meanwhile
                queued.set(false);
            }
        }

        private void run() {
            running.incrementAndGet();
            queued.set(false);
            int merges = 0;
            try {
                merges = compact(levels);
            } catch (MergeCancelled e) {
                log.info("Explorer postings: a {} merge stopped as the store closes", name);
            } catch (RuntimeException e) {
                log.warn("Explorer postings: a {} merge failed; it is tried again with the next batch", name, e);
            } finally {
                running.decrementAndGet();
                synchronized (backlog) {
                    backlog.notifyAll();
                }
            }
            if (merges > 0) {
                (this == small ? large : small).schedule();
            }
        }

        boolean busy() {
            return queued.get() || running.get() > 0;
        }

        void shutdown(long timeoutNanos) {
            if (executor instanceof ExecutorService service) {
                service.shutdown();
                try {
                    if (!service.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                        log.warn("Explorer postings: the {} merge thread did not stop in time", name);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** A merge given up because the store is closing. */
    private static final class MergeCancelled extends RuntimeException {
        MergeCancelled() {
            super(null, null, false, false);
        }
    }

    /**
     * Merges the oldest {@value #FANOUT} runs of the lowest of {@code levels} that has that many, until none has. The
     * merged run's level is that of its size: the same level again when the runs were small for theirs.
     *
     * @return how many merges it made
     */
    private int compact(IntPredicate levels) {
        int merges = 0;
        for (List<Run> inputs = pick(levels); inputs != null && !closed; inputs = pick(levels)) {
            merge(inputs);
            merges++;
        }
        return merges;
    }

    /** The oldest {@value #FANOUT} runs of the lowest of {@code levels} that has that many, or null. */
    private List<Run> pick(IntPredicate levels) {
        List<Run> current = runs;
        for (int level = 0; level < 64; level++) {
            if (!levels.test(level)) {
                continue;
            }
            int l = level;
            List<Run> atLevel = current.stream().filter(r -> r.level() == l).toList();
            if (atLevel.size() >= FANOUT) {
                return atLevel.subList(0, FANOUT);
            }
        }
        return null;
    }

    private void merge(List<Run> inputs) {
        long started = System.nanoTime();
        long firstBlock = inputs.stream().mapToLong(Run::firstBlock).min().orElseThrow();
        long lastBlock = inputs.stream().mapToLong(Run::lastBlock).max().orElseThrow();
        RunWriter writer = new RunWriter(allocateRunId());
        // 1. The new run's pages; no lookup sees them, and a crash leaves them to open()'s clean-up.
        transactions.executeWithoutResult(status -> {
            PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparing(Cursor::current));
            for (Run run : inputs) {
                Cursor cursor = new Cursor(run, null);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
            for (long n = 1; !queue.isEmpty(); n++) {
                if (n % CLOSE_CHECK_ENTRIES == 0 && closed) {
                    throw new MergeCancelled(); // the transaction rolls back: none of the new run's pages stays
                }
                Cursor cursor = queue.poll();
                writer.add(cursor.current());
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
        });
        // 2. The new run in place of the merged ones, in one database transaction.
        Run merged = transactions.execute(status -> {
            Run run = writer.finish(firstBlock, lastBlock);
            for (Run input : inputs) {
                jdbc.update("DELETE FROM explorer_run WHERE id = ?", input.id());
            }
            return run;
        });
        lock.writeLock().lock();
        try {
            List<Run> next = new ArrayList<>(runs);
            next.removeAll(inputs);
            next.add(merged);
            next.sort(Comparator.comparingLong(Run::id));
            runs = List.copyOf(next);
        } finally {
            lock.writeLock().unlock();
        }
        // 3. The merged runs' pages: no lookup can still be reading them (they took the read lock before the swap).
        for (Run input : inputs) {
            jdbc.update("DELETE FROM explorer_run_page WHERE id >= ? AND id < ?", input.id() << PAGE_BITS,
                    (input.id() + 1) << PAGE_BITS);
        }
        log.debug("Explorer postings: merged {} runs into run {} (level {}, {} entries, {} pages) in {} ms",
                inputs.size(), merged.id(), merged.level(), merged.entries(), merged.pages(),
                (System.nanoTime() - started) / 1_000_000);
    }

    // ---- lookups ------------------------------------------------------------------------------------------------

    /**
     * Every entry whose sort key is exactly {@code sortKey}, in no particular order. Reads only the runs whose key range
     * and filter may hold it.
     */
    List<Entry> find(String sortKey) {
        return find(sortKey, 0);
    }

    /** The entries of {@link #find(String)} in blocks from {@code fromBlock} on, and maybe some before. */
    List<Entry> find(String sortKey, long fromBlock) {
        List<Entry> out = new ArrayList<>();
        long hash = RunKeyFilter.hash(sortKey);
        visit(sortKey, run -> run.lastBlock() >= fromBlock && run.mayContain(sortKey, hash),
                () -> entry -> entry.sortKey().equals(sortKey) && out.add(entry));
        return out;
    }

    /**
     * Visits, run by run, the entries whose sort key is at least {@code from}, in order within each run, while the
     * run's visitor (a new one for each run, from {@code visitors}) answers true.
     */
    void scan(String from, Supplier<Predicate<Entry>> visitors) {
        visit(from, run -> run.lastKey().compareTo(from) >= 0, visitors);
    }

    private void visit(String from, Predicate<Run> read, Supplier<Predicate<Entry>> visitors) {
        lock.readLock().lock();
        try {
            for (Run run : runs) {
                if (!read.test(run)) {
                    continue;
                }
                Predicate<Entry> visitor = visitors.get();
                Cursor cursor = new Cursor(run, from);
                while (cursor.advance()) {
                    if (!visitor.test(cursor.current())) {
                        break;
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The live runs, oldest first (what the tests inspect). */
    List<Run> runs() {
        return runs;
    }

    // ---- runs and pages -----------------------------------------------------------------------------------------

    /** Reads a run's entries in order, page by page, from the first entry not below {@code from} (null: all). */
    private final class Cursor {
        private final Run run;
        private final String from;
        private int page;
        private Entry[] entries = new Entry[0];
        private int position;
        private Entry current;

        Cursor(Run run, String from) {
            this.run = run;
            this.from = from;
            // The last page whose first key is below `from`: entries equal to it may begin at the end of that page.
            this.page = from == null ? 0 : Math.max(0, lowerPage(run.firstKeys(), from));
        }

        Entry current() {
            return current;
        }

        boolean advance() {
            while (true) {
                if (position < entries.length) {
                    current = entries[position++];
                    if (from == null || current.sortKey().compareTo(from) >= 0) {
                        return true;
                    }
                    continue;
                }
                if (page >= run.pages()) {
                    current = null;
                    return false;
                }
                byte[] data = jdbc.queryForObject("SELECT data FROM explorer_run_page WHERE id = ?", byte[].class,
                        (run.id() << PAGE_BITS) + page);
                entries = decodePage(data);
                position = 0;
                page++;
            }
        }
    }

    /** The index of the last key strictly below {@code key}, or -1. */
    private static int lowerPage(String[] firstKeys, String key) {
        int lo = 0;
        int hi = firstKeys.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (firstKeys[mid].compareTo(key) < 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Packs entries, given in order, into pages, and the pages' first keys into the run's directory. */
    private final class RunWriter {
        private final long id;
        private final List<String> firstKeys = new ArrayList<>();
        private final Bytes page = new Bytes();
        private int pageEntries;
        private String previousKey = "";
        private String lastKey;
        private long count;
        /** The hashes of the distinct sort keys, for the run's filter. */
        private long[] keyHashes = new long[64];
        private int distinctKeys;

        RunWriter(long id) {
            this.id = id;
        }

        void add(Entry entry) {
            if (pageEntries == 0) {
                firstKeys.add(entry.sortKey());
                previousKey = "";
            }
            int shared = sharedPrefix(previousKey, entry.sortKey());
            page.varint(shared).string(entry.sortKey().substring(shared)).varlong(entry.block()).varint(entry.tx())
                    .varint(entry.seq()).bytes(entry.payload());
            if (!entry.sortKey().equals(lastKey)) {
                if (distinctKeys == keyHashes.length) {
                    keyHashes = Arrays.copyOf(keyHashes, distinctKeys * 2);
                }
                keyHashes[distinctKeys++] = RunKeyFilter.hash(entry.sortKey());
            }
            previousKey = entry.sortKey();
            lastKey = entry.sortKey();
            pageEntries++;
            count++;
            if (page.size() >= PAGE_BYTES) {
                flushPage();
            }
        }

        private void flushPage() {
            if (pageEntries == 0) {
                return;
            }
            if (firstKeys.size() > 1 << PAGE_BITS) { // the page's ID would be the next run's
                throw new IllegalStateException("explorer postings: a run of more than 2^" + PAGE_BITS + " pages");
            }
            Bytes framed = new Bytes().varint(pageEntries);
            framed.raw(page.toByteArray());
            jdbc.update("INSERT INTO explorer_run_page (id, data) VALUES (?, ?)",
                    (id << PAGE_BITS) + firstKeys.size() - 1, framed.toByteArray());
            page.reset();
            pageEntries = 0;
        }

        /** Writes the last page and the run's row. */
        Run finish(long firstBlock, long lastBlock) {
            flushPage();
            Run run = new Run(id, firstBlock, lastBlock, count, firstKeys.toArray(String[]::new),
                    lastKey == null ? "" : lastKey, RunKeyFilter.of(keyHashes, distinctKeys));
            jdbc.update("INSERT INTO explorer_run (id, first_block, last_block, entries, directory) "
                    + "VALUES (?, ?, ?, ?, ?)", run.id(), firstBlock, lastBlock, count, directory(run));
            return run;
        }
    }

    /** The pages' first keys, the last key, then the filter (absent from runs written before there were filters). */
    private static byte[] directory(Run run) {
        Bytes out = new Bytes().varint(run.pages());
        String previous = "";
        for (String key : run.firstKeys()) {
            int shared = sharedPrefix(previous, key);
            out.varint(shared).string(key.substring(shared));
            previous = key;
        }
        out.string(run.lastKey());
        if (run.filter() != null) {
            out.bytes(run.filter().encode());
        }
        return out.toByteArray();
    }

    private static Run readRun(long id, long firstBlock, long lastBlock, long entries, byte[] directory) {
        Reader in = new Reader(directory);
        String[] firstKeys = new String[in.varint()];
        String previous = "";
        for (int i = 0; i < firstKeys.length; i++) {
            int shared = in.varint();
            previous = previous.substring(0, shared) + in.string();
            firstKeys[i] = previous;
        }
        String lastKey = in.string();
        return new Run(id, firstBlock, lastBlock, entries, firstKeys, lastKey,
                in.hasRemaining() ? RunKeyFilter.decode(in.bytes()) : null);
    }

    private static Entry[] decodePage(byte[] data) {
        Reader in = new Reader(data);
        Entry[] entries = new Entry[in.varint()];
        String previous = "";
        for (int i = 0; i < entries.length; i++) {
            int shared = in.varint();
            String key = previous.substring(0, shared) + in.string();
            entries[i] = new Entry(key, in.varlong(), in.varint(), in.varint(), in.bytes());
            previous = key;
        }
        return entries;
    }

    /** How many leading chars two keys share, never ending between the two halves of a surrogate pair. */
    private static int sharedPrefix(String a, String b) {
        int n = Math.min(a.length(), b.length());
        int i = 0;
        while (i < n && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (i > 0 && Character.isHighSurrogate(a.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    // ---- encoding -----------------------------------------------------------------------------------------------

    /** A growing byte buffer with variable-length integers and length-prefixed UTF-8 strings. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Bytes varint(int value) {
            return varlong(value & 0xFFFFFFFFL);
        }

        Bytes varlong(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
            return this;
        }

        Bytes string(String value) {
            return bytes(value.getBytes(StandardCharsets.UTF_8));
        }

        /** A string that may be null: its length plus one, 0 for null. */
        Bytes nullable(String value) {
            if (value == null) {
                return varint(0);
            }
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            varint(utf8.length + 1);
            out.writeBytes(utf8);
            return this;
        }

        Bytes bytes(byte[] value) {
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        Bytes raw(byte[] value) {
            out.writeBytes(value);
            return this;
        }

        Bytes flag(boolean... bits) {
            int v = 0;
            for (int i = 0; i < bits.length; i++) {
                v |= bits[i] ? 1 << i : 0;
            }
            out.write(v);
            return this;
        }

        int size() {
            return out.size();
        }

        void reset() {
            out.reset();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }

    /** Reads what {@link Bytes} wrote. */
    static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        int varint() {
            return (int) varlong();
        }

        long varlong() {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = data[position++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
        }

        String string() {
            int length = varint();
            String s = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        String nullable() {
            int length = varint() - 1;
            if (length < 0) {
                return null;
            }
            String s = new String(data, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }

        byte[] bytes() {
            int length = varint();
            byte[] b = Arrays.copyOfRange(data, position, position + length);
            position += length;
            return b;
        }

        int flags() {
            return data[position++] & 0xFF;
        }

        boolean hasRemaining() {
            return position < data.length;
        }
    }
}
