package org.silkroad.ops.faults;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * A kind of business traffic the fault suite keeps running through the REST gateways while it kills, stops and
 * restarts nodes, and the invariants that traffic must satisfy afterwards.
 *
 * <p><b>Extension point.</b> Payments ({@link PaymentWorkload}) and escrow settlements ({@link EscrowWorkload})
 * implement it. A new contract's traffic (trade documents, say) is one more class implementing this interface, added to
 * the list in {@link FaultsCommand#workloads}; the runner, the fault schedule, the per-phase figures and the generic
 * checks (every acknowledged transaction valid on every peer, same block hash everywhere) then apply to it unchanged.
 */
interface FaultWorkload {

    /** Short name for the tables ({@code payments}). */
    String name();

    /** Brings the ledger to where the load can start; safe to run again. Progress lines go to {@code progress}. */
    void prepare(PrintStream progress) throws InterruptedException;

    /**
     * The labels this load's outcomes carry ({@link Outcome#step}), in the order the per-phase figures print their
     * acknowledged-per-second rates ({@code payments}; {@code escrows created}, {@code escrows settled}).
     */
    List<String> steps();

    /** How many workers this load wants (each runs {@link #step} in a loop on its own thread). */
    int workers();

    /**
     * One request by one worker, with a fresh request ID. Never throws for what the ledger or the gateway answered:
     * the outcome says it. The workload remembers acknowledged and ambiguous requests for {@link #verify}.
     */
    Outcome step(int worker) throws InterruptedException;

    /** Transaction IDs of every request the gateway acknowledged (2xx), for the committed-on-every-peer check. */
    Set<String> acknowledgedTransactions();

    /**
     * After the faults are healed and the load has stopped: retries every ambiguous request with its own request ID
     * until it has a definite outcome, then checks this workload's invariants on every state's peer.
     */
    List<CheckResult> verify(PrintStream progress) throws InterruptedException;

    /**
     * What one request came to.
     *
     * @param retryAfter       the answer carried {@code Retry-After}
     * @param retryAfterMillis what it asked for (0 when absent or unreadable)
     * @param step             which of the load's {@link #steps} the request was
     */
    record Outcome(Kind kind, String code, String state, int httpStatus, boolean retryAfter, long retryAfterMillis,
                   long latencyNanos, String step) {

        enum Kind {
            /** 2xx: the gateway says it committed. */
            ACKNOWLEDGED,
            /** A definite refusal (a 4xx, retryable or not): it must have changed nothing. */
            REFUSED,
            /** No answer or a 5xx: it may or may not commit; retried at the end. */
            AMBIGUOUS
        }
    }
}
