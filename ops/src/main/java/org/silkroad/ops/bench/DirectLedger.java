package org.silkroad.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.silkroad.fabric.CommitStatuses;
import org.silkroad.fabric.CommitWatch;
import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.ProbeIdentity;

/**
 * One state's peer through the Fabric Gateway Java client, each transaction signed by the named identity's own key:
 * one TLS gRPC channel shared by every identity (as the REST gateway does), one {@link Gateway} per identity. Commits
 * are learnt as the REST gateway learns them: from one stream of filtered blocks once {@link #watchCommits} started
 * it, otherwise by a commit-status request per transaction.
 */
final class DirectLedger implements AutoCloseable {

    /** How far a failed transaction got, which says whether its inputs may have been spent. */
    enum Stage {
        /** Refused before ordering (by the chaincode or an endorser): nothing was written. */
        ENDORSE,
        /** Handing it to the orderers failed: it may or may not be ordered. */
        SUBMIT,
        /** Ordered, but its commit status did not arrive in time: it may or may not be valid. */
        COMMIT_STATUS,
        /** Ordered and committed invalid (e.g. MVCC_READ_CONFLICT): nothing was written. */
        INVALID
    }

    /**
     * What a submit came to; {@code latencyNanos} runs from building the proposal to the commit status.
     *
     * @param stage null when committed
     * @param code  null when committed; else the validation code, chaincode code or step and gRPC status
     * @param endorseNanos from building the proposal to holding the endorsed transaction; -1 when it was not endorsed
     * @param block the block it was committed in (valid or not); -1 when not known
     */
    record Outcome(boolean committed, Stage stage, String code, String detail, String txId, byte[] result,
                   long latencyNanos, long endorseNanos, long block) {

        Outcome(boolean committed, Stage stage, String code, String detail, String txId, byte[] result,
                long latencyNanos) {
            this(committed, stage, code, detail, txId, result, latencyNanos, -1, -1);
        }

        /** What the load driver counts: committed with its timing, or failed with its code. */
        LoadDriver.Attempt attempt() {
            return committed ? LoadDriver.Attempt.committed(latencyNanos, endorseNanos, block)
                    : LoadDriver.Attempt.failed(code, latencyNanos);
        }

        String resultText() {
            return result == null ? "" : new String(result, StandardCharsets.UTF_8);
        }
    }

    /** A query failed; {@link #code()} as in the failure counts. */
    static final class QueryFailed extends Exception {
        private final String code;

