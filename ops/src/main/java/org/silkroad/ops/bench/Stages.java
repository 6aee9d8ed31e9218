package org.silkroad.ops.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the latency of a run's committed transactions went, on a path that can tell (the direct one), and the blocks
 * they were committed in. In a closed loop of C workers the rate is C over the mean latency, and the latency is the
 * endorsement, then the wait for the orderers to cut a block (a block that is not full is cut when the batch timeout
 * runs out), then consensus and the peer's commit: a transaction that reaches the orderers just after a cut waits for
 * the next one. Transactions per block say how many of the C in flight made each block.
 *
 * @param endorse      building the proposal → holding the endorsed transaction
 * @param afterEndorse endorsed → commit status: submitting to the orderers, the block, consensus, the peer's commit
 * @param blocks       distinct blocks the timed transactions are in
 * @param firstBlock   the lowest of them
 * @param lastBlock    the highest of them
 */
record Stages(LatencyRecorder.Summary endorse, LatencyRecorder.Summary afterEndorse, int blocks, long firstBlock,
              long lastBlock) {

    /** Timed transactions per block they are in. */
    double perBlock() {
        return blocks == 0 ? Double.NaN : (double) endorse.count() / blocks;
    }

    /** Milliseconds per block over a run of {@code seconds}: every block from the first to the last counts. */
    double msPerBlock(double seconds) {
        return blocks == 0 ? Double.NaN : seconds * 1000 / (lastBlock - firstBlock + 1);
    }

    /** Collects the stages of committed attempts; safe for concurrent {@link #record}. */
    static final class Recorder {
        private final LatencyRecorder endorse = new LatencyRecorder();
        private final LatencyRecorder afterEndorse = new LatencyRecorder();
        private final Set<Long> blocks = ConcurrentHashMap.newKeySet();

        /** Records a committed attempt that knows its endorsement time and block; ignores any other. */
        void record(LoadDriver.Attempt attempt) {
            if (attempt.kind() != LoadDriver.Attempt.Kind.COMMITTED || attempt.endorseNanos() < 0
                    || attempt.block() < 0) {
                return;
            }
            endorse.record(attempt.endorseNanos());
            afterEndorse.record(Math.max(0, attempt.latencyNanos() - attempt.endorseNanos()));
            blocks.add(attempt.block());
        }

        /** The stages so far; null when no attempt could be timed (e.g. the REST path). */
        Stages stages() {
            if (endorse.count() == 0) {
                return null;
            }
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (long block : blocks) {
                first = Math.min(first, block);
                last = Math.max(last, block);
            }
            return new Stages(endorse.summary(), afterEndorse.summary(), blocks.size(), first, last);
        }
    }
}
