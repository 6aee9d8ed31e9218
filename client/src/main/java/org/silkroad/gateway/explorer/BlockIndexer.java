package org.silkroad.gateway.explorer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the peer's blocks into the {@link ExplorerStore}, from the store's checkpoint on. On any failure (peer
 * down, stream cut) it waits, with back-off up to 30 s, and resumes from the checkpoint again, so a block is
 * neither missed nor stored twice. Runs on one daemon thread for the life of the gateway.
 *
 * <p>Blocks that arrive within one {@code window} of each other are stored together, in one database transaction
 * (at most {@value #MAX_BATCH_BLOCKS} blocks or {@value #MAX_BATCH_BYTES} bytes): under load a block comes every
 * few hundred milliseconds, and each database commit, index page and file write is then paid once per window instead
 * of once per block. A second daemon thread stores what is waiting once the window has passed, so the index is never
 * more than a window (plus the time to store) behind the peer, even when the chain goes quiet. A zero window stores
 * every block as it comes.
 */
final class BlockIndexer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BlockIndexer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final int MAX_BATCH_BLOCKS = 100;
    static final int MAX_BATCH_BYTES = 16 * 1024 * 1024;

    private final BlockSource source;
    private final ExplorerStore store;
    private final BlockParser parser;
    private final Duration window;
    private final AtomicReference<Progress> progress = new AtomicReference<>();
    private volatile Thread thread;
    private volatile Thread flusher;
    private volatile boolean running;
    private volatile BlockSource.Blocks current;
    private boolean loggedCatchUp;

    /** Blocks received and not stored yet, consecutive, the oldest first; guarded by itself. */
    private final List<Block> pending = new ArrayList<>();
    private long pendingBytes;
    private long pendingSinceNanos;
    /** The number the next block must have: one past the last pending or stored block; -1 before the stream starts. */
    private long expected = -1;

    /**
     * What the indexer has done since the gateway started.
     *
     * @param startedAtBlock   the checkpoint found at start
     * @param indexedHeight    blocks in the index (the next block to index)
     * @param chainHeight      the channel's height when last asked, -1 before the first answer
     * @param caughtUpAt       when the index first reached the chain height seen at start, or null
     * @param catchUpMillis    how long that catch-up took, -1 before
     * @param transactionsIndexed transactions indexed since start
     * @param lastError        the last failure, or null once blocks flow again
     */
    record Progress(long startedAtBlock, Instant startedAt, long indexedHeight, long chainHeight, Instant caughtUpAt,
                    long catchUpMillis, long transactionsIndexed, String lastError) {
    }

    BlockIndexer(BlockSource source, ExplorerStore store, BlockParser parser) {
        this(source, store, parser, Duration.ZERO);
    }

    BlockIndexer(BlockSource source, ExplorerStore store, BlockParser parser, Duration window) {
        this.source = source;
        this.store = store;
        this.parser = parser;
        this.window = window.isNegative() ? Duration.ZERO : window;
    }

    Progress progress() {
        Progress p = progress.get();
        if (p == null) {
            long next = store.nextBlock();
            return new Progress(next, Instant.now(), next, -1, null, -1, 0, null);
        }
        return p;
    }

    @Override
    public void start() {
        long checkpoint = store.nextBlock();
        progress.set(new Progress(checkpoint, Instant.now(), checkpoint, -1, null, -1, 0, null));
        running = true;
        thread = new Thread(this::run, "explorer-indexer");
        thread.setDaemon(true);
        thread.start();
        if (!window.isZero()) {
            flusher = new Thread(this::flushWhenDue, "explorer-indexer-flush");
            flusher.setDaemon(true);
            flusher.start();
        }
        log.info("Explorer indexer started at block {}, storing {}", checkpoint, window.isZero() ? "each block as it comes"
                : "the blocks of each " + window.toMillis() + " ms together");
    }

    @Override
    public void stop() {
        running = false;
        BlockSource.Blocks blocks = current;
        if (blocks != null) {
            blocks.close();
        }
        for (Thread t : new Thread[] {thread, flusher}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try {
            flush(); // what arrived before the stop is stored, not fetched again at the next start
        } catch (RuntimeException e) {
            log.warn("Explorer indexer: the last blocks were not stored at stop ({}); the next start fetches them", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                refreshHeight();
                long next;
                synchronized (pending) {
                    pending.clear();
                    pendingBytes = 0;
                    next = store.nextBlock();
                    expected = next;
                }
                try (BlockSource.Blocks blocks = source.blocks(next)) {
                    current = blocks;
                    while (running && blocks.hasNext()) {
                        Block block = blocks.next();
                        receive(block);
                        backoff = Duration.ofSeconds(1);
                    }
                }
                if (running) {
                    // The peer ended the stream without an error (e.g. it is shutting down): reconnect, not at once.
                    sleep(backoff);
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                progress.updateAndGet(p -> withError(p, reason));
                log.warn("Explorer indexer: {}; resuming from the checkpoint in {} s", reason, backoff.toSeconds());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                current = null;
            }
        }
    }

    /** Takes a block from the stream: kept for the current window, or stored with the others when the window is over. */
    private void receive(Block block) {
        synchronized (pending) {
            long number = block.getHeader().getNumber();
            if (number < expected) {
                return; // already stored or waiting (a resumed stream may repeat the last block)
            }
            if (pending.isEmpty()) {
                pendingSinceNanos = System.nanoTime();
            }
            pending.add(block);
            pendingBytes += block.getSerializedSize();
            expected = number + 1;
            if (window.isZero() || pending.size() >= MAX_BATCH_BLOCKS || pendingBytes >= MAX_BATCH_BYTES
                    || System.nanoTime() - pendingSinceNanos >= window.toNanos()) {
                flush();
            }
        }
    }

    /** The flusher thread: stores what has waited a whole window, so a quiet chain is indexed too. */
    private void flushWhenDue() {
        while (running) {
            try {
                Thread.sleep(Math.max(1, window.toMillis() / 4));
            } catch (InterruptedException e) {
                return;
            }
            try {
                synchronized (pending) {
                    if (!pending.isEmpty() && System.nanoTime() - pendingSinceNanos >= window.toNanos()) {
                        flush();
                    }
                }
            } catch (RuntimeException e) {
                // The blocks are dropped from memory; closing the stream makes the indexer resume from the checkpoint.
                String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                progress.updateAndGet(p -> withError(p, reason));
                log.warn("Explorer indexer: {}; resuming from the checkpoint", reason);
                BlockSource.Blocks blocks = current;
                if (blocks != null) {
                    blocks.close();
                }
            }
        }
    }

    /** Parses and stores the waiting blocks in one database transaction. On failure nothing is stored or kept. */
    private void flush() {
        List<Block> blocks;
        synchronized (pending) {
            if (pending.isEmpty()) {
                return;
            }
            blocks = List.copyOf(pending);
            pending.clear();
            pendingBytes = 0;
            List<ExplorerStore.BlockRows> rows = new ArrayList<>(blocks.size());
            try {
                for (Block block : blocks) {
                    rows.add(new ExplorerStore.BlockRows(parser.parse(block), block.getHeader().toByteArray(),
                            block.toByteArray()));
                }
                store.saveAll(rows);
            } catch (RuntimeException e) {
                expected = Long.MAX_VALUE; // accept nothing more until the stream restarts from the checkpoint
                throw e;
            }
            for (ExplorerStore.BlockRows stored : rows) {
                indexed(stored.block());
            }
        }
    }

    private void indexed(ParsedBlock parsed) {
        long number = parsed.number();
        long indexed = number + 1;
        int transactions = parsed.transactions().size();
        Progress p = progress.updateAndGet(before -> {
            Instant caughtUpAt = before.caughtUpAt();
            long catchUpMillis = before.catchUpMillis();
            if (caughtUpAt == null && before.chainHeight() >= 0 && indexed >= before.chainHeight()) {
                caughtUpAt = Instant.now();
                catchUpMillis = Duration.between(before.startedAt(), caughtUpAt).toMillis();
            }
            return new Progress(before.startedAtBlock(), before.startedAt(), indexed,
                    Math.max(before.chainHeight(), indexed), caughtUpAt, catchUpMillis,
                    before.transactionsIndexed() + transactions, null);
        });
        if (p.caughtUpAt() != null && p.indexedHeight() == indexed && p.catchUpMillis() >= 0 && !loggedCatchUp) {
            loggedCatchUp = true;
            log.info("Explorer index caught up: blocks {}..{} ({} transactions) in {} ms", p.startedAtBlock(), number,
                    p.transactionsIndexed(), p.catchUpMillis());
        }
    }

    private void refreshHeight() {
        long height = source.height();
        progress.updateAndGet(p -> {
            Instant caughtUpAt = p.caughtUpAt();
            long catchUpMillis = p.catchUpMillis();
            if (caughtUpAt == null && p.indexedHeight() >= height) {
                caughtUpAt = Instant.now();
                catchUpMillis = Duration.between(p.startedAt(), caughtUpAt).toMillis();
            }
            return new Progress(p.startedAtBlock(), p.startedAt(), p.indexedHeight(), Math.max(height, p.chainHeight()),
                    caughtUpAt, catchUpMillis, p.transactionsIndexed(), p.lastError());
        });
    }

    /** Asks the source for the chain height again (the status endpoint calls this; the stream does not say). */
    void refreshHeightQuietly() {
        try {
            refreshHeight();
        } catch (RuntimeException e) {
            // The status shows the last known height; the indexer loop reports connection failures itself.
        }
    }

    private static Progress withError(Progress p, String reason) {
        return new Progress(p.startedAtBlock(), p.startedAt(), p.indexedHeight(), p.chainHeight(), p.caughtUpAt(),
                p.catchUpMillis(), p.transactionsIndexed(), reason);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