        QueryFailed(String code, String message, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    private static final long ENDORSE_SECONDS = 30;
    private static final long SUBMIT_SECONDS = 10;
    private static final Duration COMMIT_STATUS = Duration.ofSeconds(60);
    private static final long EVALUATE_SECONDS = 30;
    private static final Duration UNCONFIRMED_SUBMIT = Duration.ofSeconds(5);

    private final AtomicLong committedAfterUnconfirmedSubmit = new AtomicLong();
    private final AtomicLong commitsStreamed = new AtomicLong();
    private final AtomicLong commitsAsked = new AtomicLong();

    private final NetworkDescription.State state;
    private final String channel;
    private final String chaincode;
    private final ManagedChannel grpc;
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();
    private volatile CommitWatch commits = CommitWatch.off();

    private DirectLedger(NetworkDescription.State state, String channel, String chaincode, ManagedChannel grpc) {
        this.state = state;
        this.channel = channel;
        this.chaincode = chaincode;
        this.grpc = grpc;
    }

    /** Opens (lazily) a TLS channel to the state's peer. */
    static DirectLedger connect(NetworkDescription.State state, String channel, String chaincode) {
        Objects.requireNonNull(state, "state");
        NetworkDescription.Peer peer = state.peer();
        ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder().trustManager(peer.tlsCaCert().toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new OpsException("cannot read the peer's TLS CA certificate " + peer.tlsCaCert() + ": "
                    + e.getMessage(), e);
        }
        ManagedChannel grpc = Grpc.newChannelBuilder(peer.endpoint(), tls).overrideAuthority(peer.hostAlias())
                .maxInboundMessageSize(64 * 1024 * 1024).build();
        return new DirectLedger(state, Objects.requireNonNull(channel, "channel"),
                Objects.requireNonNull(chaincode, "chaincode"), grpc);
    }

    /**
     * Loads an identity of the state ({@code <identitiesDir>/<name>/cert.pem, key.pem}) for later calls.
     *
     * @throws OpsException if it cannot be read
     */
    void addIdentity(String name) {
        gateways.computeIfAbsent(name, n -> {
            ProbeIdentity identity = ProbeIdentity.load(state.mspId(), state.identityDir(n));
            return Gateway.newInstance()
                    .identity(identity.identity())
                    .signer(identity.signer())
                    .hash(Hash.SHA256)
                    .connection(grpc)
                    .evaluateOptions(o -> o.withDeadlineAfter(EVALUATE_SECONDS, TimeUnit.SECONDS))
                    .endorseOptions(o -> o.withDeadlineAfter(ENDORSE_SECONDS, TimeUnit.SECONDS))
                    .submitOptions(o -> o.withDeadlineAfter(SUBMIT_SECONDS, TimeUnit.SECONDS))
                    .commitStatusOptions(o -> o.withDeadlineAfter(COMMIT_STATUS.toSeconds(), TimeUnit.SECONDS))
                    .connect();
        });
    }

    /**
     * Learns commits from one stream of the channel's filtered blocks read as {@code identity} (added before). The
     * stream starts at the newest block the peer has committed ({@link CommitWatch#start}); until it has delivered
     * one, submits ask for their status.
     */
    void watchCommits(String identity) {
        Gateway gateway = gateways.get(identity);
        if (gateway == null) {
            throw new IllegalStateException("identity " + identity + " was not added");
        }
        CommitWatch previous = commits;
        commits = CommitWatch.start(gateway.getNetwork(channel), state.peer().endpoint() + " " + channel);
        previous.close();
    }

    String mspId() {
        return state.mspId();
    }

    /** Endorse, order, wait for the commit status. Never throws for a ledger outcome: failures are in the result. */
    Outcome submit(String identity, String contract, String transaction, String... arguments) {
        long start = System.nanoTime();
        Proposal proposal = contract(identity, contract).newProposal(transaction).addArguments(arguments).build();
        String txId = proposal.getTransactionId();
        Stage stage = Stage.ENDORSE;
        try {
            var endorsed = proposal.endorse();
            long endorseNanos = System.nanoTime() - start;
            stage = Stage.SUBMIT;
            Status status;
            try (CommitWatch.Expected expected = commits.expect(txId)) {
                try {
                    SubmittedTransaction submitted = endorsed.submitAsync();
                    stage = Stage.COMMIT_STATUS;
                    status = expected.status(submitted, COMMIT_STATUS);
                } catch (SubmitException e) {
                    status = committedAnyway(identity, expected, e);
                }
                (expected.streamed() ? commitsStreamed : commitsAsked).incrementAndGet();
            }
            long latency = System.nanoTime() - start;
            if (!status.isSuccessful()) {
                return new Outcome(false, Stage.INVALID, status.getCode().name(),
                        "invalidated in block " + status.getBlockNumber(), txId, null, latency, endorseNanos,
                        status.getBlockNumber());
            }
            return new Outcome(true, null, null, null, txId, endorsed.getResult(), latency, endorseNanos,
                    status.getBlockNumber());
        } catch (EndorseException | SubmitException | CommitStatusException e) {
            Stage failed = e instanceof EndorseException ? Stage.ENDORSE
                    : e instanceof SubmitException ? Stage.SUBMIT : Stage.COMMIT_STATUS;
            return failure(failed, e.getStatus(), e.getDetails(), txId, start);
        } catch (GatewayRuntimeException e) {
            return failure(stage, e.getStatus(), e.getDetails(), txId, start);
        }
    }

    /**
     * The commit status of a transaction whose submit the peer answered UNAVAILABLE or late, if it commits within
     * {@link #UNCONFIRMED_SUBMIT}; otherwise the submit's failure. With BFT ordering such a transaction is
     * often ordered all the same (see {@link CommitStatuses}); it counts as committed if valid (as invalidated if not),
     * and {@link #committedAfterUnconfirmedSubmit} says how many valid ones there were.
     */
    private Status committedAnyway(String identity, CommitWatch.Expected expected, SubmitException failure)
            throws SubmitException {
        Status status = CommitStatuses.committedAnyway(gateways.get(identity), channel, expected, failure,
                UNCONFIRMED_SUBMIT);
        if (status.isSuccessful()) {
            committedAfterUnconfirmedSubmit.incrementAndGet();
        }
        return status;
    }

    /** Commit statuses learnt so far from the filtered-block stream. */
    long commitsStreamed() {
        return commitsStreamed.get();
    }

    /** Commit statuses learnt so far by a commit-status request. */
    long commitsAsked() {
        return commitsAsked.get();
    }

    /** Submits the peer answered UNAVAILABLE or late whose transaction committed valid all the same, so far. */
    long committedAfterUnconfirmedSubmit() {
        return committedAfterUnconfirmedSubmit.get();
    }

    private static Outcome failure(Stage stage, io.grpc.Status status, java.util.List<ErrorDetail> details,
                                   String txId, long start) {
        return new Outcome(false, stage, FabricFailures.code(stage.name(), status, details),
                FabricFailures.describe(status, details), txId, null, System.nanoTime() - start);
    }

    /** Evaluates a query on the state's peer. */
    String evaluate(String identity, String contract, String transaction, String... arguments) throws QueryFailed {
        try {
            return new String(contract(identity, contract).evaluateTransaction(transaction, arguments),
                    StandardCharsets.UTF_8);
        } catch (GatewayException e) {
            throw new QueryFailed(FabricFailures.code("EVALUATE", e.getStatus(), e.getDetails()),
                    contract + ":" + transaction + " as " + identity + ": "
                            + FabricFailures.describe(e.getStatus(), e.getDetails()), e);
        } catch (GatewayRuntimeException e) {
            throw new QueryFailed(FabricFailures.code("EVALUATE", e.getStatus(), e.getDetails()),
                    contract + ":" + transaction + " as " + identity + ": "
                            + FabricFailures.describe(e.getStatus(), e.getDetails()), e);
        }
    }

    private Contract contract(String identity, String contract) {
        Gateway gateway = gateways.get(identity);
        if (gateway == null) {
            throw new IllegalStateException("identity " + identity + " was not added");
        }
        return gateway.getNetwork(channel).getContract(chaincode, contract);
    }

    @Override
    public void close() {
        commits.close();
        gateways.values().forEach(Gateway::close);
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
