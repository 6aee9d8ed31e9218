package org.silkroad.gateway.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Grpc;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.gateway.ChaincodeEventsResponse;
import org.hyperledger.fabric.protos.gateway.CommitStatusResponse;
import org.hyperledger.fabric.protos.gateway.EndorseRequest;
import org.hyperledger.fabric.protos.gateway.EndorseResponse;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.EvaluateRequest;
import org.hyperledger.fabric.protos.gateway.EvaluateResponse;
import org.hyperledger.fabric.protos.gateway.GatewayGrpc;
import org.hyperledger.fabric.protos.gateway.SignedChaincodeEventsRequest;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.gateway.SubmitRequest;
import org.hyperledger.fabric.protos.gateway.SubmitResponse;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.DeliverGrpc;
import org.hyperledger.fabric.protos.peer.DeliverResponse;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A peer's Gateway gRPC service, over real TLS, whose answers the test scripts. It lets the real
 * {@link FabricLedger} be exercised end to end (signing, TLS host alias, endorse/submit/commit status, error
 * details) without a Fabric network. What a real peer decides (policies, validation) is the network ITs' job.
 */
final class FakePeer implements AutoCloseable {

    volatile Function<EvaluateRequest, EvaluateResponse> onEvaluate = request -> {
        throw error(io.grpc.Status.Code.UNIMPLEMENTED, "evaluate not scripted");
    };
    volatile Function<EndorseRequest, EndorseResponse> onEndorse = request -> {
        throw error(io.grpc.Status.Code.UNIMPLEMENTED, "endorse not scripted");
    };
    volatile Function<SubmitRequest, SubmitResponse> onSubmit = request -> SubmitResponse.getDefaultInstance();
    volatile Function<SignedCommitStatusRequest, CommitStatusResponse> onCommitStatus = request -> committed(1);

    /** The chaincode event responses to stream for a request; the stream then ends (or fails, if one throws). */
    volatile Function<SignedChaincodeEventsRequest, List<ChaincodeEventsResponse>> onChaincodeEvents =
            request -> {
                throw error(io.grpc.Status.Code.UNIMPLEMENTED, "chaincode events not scripted");
            };

    /** Filtered blocks for the Deliver service's stream, sent in order as they are added. */
    final BlockingQueue<FilteredBlock> filteredBlocks = new LinkedBlockingQueue<>();

    final List<SignedProposal> proposals = new CopyOnWriteArrayList<>();
    final List<SignedChaincodeEventsRequest> eventRequests = new CopyOnWriteArrayList<>();
    final List<EndorseRequest> endorsements = new CopyOnWriteArrayList<>();

    private final Server server;
    private final Path tlsCaCert;

    private FakePeer(Server server, Path tlsCaCert) {
        this.server = server;
        this.tlsCaCert = tlsCaCert;
    }

