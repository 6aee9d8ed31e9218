package org.silkroad.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;

/**
 * The peer's side of the chaincode protocol, as far as a chaincode service needs it to run a transaction: connect to
 * the service, accept its REGISTER, answer REGISTERED and READY, send a TRANSACTION with a proposal, answer GET_STATE,
 * PUT_STATE and Fabric 3.1's GET_STATE_MULTIPLE and WRITE_BATCH_STATE (which the contracts' batching stub sends) from
 * an in-memory world state, collect COMPLETED. Writes are committed when the transaction succeeds.
 * No endorsement, signatures or MVCC: those belong to tests against a real network.
 */
public final class FakePeer implements AutoCloseable {

    private static final String CHANNEL = "silkroad";
    private static final Object STREAM_ENDED = new Object();

    private final ManagedChannel channel;
    private final Duration timeout;
    private final BlockingQueue<Object> fromChaincode = new LinkedBlockingQueue<>();
    private final StreamObserver<ChaincodeMessage> toChaincode;
    private final Map<String, ByteString> worldState = new TreeMap<>();
    private final AtomicLong transactions = new AtomicLong();

    /** What the chaincode answered to one transaction. */
    public record Result(int status, String message, String payload, ChaincodeEvent event) {
        public String eventPayload() {
            return event == null ? null : event.getPayload().toStringUtf8();
        }
    }

    private FakePeer(ManagedChannel channel, Duration timeout) {
        this.channel = channel;
        this.timeout = timeout;
        this.toChaincode = ChaincodeGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ChaincodeMessage message) {
                fromChaincode.add(message);
            }

            @Override
            public void onError(Throwable t) {
                fromChaincode.add(t);
            }

            @Override
            public void onCompleted() {
                fromChaincode.add(STREAM_ENDED);
            }
        });
    }

    /**
     * Connects to a chaincode service and completes its registration.
     *
     * @param channel a gRPC channel to the service (plain or TLS)
     * @param timeout how long to wait for each message from the chaincode
     * @return the connected peer
     * @throws IllegalStateException when the stream fails or the chaincode does not register in time
     */
    public static FakePeer connect(ManagedChannel channel, Duration timeout) {
        FakePeer peer = new FakePeer(channel, timeout);
        try {
            ChaincodeMessage register = peer.next();
            if (register.getType() != ChaincodeMessage.Type.REGISTER) {
                throw new IllegalStateException("expected REGISTER, got " + register.getType());
            }
            peer.send(ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.REGISTERED).build());
            peer.send(ChaincodeMessage.newBuilder().setType(ChaincodeMessage.Type.READY).build());
            return peer;
        } catch (RuntimeException e) {
            peer.close();
            throw e;
        }
    }

    /**
     * Runs one transaction and commits its writes when it succeeds.
     *
     * @param creator the submitter's serialized identity
     * @param timestamp the proposal timestamp
     * @param args function ({@code contract:transaction}) and arguments
     * @return the chaincode's response and event
     */
    public Result invoke(byte[] creator, Instant timestamp, String... args) {
        String txId = String.format("%064x", transactions.incrementAndGet());
        send(ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.TRANSACTION)
                .setTxid(txId)
                .setChannelId(CHANNEL)
                .setPayload(ChaincodeInput.newBuilder()
                        .addAllArgs(Arrays.stream(args).map(ByteString::copyFromUtf8).toList())
                        .build()
                        .toByteString())
                .setProposal(proposal(txId, creator, timestamp))
                .build());

        Map<String, ByteString> writes = new LinkedHashMap<>();
        while (true) {
            ChaincodeMessage message = next();
            switch (message.getType()) {
                case GET_STATE -> {
                    String key = parse(() -> GetState.parseFrom(message.getPayload())).getKey();
                    reply(message, worldState.getOrDefault(key, ByteString.EMPTY));
                }
                case PUT_STATE -> {
                    PutState put = parse(() -> PutState.parseFrom(message.getPayload()));
                    writes.put(put.getKey(), put.getValue());
                    reply(message, ByteString.EMPTY);
                }
                case GET_STATE_MULTIPLE -> {
                    GetStateMultiple get = parse(() -> GetStateMultiple.parseFrom(message.getPayload()));
                    GetStateMultipleResult.Builder values = GetStateMultipleResult.newBuilder();
                    get.getKeysList().forEach(key -> values.addValues(worldState.getOrDefault(key, ByteString.EMPTY)));
                    reply(message, values.build().toByteString());
                }
                case WRITE_BATCH_STATE -> {
                    WriteBatchState batch = parse(() -> WriteBatchState.parseFrom(message.getPayload()));
                    for (WriteRecord record : batch.getRecList()) {
                        if (record.getType() != WriteRecord.Type.PUT_STATE || !record.getCollection().isEmpty()) {
                            throw new IllegalStateException("the fake peer keeps public puts only, not " + record);
                        }
                        writes.put(record.getKey(), record.getValue());
                    }
                    reply(message, ByteString.EMPTY);
                }
                case COMPLETED -> {
                    Response response = parse(() -> Response.parseFrom(message.getPayload()));
                    if (response.getStatus() == 200) {
                        worldState.putAll(writes);
                    }
                    return new Result(
                            response.getStatus(),
                            response.getMessage(),
                            response.getPayload().toString(UTF_8),
                            message.hasChaincodeEvent() ? message.getChaincodeEvent() : null);
                }
                case ERROR -> {
                    return new Result(500, message.getPayload().toStringUtf8(), null, null);
                }
                default -> throw new IllegalStateException("the fake peer does not answer " + message.getType());
            }
        }
    }

    @Override
    public void close() {
        try {
            toChaincode.onCompleted();
        } catch (RuntimeException ignored) {
            // The stream may already have failed; closing the channel is what matters.
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void reply(ChaincodeMessage request, ByteString payload) {
        send(ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.RESPONSE)
                .setTxid(request.getTxid())
                .setChannelId(request.getChannelId())
                .setPayload(payload)
                .build());
    }

    private synchronized void send(ChaincodeMessage message) {
        toChaincode.onNext(message);
    }

    private ChaincodeMessage next() {
        Object item;
        try {
            item = fromChaincode.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the chaincode", e);
        }
        if (item == null) {
            throw new IllegalStateException("no message from the chaincode within " + timeout);
        }
        if (item instanceof Throwable t) {
            throw new IllegalStateException("the chaincode stream failed: " + t, t);
        }
        if (item == STREAM_ENDED) {
            throw new IllegalStateException("the chaincode closed the stream");
        }
        return (ChaincodeMessage) item;
    }

    private static SignedProposal proposal(String txId, byte[] creator, Instant timestamp) {
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setTxId(txId)
                .setChannelId(CHANNEL)
                .setTimestamp(Timestamp.newBuilder()
                        .setSeconds(timestamp.getEpochSecond())
                        .setNanos(timestamp.getNano()))
                .build();
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(ByteString.copyFrom(creator))
                .setNonce(ByteString.copyFromUtf8("nonce-" + txId))
                .build();
        Proposal proposal = Proposal.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString())
                        .build()
                        .toByteString())
                .setPayload(ChaincodeProposalPayload.newBuilder().build().toByteString())
                .build();
        return SignedProposal.newBuilder().setProposalBytes(proposal.toByteString()).build();
    }

    private interface Parse<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parse<T> parse) {
        try {
            return parse.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the chaincode sent a malformed message", e);
        }
    }
}
