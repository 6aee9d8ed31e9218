package org.silkroad.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.identity.Identity;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CommitWatch} against a peer's Deliver and Gateway services served in this process: which blocks it asks for,
 * what it answers from the stream, and when it asks for the commit status instead.
 */
class CommitWatchTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** What the fake peer does on the filtered-block stream, in order: send a block, or fail the stream. */
    private final BlockingQueue<Object> script = new LinkedBlockingQueue<>();
    private static final Object FAIL = new Object();
    /** The start block of each stream opened, -1 for the next block committed. */
    private final List<Long> streamsFrom = new CopyOnWriteArrayList<>();
    private final List<String> statusAsked = new CopyOnWriteArrayList<>();
    /** Evaluations asked for, as "chaincode function arguments...". */
    private final List<String> evaluated = new CopyOnWriteArrayList<>();
    /** The channel height the fake peer answers to qscc GetChainInfo; 0: it answers UNIMPLEMENTED. */
    private volatile long chainHeight;

    private Server server;
    private ManagedChannel channel;
    private Gateway gateway;
    private CommitWatch watch;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new DeliverGrpc.DeliverImplBase() {
                    @Override
                    public StreamObserver<Envelope> deliverFiltered(StreamObserver<DeliverResponse> response) {
                        return new StreamObserver<>() {
                            @Override
                            public void onNext(Envelope seek) {
                                streamsFrom.add(startOf(seek));
                                Thread server = new Thread(() -> serve(response), "fake deliver");
                                server.setDaemon(true);
                                server.start();
                            }

                            @Override
                            public void onError(Throwable t) {
                            }

                            @Override
                            public void onCompleted() {
                            }
                        };
                    }
                })
                .addService(new GatewayGrpc.GatewayImplBase() {
                    @Override
                    public void commitStatus(SignedCommitStatusRequest request,
                                             StreamObserver<CommitStatusResponse> response) {
                        String txId;
                        try {
                            txId = CommitStatusRequest.parseFrom(request.getRequest()).getTransactionId();
                        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                            throw new IllegalStateException(e);
                        }
                        statusAsked.add(txId);
                        response.onNext(CommitStatusResponse.newBuilder().setResult(TxValidationCode.VALID)
                                .setBlockNumber(99).build());
                        response.onCompleted();
                    }

                    @Override
                    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
                        evaluated.add(invocation(request));
                        if (chainHeight == 0) {
                            response.onError(io.grpc.Status.UNIMPLEMENTED.asException());
                            return;
                        }
                        response.onNext(EvaluateResponse.newBuilder().setResult(Response.newBuilder().setStatus(200)
                                .setPayload(BlockchainInfo.newBuilder().setHeight(chainHeight).build()
                                        .toByteString())).build());
                        response.onCompleted();
                    }
                })
                .build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        gateway = Gateway.newInstance()
                .identity(new Identity() {
                    @Override
                    public String getMspId() {
                        return "CNMSP";
                    }

                    @Override
                    public byte[] getCredentials() {
                        return "reader".getBytes(StandardCharsets.UTF_8);
                    }
                })
                .signer(digest -> new byte[] {1})
                .connection(channel)
                .connect();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (watch != null) {
            watch.close();
        }
        gateway.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private void serve(StreamObserver<DeliverResponse> response) {
        try {
            while (true) {
                Object next = script.take();
                if (next == FAIL) {
                    response.onError(io.grpc.Status.UNAVAILABLE.withDescription("peer restarting").asException());
                    return;
                }
                response.onNext(DeliverResponse.newBuilder().setFilteredBlock((FilteredBlock) next).build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException cancelled) {
            // the client closed the stream
        }
    }

    private static long startOf(Envelope seek) {
        try {
            SeekInfo info = SeekInfo.parseFrom(Payload.parseFrom(seek.getPayload()).getData());
            return info.getStart().hasSpecified() ? info.getStart().getSpecified().getNumber() : -1;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String invocation(EvaluateRequest request) {
        try {
            Proposal proposal = Proposal.parseFrom(request.getProposedTransaction().getProposalBytes());
            var spec = ChaincodeInvocationSpec.parseFrom(ChaincodeProposalPayload.parseFrom(proposal.getPayload())
                    .getInput()).getChaincodeSpec();
            StringBuilder text = new StringBuilder(spec.getChaincodeId().getName());
            spec.getInput().getArgsList().forEach(arg -> text.append(' ').append(arg.toStringUtf8()));
            return text.toString();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FilteredBlock block(long number, Object... txIdsAndCodes) {
        FilteredBlock.Builder block = FilteredBlock.newBuilder().setChannelId("silkroad").setNumber(number);
        for (int i = 0; i < txIdsAndCodes.length; i += 2) {
            block.addFilteredTransactions(FilteredTransaction.newBuilder().setTxid((String) txIdsAndCodes[i])
                    .setTxValidationCode((TxValidationCode) txIdsAndCodes[i + 1]));
        }
        return block.build();
    }

    /** The watch, started, once its stream has delivered block {@code first}. */
    private CommitWatch liveWatch(long first) throws InterruptedException {
        watch = CommitWatch.start(gateway.getNetwork("silkroad"), "test");
        script.add(block(first));
        awaitLive(true);
        return watch;
    }

    private void awaitLive(boolean live) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (watch.live() != live && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(watch.live()).as("live").isEqualTo(live);
    }

    @Test
    void starts_at_the_newest_committed_block_so_it_is_live_as_soon_as_the_peer_sends_that_block() throws Exception {
        chainHeight = 42; // blocks 0 to 41 committed; the channel is idle
        liveWatch(41);
        assertThat(evaluated).containsExactly("qscc GetChainInfo silkroad");
        assertThat(streamsFrom).containsExactly(41L);

        try (CommitWatch.Expected first = watch.expect("tx-first")) {
            assertThat(first.watched()).isTrue();
            script.add(block(42, "tx-first", TxValidationCode.VALID));
            assertThat(first.status(CommitStatuses.of(gateway, "silkroad", "tx-first"), WAIT).getBlockNumber())
                    .isEqualTo(42);
            assertThat(first.streamed()).isTrue();
        }
        assertThat(statusAsked).isEmpty();
    }

    @Test
    void answers_a_watched_transaction_from_its_block_without_asking() throws Exception {
        liveWatch(7);
        // This fake peer does not answer qscc: the stream starts at the next block committed ("newest" seek).
        assertThat(evaluated).containsExactly("qscc GetChainInfo silkroad");
        assertThat(streamsFrom).containsExactly(-1L);

        try (CommitWatch.Expected paid = watch.expect("tx-paid"); CommitWatch.Expected lost = watch.expect("tx-lost")) {
            assertThat(paid.watched()).isTrue();
            assertThat(watch.waiting()).isEqualTo(2);
            script.add(block(8, "tx-other", TxValidationCode.VALID, "tx-paid", TxValidationCode.VALID));
            script.add(block(9, "tx-lost", TxValidationCode.MVCC_READ_CONFLICT));

            Status status = paid.status(CommitStatuses.of(gateway, "silkroad", "tx-paid"), WAIT);
            assertThat(status.isSuccessful()).isTrue();
            assertThat(status.getBlockNumber()).isEqualTo(8);
            assertThat(status.getTransactionId()).isEqualTo("tx-paid");
            assertThat(paid.streamed()).isTrue();

            Status invalid = lost.status(CommitStatuses.of(gateway, "silkroad", "tx-lost"), WAIT);
            assertThat(invalid.isSuccessful()).isFalse();
            assertThat(invalid.getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(invalid.getBlockNumber()).isEqualTo(9);
        }
        assertThat(statusAsked).isEmpty();
        assertThat(watch.waiting()).isZero();
    }

    @Test
    void asks_for_the_status_until_the_stream_has_delivered_a_block() throws Exception {
        watch = CommitWatch.start(gateway.getNetwork("silkroad"), "test");

        try (CommitWatch.Expected early = watch.expect("tx-early")) {
            assertThat(early.watched()).as("expected before the first block").isFalse();
            Status status = early.status(CommitStatuses.of(gateway, "silkroad", "tx-early"), WAIT);
            assertThat(status.getBlockNumber()).isEqualTo(99);
            assertThat(early.streamed()).isFalse();
        }
        assertThat(statusAsked).containsExactly("tx-early");
        assertThat(watch.waiting()).isZero();
    }

    @Test
    void a_broken_stream_hands_its_waiting_transactions_to_the_status_request_and_resumes_after_its_last_block()
            throws Exception {
        liveWatch(20);
        script.add(block(21));
        try (CommitWatch.Expected waiting = watch.expect("tx-waiting")) {
            assertThat(waiting.watched()).isTrue();
            script.add(FAIL);

            Status status = waiting.status(CommitStatuses.of(gateway, "silkroad", "tx-waiting"), WAIT);
            assertThat(status.getBlockNumber()).as("answered by the commit-status request").isEqualTo(99);
            assertThat(waiting.streamed()).isFalse();
        }
        assertThat(statusAsked).containsExactly("tx-waiting");

        // The reader reconnects from the block after the last one delivered; live again with that block.
        script.add(block(22, "tx-missed-while-down", TxValidationCode.VALID));
        awaitLive(true);
        assertThat(streamsFrom).containsExactly(-1L, 22L);
        try (CommitWatch.Expected after = watch.expect("tx-after")) {
            assertThat(after.watched()).isTrue();
            script.add(block(23, "tx-after", TxValidationCode.VALID));
            assertThat(after.status(CommitStatuses.of(gateway, "silkroad", "tx-after"), WAIT).getBlockNumber())
                    .isEqualTo(23);
        }
        assertThat(statusAsked).containsExactly("tx-waiting");
    }

    @Test
    void a_watched_transaction_never_committed_fails_at_its_deadline_like_a_status_request() throws Exception {
        liveWatch(3);
        try (CommitWatch.Expected never = watch.expect("tx-never")) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> never.status(CommitStatuses.of(gateway, "silkroad", "tx-never"),
                    Duration.ofMillis(200)))
                    .isInstanceOfSatisfying(CommitStatusException.class, e -> assertThat(e.getStatus().getCode())
                            .isEqualTo(io.grpc.Status.Code.DEADLINE_EXCEEDED));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        assertThat(statusAsked).isEmpty();
        assertThat(watch.waiting()).as("closing the expectation forgets it").isZero();
    }

    @Test
    void closing_the_watch_lets_waiting_transactions_ask_and_later_ones_are_not_watched() throws Exception {
        liveWatch(5);
        CommitWatch.Expected waiting = watch.expect("tx-waiting");
        watch.close();

        assertThat(waiting.status(CommitStatuses.of(gateway, "silkroad", "tx-waiting"), WAIT).getBlockNumber())
                .isEqualTo(99);
        assertThat(watch.live()).isFalse();
        assertThat(watch.expect("tx-later").watched()).isFalse();
        assertThat(statusAsked).containsExactly("tx-waiting");
    }

    @Test
    void the_watch_that_is_off_always_asks() throws Exception {
        CommitWatch off = CommitWatch.off();
        try (CommitWatch.Expected expected = off.expect("tx-1")) {
            assertThat(expected.watched()).isFalse();
            assertThat(expected.status(CommitStatuses.of(gateway, "silkroad", "tx-1"), WAIT).getBlockNumber())
                    .isEqualTo(99);
        }
        off.close();
        assertThat(statusAsked).containsExactly("tx-1");
    }
}