    /** Starts on a free port with a TLS certificate for {@code hostAlias} issued by a new TLS CA. */
    static FakePeer start(String hostAlias, Path workDir) {
        try {
            TestPki tlsCa = TestPki.newCa("tlsca.test");
            TestPki.Issued tls = tlsCa.tlsServer(List.of(hostAlias));
            Path cert = Files.writeString(workDir.resolve("peer-tls.pem"), tls.certificatePem());
            Path key = Files.writeString(workDir.resolve("peer-tls.key"), tls.privateKeyPem());
            Path caCert = Files.writeString(workDir.resolve("tls-ca.pem"), tlsCa.ca().certificatePem());
            FakePeer[] self = new FakePeer[1];
            Server server = Grpc.newServerBuilderForPort(0, TlsServerCredentials.create(cert.toFile(), key.toFile()))
                    .addService(new GatewayGrpc.GatewayImplBase() {
                        @Override
                        public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> response) {
                            self[0].proposals.add(request.getProposedTransaction());
                            answer(response, () -> self[0].onEvaluate.apply(request));
                        }

                        @Override
                        public void endorse(EndorseRequest request, StreamObserver<EndorseResponse> response) {
                            self[0].proposals.add(request.getProposedTransaction());
                            self[0].endorsements.add(request);
                            answer(response, () -> self[0].onEndorse.apply(request));
                        }

                        @Override
                        public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
                            answer(response, () -> self[0].onSubmit.apply(request));
                        }

                        @Override
                        public void chaincodeEvents(SignedChaincodeEventsRequest request,
                                StreamObserver<ChaincodeEventsResponse> response) {
                            self[0].eventRequests.add(request);
                            try {
                                for (ChaincodeEventsResponse events : self[0].onChaincodeEvents.apply(request)) {
                                    response.onNext(events);
                                }
                                response.onCompleted();
                            } catch (StatusRuntimeException e) {
                                response.onError(e);
                            }
                        }

                        @Override
                        public void commitStatus(SignedCommitStatusRequest request,
                                StreamObserver<CommitStatusResponse> response) {
                            answer(response, () -> self[0].onCommitStatus.apply(request));
                        }
                    })
                    .addService(new DeliverGrpc.DeliverImplBase() {
                        @Override
                        public StreamObserver<Envelope> deliverFiltered(StreamObserver<DeliverResponse> response) {
                            return new StreamObserver<>() {
                                @Override
                                public void onNext(Envelope seek) {
                                    Thread sender = new Thread(() -> self[0].sendFilteredBlocks(
                                            (ServerCallStreamObserver<DeliverResponse>) response), "fake deliver");
                                    sender.setDaemon(true);
                                    sender.start();
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
                    .build()
                    .start();
            self[0] = new FakePeer(server, caCert);
            return self[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void sendFilteredBlocks(ServerCallStreamObserver<DeliverResponse> response) {
        try {
            while (!response.isCancelled()) {
                FilteredBlock block = filteredBlocks.poll(10, TimeUnit.MILLISECONDS);
                if (block != null) {
                    response.onNext(DeliverResponse.newBuilder().setFilteredBlock(block).build());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException cancelled) {
            // the client went away
        }
    }

    /** A filtered block holding the given transactions (ID, validation code, ID, code, ...). */
    static FilteredBlock filteredBlock(long number, Object... txIdsAndCodes) {
        FilteredBlock.Builder block = FilteredBlock.newBuilder().setChannelId("silkroad").setNumber(number);
        for (int i = 0; i < txIdsAndCodes.length; i += 2) {
            block.addFilteredTransactions(FilteredTransaction.newBuilder().setTxid((String) txIdsAndCodes[i])
                    .setTxValidationCode((TxValidationCode) txIdsAndCodes[i + 1]));
        }
        return block.build();
    }

    private static <T> void answer(StreamObserver<T> response, java.util.function.Supplier<T> answer) {
        ServerCallStreamObserver<T> call = (ServerCallStreamObserver<T>) response;
        try {
            T value = answer.get();
            if (!call.isCancelled()) {
                call.onNext(value);
                call.onCompleted();
            }
        } catch (StatusRuntimeException e) {
            if (!call.isCancelled()) {
                call.onError(e);
            }
        }
    }

    /** Holds the call until the client gives up (its deadline travels with the call), like an overloaded peer. */
    static void hangUntilClientGivesUp() {
        io.grpc.Context context = io.grpc.Context.current();
        while (!context.isCancelled()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int port() {
        return server.getPort();
    }

    Path tlsCaCert() {
        return tlsCaCert;
    }

    /** A successful evaluation returning {@code result}. */
    static EvaluateResponse evaluated(String result) {
        return EvaluateResponse.newBuilder()
                .setResult(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8(result)))
                .build();
    }

    /** A prepared transaction for {@code request} whose chaincode result is {@code result}. */
    static EndorseResponse endorsed(EndorseRequest request, String result) {
        ChaincodeAction action = ChaincodeAction.newBuilder()
                .setResponse(Response.newBuilder().setStatus(200).setPayload(ByteString.copyFromUtf8(result)))
                .build();
        ProposalResponsePayload responsePayload = ProposalResponsePayload.newBuilder()
                .setExtension(action.toByteString())
                .build();
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setAction(ChaincodeEndorsedAction.newBuilder()
                        .setProposalResponsePayload(responsePayload.toByteString()))
                .build();
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setPayload(actionPayload.toByteString()))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(ChannelHeader.newBuilder()
                        .setChannelId(request.getChannelId())
                        .setTxId(request.getTransactionId())
                        .build().toByteString()))
                .setData(transaction.toByteString())
                .build();
        return EndorseResponse.newBuilder()
                .setPreparedTransaction(Envelope.newBuilder().setPayload(payload.toByteString()))
                .build();
    }

    /** One block's chaincode events, as the peer streams them. */
    static ChaincodeEventsResponse events(long blockNumber, String... txIdsAndNames) {
        ChaincodeEventsResponse.Builder response = ChaincodeEventsResponse.newBuilder().setBlockNumber(blockNumber);
        for (int i = 0; i < txIdsAndNames.length; i += 2) {
            response.addEvents(org.hyperledger.fabric.protos.peer.ChaincodeEvent.newBuilder()
                    .setChaincodeId("silkroad").setTxId(txIdsAndNames[i]).setEventName(txIdsAndNames[i + 1])
                    .setPayload(ByteString.copyFromUtf8("{\"tx\":\"" + txIdsAndNames[i] + "\"}")));
        }
        return response.build();
    }

    static CommitStatusResponse committed(long blockNumber) {
        return commitStatus(TxValidationCode.VALID, blockNumber);
    }

    static CommitStatusResponse commitStatus(TxValidationCode code, long blockNumber) {
        return CommitStatusResponse.newBuilder().setResult(code).setBlockNumber(blockNumber).build();
    }

    /** A gRPC error as the Fabric Gateway service sends it: status plus {@link ErrorDetail}s. */
    static StatusRuntimeException error(io.grpc.Status.Code code, String message, ErrorDetail... details) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(code.value())
                .setMessage(message);
        for (ErrorDetail detail : details) {
            status.addDetails(Any.pack(detail));
        }
        return StatusProto.toStatusRuntimeException(status.build());
    }

    static ErrorDetail detail(String mspId, String address, String message) {
        return ErrorDetail.newBuilder().setMspId(mspId).setAddress(address).setMessage(message).build();
    }

    /** The creator (MSP ID and certificate PEM) of a signed proposal. */
    static SerializedIdentity creator(SignedProposal signed) {
        try {
            Proposal proposal = Proposal.parseFrom(signed.getProposalBytes());
            Header header = Header.parseFrom(proposal.getHeader());
            return SerializedIdentity.parseFrom(SignatureHeader.parseFrom(header.getSignatureHeader()).getCreator());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
