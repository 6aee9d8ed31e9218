package org.silkroad.gateway.explorer;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import org.hyperledger.fabric.protos.common.Block;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Follows the peer's blocks into the {@link ExplorerStore}, from the store's checkpoint on. On any failure (peer
 * down, stream cut) it waits, with back-off up to 30 s, and resumes from the checkpoint again, so a block is
 * neither missed nor stored twice. Runs on one daemon thread for the life of the gateway.
 */
final class BlockIndexer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BlockIndexer.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final BlockSource source;
    private final ExplorerStore store;
    private final BlockParser parser;
    private final AtomicReference<Progress> progress = new AtomicReference<>();
    private volatile Thread thread;
    private volatile boolean running;
    private volatile BlockSource.Blocks current;
    private boolean loggedCatchUp;

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
        this.source = source;
        this.store = store;
        this.parser = parser;
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
        log.info("Explorer indexer started at block {}", checkpoint);
    }

    @Override
    public void stop() {
        running = false;
        BlockSource.Blocks blocks = current;
        if (blocks != null) {
            blocks.close();
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
                long next = store.nextBlock();
                try (BlockSource.Blocks blocks = source.blocks(next)) {
                    current = blocks;
                    while (running && blocks.hasNext()) {
                        Block block = blocks.next();
                        index(block);
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

    private void index(Block block) {
        long expected = store.nextBlock();
        long number = block.getHeader().getNumber();
        if (number < expected) {
            return; // already indexed (a resumed stream may repeat the last block)
        }
        ParsedBlock parsed = parser.parse(block);
        boolean saved = store.save(parsed, block.getHeader().toByteArray(), block.toByteArray());
        long indexed = number + 1;
        int transactions = saved ? parsed.transactions().size() : 0;
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
