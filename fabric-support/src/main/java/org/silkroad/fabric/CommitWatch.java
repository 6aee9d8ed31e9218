package org.silkroad.fabric;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.grpc.StatusRuntimeException;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Commit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.FilteredBlockEventsRequest;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The commits of this client's transactions, read from one stream of the peer's filtered blocks instead of one commit
 * status request per transaction.
 *
 * <p>The Fabric Gateway client learns a transaction's commit by a {@code CommitStatus} call that it signs and the peer
 * checks against the channel's ACL: one ECDSA signature and one verification per transaction, and a gRPC call. On the
 * local network that call was 6.4 % of the gateway peer's CPU under payments. A filtered block names every
 * transaction with its validation code, and the peer checks a stream's access once (again only when the channel's
 * configuration changes). The peer sends a block on a stream only once the block is committed to its state database
 * as well (its block iterator waits for the commit's lock), so a read after the commit seen here sees the
 * transaction's writes, as after {@code CommitStatus}.
 *
 * <p>A transaction is {@link #expect expected} before it is submitted. Its commit is then certainly in a block the
 * stream has not delivered yet, provided the stream was live (had delivered a block) and stays unbroken: after a
 * failure it resumes at the block after the last one it delivered. When the stream is not live, or breaks while a
 * transaction waits, the wait falls back to the commit-status request, so a broken stream costs speed, never an
 * answer. Nothing is lost if a watched transaction never commits: the wait ends at its deadline.
 */
public final class CommitWatch implements AutoCloseable {

    private static final System.Logger log = System.getLogger(CommitWatch.class.getName());

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    private static final Duration HEIGHT_DEADLINE = Duration.ofSeconds(10);

    /** Outcome of a watched transaction whose stream broke: ask for its status instead. */
    private static final Status LOST = new Seen("", -1, TxValidationCode.INVALID_OTHER_REASON);

    private final Network network;
    private final String name;
    private final Object lock = new Object();
    private final ConcurrentMap<String, CompletableFuture<Status>> waiting = new ConcurrentHashMap<>();
    private final Thread reader;

    /** Guarded by {@link #lock}: a block arrived on the current stream, so expected transactions will be seen. */
    private boolean live;
    private volatile boolean closed;
    private volatile CloseableIterator<FilteredBlock> current;
    private volatile long nextBlock = -1;

    private CommitWatch(Network network, String name, boolean watch) {
        this.network = network;
        this.name = name;
        this.reader = watch ? new Thread(this::read, "commit-watch " + name) : null;
        if (watch) {
            reader.setDaemon(true);
        }
    }

    /**
     * Starts watching the channel's blocks through the network's gateway (its identity must satisfy the channel's
     * Readers policy). The stream starts at the newest block the peer has committed ({@code qscc GetChainInfo}, the
     * same policy), which the peer sends at once, so the watch is live within a round trip even on an idle channel;
     * if the height cannot be read, it starts at the next block the peer commits and is live once that arrives.
     *
     * @param name for the reader thread and the log, e.g. the peer and channel
     */
    public static CommitWatch start(Network network, String name) {
        CommitWatch watch = new CommitWatch(Objects.requireNonNull(network, "network"),
                Objects.requireNonNull(name, "name"), true);
        watch.reader.start();
        return watch;
    }

    /** A watch that watches nothing: every wait asks for the commit status, as the Fabric Gateway client does. */
    public static CommitWatch off() {
        return new CommitWatch(null, "off", false);
    }

    /** Whether transactions expected now will be seen on the stream. */
    public boolean live() {
        synchronized (lock) {
            return live;
        }
    }

    /**
     * Expects a transaction that is about to be submitted; close what it returns once the wait is over (or the
     * submit failed before it).
     */
    public Expected expect(String transactionId) {
        Objects.requireNonNull(transactionId, "transactionId");
        synchronized (lock) {
            if (!live) {
                return new Expected(transactionId, null);
            }
            CompletableFuture<Status> seen = new CompletableFuture<>();
            if (waiting.putIfAbsent(transactionId, seen) != null) {
                // The same transaction expected twice at once: the second asks, leaving the first its entry.
                return new Expected(transactionId, null);
            }
            return new Expected(transactionId, seen);
        }
    }

    /** Transactions expected and not yet seen committed, nor given up. */
    public int waiting() {
        return waiting.size();
    }

    /** A transaction expected on the watch. */
    public final class Expected implements AutoCloseable {
        private final String transactionId;
        private final CompletableFuture<Status> seen;
        private volatile boolean streamed;

        private Expected(String transactionId, CompletableFuture<Status> seen) {
            this.transactionId = transactionId;
            this.seen = seen;
        }

        public String transactionId() {
            return transactionId;
        }

        /** Whether its commit is awaited on the stream (rather than asked for). */
        public boolean watched() {
            return seen != null;
        }

        /** Whether {@link #status} learnt the status from the stream (false: it asked, or has not answered). */
        public boolean streamed() {
            return streamed;
        }

        /**
         * Its commit status, from the stream when it is watched and the stream holds, otherwise asked with
         * {@code commit} (e.g. the {@code SubmittedTransaction}); either way within {@code timeout}.
         *
         * @throws CommitStatusException the status did not come within {@code timeout} (DEADLINE_EXCEEDED), or
         *     asking for it failed
         */
        public Status status(Commit commit, Duration timeout) throws CommitStatusException {
            long deadline = System.nanoTime() + timeout.toNanos();
            if (seen != null) {
                try {
                    Status status = seen.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                    if (status != LOST) {
                        streamed = true;
                        return status;
                    }
                } catch (TimeoutException e) {
                    throw new CommitStatusException(transactionId, new StatusRuntimeException(
                            io.grpc.Status.DEADLINE_EXCEEDED.withDescription(
                                    "no commit of " + transactionId + " seen in " + timeout.toMillis() + " ms")));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CommitStatusException(transactionId, new StatusRuntimeException(
                            io.grpc.Status.CANCELLED.withDescription("interrupted").withCause(e)));
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a commit future never fails", e);
                }
            }
            long left = Math.max(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1));
            return commit.getStatus(options -> options.withDeadlineAfter(left, TimeUnit.NANOSECONDS));
        }

        /** No longer expected (seen, given up, or never submitted). */
        @Override
        public void close() {
            if (seen != null) {
                waiting.remove(transactionId, seen);
            }
        }
    }

    private void read() {
        Duration retry = FIRST_RETRY;
        boolean reported = false;
        while (!closed) {
            boolean delivered = false;
            try {
                if (nextBlock < 0) {
                    nextBlock = newestBlock();
                }
                FilteredBlockEventsRequest.Builder request = network.newFilteredBlockEventsRequest();
                if (nextBlock >= 0) {
                    request.startBlock(nextBlock);
                }
                current = request.build().getEvents();
                if (closed) {
                    current.close();
                    break;
                }
                while (current.hasNext()) {
                    FilteredBlock block = current.next();
                    if (!delivered) {
                        delivered = true;
                        synchronized (lock) {
                            live = true;
                        }
                        retry = FIRST_RETRY;
                        if (reported) {
                            log.log(System.Logger.Level.INFO, "commit watch {0}: resumed at block {1}", name,
                                    block.getNumber());
                            reported = false;
                        }
                    }
                    seen(block);
                }
                if (!closed) {
                    lost("the peer ended the stream", reported);
                    reported = true;
                }
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                lost(e.toString(), reported);
                reported = true;
            }
            if (!closed) {
                try {
                    Thread.sleep(retry.toMillis());
                } catch (InterruptedException e) {
                    break;
                }
                retry = retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
            }
        }
        lost("closed", true);
    }

    /** The number of the newest block the peer has committed, or -1 if it cannot be read. */
    private long newestBlock() {
        try {
            byte[] info = network.getContract("qscc").newProposal("GetChainInfo").addArguments(network.getName())
                    .build().evaluate(options -> options.withDeadlineAfter(HEIGHT_DEADLINE.toMillis(),
                            TimeUnit.MILLISECONDS));
            return BlockchainInfo.parseFrom(info).getHeight() - 1;
        } catch (GatewayException | com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
            if (!closed) {
                log.log(System.Logger.Level.INFO, "commit watch {0}: cannot read the chain height ({1}); watching "
                        + "from the next block the peer commits", name, e.toString());
            }
            return -1;
        }
    }

    private void seen(FilteredBlock block) {
        long number = block.getNumber();
        if (!waiting.isEmpty()) {
            for (FilteredTransaction transaction : block.getFilteredTransactionsList()) {
                CompletableFuture<Status> seen = waiting.remove(transaction.getTxid());
                if (seen != null) {
                    seen.complete(new Seen(transaction.getTxid(), number, transaction.getTxValidationCode()));
                }
            }
        }
        nextBlock = number + 1;
    }

    /** Not live until a block arrives again; whoever waits asks for the status instead. */
    private void lost(String why, boolean quietly) {
        List<CompletableFuture<Status>> abandoned;
        synchronized (lock) {
            live = false;
            abandoned = new ArrayList<>(waiting.values());
            waiting.clear();
        }
        abandoned.forEach(seen -> seen.complete(LOST));
        if (!quietly) {
            log.log(System.Logger.Level.WARNING, "commit watch {0}: no stream{1} ({2}); {3} waiting transactions ask "
                    + "for their status; retrying", name, nextBlock < 0 ? "" : " after block " + (nextBlock - 1), why,
                    abandoned.size());
        }
    }

    /** Stops the stream; transactions still waiting ask for their status. */
    @Override
    public void close() {
        closed = true;
        if (reader == null) {
            return;
        }
        CloseableIterator<FilteredBlock> stream = current;
        if (stream != null) {
            stream.close();
        }
        reader.interrupt();
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Seen(String transactionId, long blockNumber, TxValidationCode code) implements Status {
        @Override
        public String getTransactionId() {
            return transactionId;
        }

        @Override
        public long getBlockNumber() {
            return blockNumber;
        }

        @Override
        public TxValidationCode getCode() {
            return code;
        }

        @Override
        public boolean isSuccessful() {
            return code == TxValidationCode.VALID;
        }
    }
}
