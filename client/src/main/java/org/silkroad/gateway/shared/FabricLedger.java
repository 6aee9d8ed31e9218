package org.silkroad.gateway.shared;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import io.grpc.CallOptions;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.hyperledger.fabric.client.ChaincodeEventsRequest;
import org.hyperledger.fabric.client.Checkpoint;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.silkroad.fabric.CommitStatuses;
import org.silkroad.fabric.CommitWatch;
import org.silkroad.fabric.EcdsaSigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger through the state's peer, with the Fabric Gateway client.
 *
 * <p>One TLS gRPC channel to the peer is shared by all callers; each identity gets its own {@link Gateway} on that
 * channel (cheap: it holds the identity, the signer and call options), so every transaction is signed by the
 * caller's own key and the chaincode sees the caller's own certificate. Creating the channel does not connect: the
 * gateway starts while the peer is down, and calls fail with {@link LedgerException.Kind#UNAVAILABLE} until it is up.
 * A submit learns its commit from one stream of the channel's filtered blocks once {@link #watchCommits} started it
 * ({@link CommitWatch}), otherwise, and whenever that stream is down, by a commit-status request.
 */
public final class FabricLedger implements Ledger, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FabricLedger.class);

    private final ManagedChannel channel;
    private final FabricProperties properties;
    private final MeterRegistry meters;
    /** One Fabric Gateway client per identity (a re-keyed caller is a new identity, so it gets a client of its own). */
    private final ConcurrentMap<FabricIdentity, Gateway> gateways = new ConcurrentHashMap<>();
    private volatile CommitWatch commits = CommitWatch.off();

    private FabricLedger(ManagedChannel channel, FabricProperties properties, MeterRegistry meters) {
        this.channel = channel;
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Opens (lazily) the TLS channel to the peer.
     *
     * @throws IllegalStateException if the TLS CA certificate cannot be read
     */
    public static FabricLedger connect(FabricProperties properties, MeterRegistry meters) {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(meters, "meters");
        ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder().trustManager(properties.tlsCaCert().toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read TLS CA certificate " + properties.tlsCaCert(), e);
        }
        ManagedChannel channel = Grpc.newChannelBuilder(properties.peerEndpoint(), tls)
                .overrideAuthority(properties.peerHostAlias())
                .build();
        log.info("Peer {} (TLS name {}), channel {}, chaincode {}", properties.peerEndpoint(),
                properties.peerHostAlias(), properties.channel(), properties.chaincode());
        return new FabricLedger(channel, properties, meters);
    }

    @Override
    public byte[] evaluate(FabricIdentity as, String contract, String transaction, Map<String, byte[]> transientData,
                           String... arguments) {
        return evaluate(as, properties.timeouts().evaluate(), transientData, contract, transaction, arguments);
    }

    /**
     * {@link #evaluate(FabricIdentity, String, String, String...)} with its own deadline, for callers such as the
     * health check that must answer sooner than a business request.
     */
    public byte[] evaluate(FabricIdentity as, Duration deadline, String contract, String transaction,
                           String... arguments) {
        return evaluate(as, deadline, Map.of(), contract, transaction, arguments);
    }

    private byte[] evaluate(FabricIdentity as, Duration deadline, Map<String, byte[]> transientData, String contract,
                            String transaction, String... arguments) {
        Objects.requireNonNull(deadline, "deadline");
        Proposal proposal = proposal(as, transientData, List.of(), contract, transaction, arguments);
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        // An evaluated proposal never reaches the ledger, so its transaction ID is not reported to the caller;
        // it is kept in the message (for the log) because the peer logs it too.
        String logId = "evaluate " + contract + ":" + transaction + " tx " + proposal.getTransactionId();
        try {
            return proposal.evaluate(deadline(deadline));
        } catch (GatewayException e) {
            LedgerException failure = translate(e.getStatus(), e.getDetails(), null, logId, e);
            outcome = outcome(failure);
            throw failure;
        } catch (GatewayRuntimeException e) {
            LedgerException failure = translate(e.getStatus(), e.getDetails(), null, logId, e);
            outcome = outcome(failure);
            throw failure;
        } finally {
            sample.stop(timer("evaluate", contract, transaction, outcome));
        }
    }

    @Override
    public Prepared prepare(FabricIdentity as, String contract, String transaction, Map<String, byte[]> transientData,
                            List<String> endorsingOrganizations, String... arguments) {
        Objects.requireNonNull(endorsingOrganizations, "endorsingOrganizations");
        Proposal proposal = proposal(as, transientData, endorsingOrganizations, contract, transaction, arguments);
        return new Prepared() {
            private final AtomicBoolean submitted = new AtomicBoolean();

            @Override
            public String transactionId() {
                return proposal.getTransactionId();
            }

            @Override
            public Committed submit() {
                if (!submitted.compareAndSet(false, true)) {
                    throw new IllegalStateException("transaction " + proposal.getTransactionId() + " already submitted");
                }
                return FabricLedger.this.submit(as, proposal, contract, transaction);
            }
        };
    }

    private Committed submit(FabricIdentity as, Proposal proposal, String contract, String transaction) {
        String transactionId = proposal.getTransactionId();
        String logId = "submit " + contract + ":" + transaction;
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        try {
            // Endorse, order and wait for the commit as separate steps: the commit status carries the block number,
            // and an invalidated transaction is reported with its validation code rather than as an exception.
            Transaction endorsed;
            try {
                endorsed = endorse(proposal);
            } catch (EndorseException e) {
                // Nothing was sent to the orderers: whatever went wrong, this transaction cannot commit.
                LedgerException failure =
                        translate(e.getStatus(), e.getDetails(), transactionId, logId, e).beforeOrdering();
                outcome = outcome(failure);
                throw failure;
            }
            Status status;
            try (CommitWatch.Expected expected = commits.expect(transactionId)) {
                try {
                    status = expected.status(endorsed.submitAsync(), properties.timeouts().commitStatus());
                } catch (SubmitException e) {
                    status = committedAnyway(as, expected, e);
                }
                meters.counter("silkroad.ledger.commits", "learnt", expected.streamed() ? "stream" : "request")
                        .increment();
            }
            if (!status.isSuccessful()) {
                LedgerException failure = LedgerException.commitFailed(
                        status.getCode().name(), status.getBlockNumber(), transactionId);
                outcome = outcome(failure);
                throw failure;
            }
            return new Committed(endorsed.getResult(), transactionId, status.getBlockNumber());
        } catch (GatewayException e) {
            LedgerException failure = translate(e.getStatus(), e.getDetails(), transactionId, logId, e);
            outcome = outcome(failure);
            throw failure;
        } catch (GatewayRuntimeException e) {
            LedgerException failure = translate(e.getStatus(), e.getDetails(), transactionId, logId, e);
            outcome = outcome(failure);
            throw failure;
        } finally {
            sample.stop(timer("submit", contract, transaction, outcome));
        }
    }

    /**
     * The commit status of a transaction whose hand-over to the orderers failed as unavailable or late
     * ({@link CommitStatuses}: with BFT such a transaction is often ordered all the same), when it commits within
     * {@code timeouts.unconfirmed-submit}; otherwise the failure, unchanged.
     */
    private Status committedAnyway(FabricIdentity as, CommitWatch.Expected expected, SubmitException failure)
            throws SubmitException {
        Status status = CommitStatuses.committedAnyway(gateway(as), properties.channel(), expected, failure,
                properties.timeouts().unconfirmedSubmit());
        log.info("tx {}: the orderers' answer was {} but it committed in block {} ({})", expected.transactionId(),
                failure.getStatus().getCode(), status.getBlockNumber(), status.getCode());
        return status;
    }

    /** How often a proposal is endorsed when the endorsers' results differ (see {@link #endorse}). */
    static final int ENDORSE_ATTEMPTS = 3;

    /**
     * Endorses, and endorses the same proposal again when the endorsers returned different results: they read the
     * ledger at different heights (one had not yet committed the newest block, e.g. right after a write to the same
     * key, or while a restarted peer catches up). Nothing was ordered, so this is safe; a moment later they agree.
     * Seen on the real network under parallel integration tests and the fault suite.
     */
    private static Transaction endorse(Proposal proposal) throws EndorseException {
        for (int attempt = 1; ; attempt++) {
            try {
                return proposal.endorse();
            } catch (EndorseException e) {
                if (attempt >= ENDORSE_ATTEMPTS || !endorsersDisagree(e.getStatus(), e.getDetails())) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    static boolean endorsersDisagree(io.grpc.Status status, List<ErrorDetail> details) {
        String mismatch = "ProposalResponsePayloads do not match";
        return status.getCode() == io.grpc.Status.Code.ABORTED
                && ((status.getDescription() != null && status.getDescription().contains(mismatch))
                || details.stream().anyMatch(detail -> detail.getMessage().contains(mismatch)));
    }

    /**
     * Learns the commits of submits from one stream of the channel's filtered blocks, read as {@code reader} (it must
     * satisfy the channel's Readers policy), instead of a signed commit-status request per transaction; see
     * {@link CommitWatch}. The stream starts now and reconnects by itself; until it delivers a block, and while it is
     * down, submits ask for their status.
     */
    public void watchCommits(FabricIdentity reader) {
        Objects.requireNonNull(reader, "reader");
        CommitWatch previous = commits;
        commits = CommitWatch.start(gateway(reader).getNetwork(properties.channel()),
                properties.peerEndpoint() + " " + properties.channel());
        previous.close();
    }

    /** Whether submits now learn their commits from the filtered-block stream. */
    public boolean watchingCommits() {
        return commits.live();
    }

    /**
     * Chaincode events through the peer's Gateway service, signed as {@code as}. There is no deadline: the stream
     * lives as long as its consumer; closing it cancels the gRPC call.
     */
    @Override
    public EventStream chaincodeEvents(FabricIdentity as, EventPosition from) {
        Objects.requireNonNull(as, "as");
        Objects.requireNonNull(from, "from");
        Network network = gateway(as).getNetwork(properties.channel());
        ChaincodeEventsRequest.Builder request = network.newChaincodeEventsRequest(properties.chaincode());
        if (from.afterTransactionId() != null) {
            request.checkpoint(new Checkpoint() {
                @Override
                public OptionalLong getBlockNumber() {
                    return OptionalLong.of(from.startBlock());
                }

                @Override
                public Optional<String> getTransactionId() {
                    return Optional.of(from.afterTransactionId());
                }
            });
        } else if (from.startBlock() != null) {
            request.startBlock(from.startBlock());
        }
        CloseableIterator<org.hyperledger.fabric.client.ChaincodeEvent> events = request.build().getEvents();
        return new FabricEventStream(events, "events as " + as.name() + " from " + from);
    }

    /**
     * Every block the state's peer commits, from {@code startBlock} on, with its full content (envelopes, metadata),
     * signed as {@code as}: the identity must satisfy the channel's Readers policy. There is no deadline; closing the
     * iterator cancels the gRPC call. Failures surface as {@link GatewayRuntimeException} from the iterator.
     */
    public CloseableIterator<org.hyperledger.fabric.protos.common.Block> blocks(FabricIdentity as, long startBlock) {
        Objects.requireNonNull(as, "as");
        return gateway(as).getNetwork(properties.channel()).newBlockEventsRequest().startBlock(startBlock).build()
                .getEvents();
    }

    /**
     * The channel's height (number of blocks) as the state's peer knows it, from the system chaincode {@code qscc}.
     *
     * @throws LedgerException if the peer cannot be reached or refuses the identity
     */
    public long chainHeight(FabricIdentity as) {
        Objects.requireNonNull(as, "as");
        Network network = gateway(as).getNetwork(properties.channel());
        try {
            byte[] info = network.getContract("qscc").evaluateTransaction("GetChainInfo", properties.channel());
            return org.hyperledger.fabric.protos.common.BlockchainInfo.parseFrom(info).getHeight();
        } catch (GatewayException e) {
            throw translate(e.getStatus(), e.getDetails(), null, "qscc GetChainInfo", e);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new LedgerException(LedgerException.Kind.FAILED, null, "qscc GetChainInfo: malformed answer", null, e);
        }
    }

    /**
     * The member states: the organisations of the channel's application group in its latest configuration, from the
     * system chaincode {@code cscc} (the identity must satisfy the channel's Readers policy), in MSP ID order.
     *
     * @throws LedgerException if the peer cannot be reached or refuses the identity
     */
    @Override
    public List<String> memberStates(FabricIdentity as) {
        Objects.requireNonNull(as, "as");
        Network network = gateway(as).getNetwork(properties.channel());
        try {
            byte[] config = network.getContract("cscc").evaluateTransaction("GetChannelConfig", properties.channel());
            org.hyperledger.fabric.protos.common.ConfigGroup application =
                    org.hyperledger.fabric.protos.common.Config.parseFrom(config).getChannelGroup().getGroupsMap()
                            .get("Application");
            if (application == null) {
                throw new LedgerException(LedgerException.Kind.FAILED, null,
                        "cscc GetChannelConfig: the channel has no application group", null, null);
            }
            return application.getGroupsMap().keySet().stream().sorted().toList();
        } catch (GatewayException e) {
            throw translate(e.getStatus(), e.getDetails(), null, "cscc GetChannelConfig", e);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new LedgerException(LedgerException.Kind.FAILED, null, "cscc GetChannelConfig: malformed answer",
                    null, e);
        }
    }

    /** Fabric's event iterator with failures translated, and quiet once closed by its consumer. */
    private static final class FabricEventStream implements EventStream {
        private final CloseableIterator<org.hyperledger.fabric.client.ChaincodeEvent> events;
        private final String context;
        private volatile boolean closed;

        FabricEventStream(CloseableIterator<org.hyperledger.fabric.client.ChaincodeEvent> events, String context) {
            this.events = events;
            this.context = context;
        }

        @Override
        public boolean hasNext() {
            if (closed) {
                return false;
            }
            try {
                return events.hasNext();
            } catch (GatewayRuntimeException e) {
                if (closed) {
                    return false;
                }
                throw translate(e.getStatus(), e.getDetails(), null, context, e);
            }
        }

        @Override
        public ChaincodeEvent next() {
            if (closed) {
                throw new NoSuchElementException("event stream closed");
            }
            try {
                org.hyperledger.fabric.client.ChaincodeEvent event = events.next();
                return new ChaincodeEvent(event.getBlockNumber(), event.getTransactionId(), event.getEventName(),
                        event.getPayload());
            } catch (GatewayRuntimeException e) {
                if (closed) {
                    throw new NoSuchElementException("event stream closed");
                }
                throw translate(e.getStatus(), e.getDetails(), null, context, e);
            }
        }

        @Override
        public void close() {
            closed = true;
            events.close();
        }
    }

    private Proposal proposal(FabricIdentity as, Map<String, byte[]> transientData, List<String> endorsingOrganizations,
                              String contract, String transaction, String... arguments) {
        Objects.requireNonNull(as, "as");
        Objects.requireNonNull(transientData, "transientData");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(transaction, "transaction");
        Contract target = gateway(as).getNetwork(properties.channel()).getContract(properties.chaincode(), contract);
        Proposal.Builder builder = target.newProposal(transaction).addArguments(arguments).putAllTransient(transientData);
        if (!endorsingOrganizations.isEmpty()) {
            builder.setEndorsingOrganizations(endorsingOrganizations.toArray(String[]::new));
        }
        return builder.build();
    }

    /** Drops the client of an identity the gateway no longer signs as (dropped or replaced in its directory). */
    public void forget(FabricIdentity identity) {
        Gateway gateway = gateways.remove(identity);
        if (gateway != null) {
            gateway.close();
        }
    }

    private Gateway gateway(FabricIdentity identity) {
        return gateways.computeIfAbsent(identity, this::connect);
    }

    private Gateway connect(FabricIdentity identity) {
        FabricProperties.Timeouts timeouts = properties.timeouts();
        return Gateway.newInstance()
                .identity(new X509Identity(identity.mspId(), identity.certificate()))
                .signer(EcdsaSigner.of(identity.privateKey()))
                .hash(Hash.SHA256)
                .connection(channel)
                .evaluateOptions(deadline(timeouts.evaluate()))
                .endorseOptions(deadline(timeouts.endorse()))
                .submitOptions(deadline(timeouts.submit()))
                .commitStatusOptions(deadline(timeouts.commitStatus()))
                .connect();
    }

    private static UnaryOperator<CallOptions> deadline(Duration timeout) {
        long millis = timeout.toMillis();
        return options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads a Fabric Gateway failure: a chaincode's coded refusal wins (in the status or any endorser's detail),
     * otherwise the gRPC status says whether the ledger was unreachable, slow, or refused the identity.
     */
    static LedgerException translate(io.grpc.Status status, List<ErrorDetail> details, String transactionId,
                                     String context, Throwable cause) {
        List<String> messages = new ArrayList<>();
        if (status.getDescription() != null) {
            messages.add(status.getDescription());
        }
        StringBuilder logText = new StringBuilder(context).append(": ").append(status.getCode().name());
        if (status.getDescription() != null) {
            logText.append(": ").append(status.getDescription());
        }
        for (ErrorDetail detail : details) {
            messages.add(detail.getMessage());
            logText.append("; [").append(detail.getMspId()).append(' ').append(detail.getAddress()).append("] ")
                    .append(detail.getMessage());
        }
        for (String message : messages) {
            var coded = ChaincodeError.parse(message);
            if (coded.isPresent()) {
                return LedgerException.rejected(coded.get().code(), coded.get().message(), transactionId);
            }
        }
        String text = logText.toString();
        if (messages.stream().anyMatch(ChaincodeError::isChaincodeResponse)) {
            return new LedgerException(LedgerException.Kind.CHAINCODE_FAILED, null, text, transactionId, cause);
        }
        if (status.getCode() == io.grpc.Status.Code.FAILED_PRECONDITION
                && text.contains("no combination of peers can be derived which satisfy the endorsement policy")) {
            // Too few endorsing peers reachable or known (down, or the gateway's own peer just restarted and has not
            // yet learnt the others through gossip): nothing was endorsed or ordered; it passes. Found by the fault
            // suite (ops faults), where it was a non-retryable 502.
            return new LedgerException(LedgerException.Kind.UNAVAILABLE, null, text, transactionId, cause);
        }
        if (status.getCode() == io.grpc.Status.Code.UNKNOWN && "channel closed".equals(status.getDescription())) {
            // The connection to the peer went away mid-call (the peer was killed): the transaction may or may not
            // have been submitted, exactly the case a retry with the same request ID resolves. Found by the fault
            // suite, where it was a non-retryable 502.
            return new LedgerException(LedgerException.Kind.UNAVAILABLE, null, text, transactionId, cause);
        }
        LedgerException.Kind kind = switch (status.getCode()) {
            case UNAVAILABLE -> LedgerException.Kind.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> LedgerException.Kind.TIMEOUT;
            case PERMISSION_DENIED, UNAUTHENTICATED -> LedgerException.Kind.ACCESS_DENIED;
            default -> text.toLowerCase(Locale.ROOT).contains("access denied")
                    ? LedgerException.Kind.ACCESS_DENIED
                    : LedgerException.Kind.FAILED;
        };
        return new LedgerException(kind, null, text, transactionId, cause);
    }

    private static String outcome(LedgerException failure) {
        return failure.code().orElse(failure.kind().name());
    }

    private Timer timer(String mode, String contract, String transaction, String outcome) {
        return Timer.builder("silkroad.ledger.calls")
                .description("Fabric calls made by the gateway")
                .tag("mode", mode)
                .tag("transaction", contract + ":" + transaction)
                .tag("outcome", outcome)
                .register(meters);
    }

    /** Closes every caller's gateway, then the channel to the peer. */
    @Override
    public void close() {
        commits.close();
        gateways.values().forEach(Gateway::close);
        gateways.clear();
        channel.shutdownNow();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("Channel to peer {} did not terminate within 5 s", properties.peerEndpoint());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
