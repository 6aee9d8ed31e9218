package org.silkroad.ops.report;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.GatewayRuntimeException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.ProbeIdentity;

/**
 * A state's peer queried through the Fabric Gateway as that state's {@code gateway-probe} identity: the system
 * chaincode {@code qscc} answers {@code GetChainInfo} and {@code GetBlockByNumber} to any member of the channel
 * ({@code /Channel/Application/Readers}), so the probe needs no role. The peer's own organisation is the gateway's
 * preferred evaluator, so with one peer per state each answer is that state's copy of the ledger.
 */
public final class PeerChainSource implements ChainSource {

    private static final String QSCC = "qscc";

    private final String label;
    private final String channelName;
    private final ManagedChannel grpc;
    private final Gateway gateway;
    private final Contract qscc;

    private PeerChainSource(String label, String channelName, ManagedChannel grpc, Gateway gateway) {
        this.label = label;
        this.channelName = channelName;
        this.grpc = grpc;
        this.gateway = gateway;
        this.qscc = gateway.getNetwork(channelName).getContract(QSCC);
    }

    /** An {@link Opener} for the network's channel, each call bounded by {@code deadline}. */
    public static Opener opener(String channelName, Duration deadline) {
        Objects.requireNonNull(channelName, "channelName");
        Objects.requireNonNull(deadline, "deadline");
        return state -> open(state, channelName, deadline);
    }

    private static PeerChainSource open(NetworkDescription.State state, String channelName, Duration deadline)
            throws QueryException {
        NetworkDescription.Peer peer = state.peer();
        ProbeIdentity probe;
        try {
            probe = ProbeIdentity.load(state.mspId(), state.identityDir(ProbeIdentity.GATEWAY_PROBE));
        } catch (OpsException e) {
            throw new QueryException(e.getMessage(), e);
        }
        ChannelCredentials tls;
        try {
            tls = TlsChannelCredentials.newBuilder().trustManager(peer.tlsCaCert().toFile()).build();
        } catch (IOException | RuntimeException e) {
            throw new QueryException("cannot read the peer's TLS CA certificate " + peer.tlsCaCert() + ": "
                    + e.getMessage(), e);
        }
        // The endpoint is an IP address; the peer's TLS certificate names the host alias.
        ManagedChannel grpc = Grpc.newChannelBuilder(peer.endpoint(), tls).overrideAuthority(peer.hostAlias()).build();
        long millis = deadline.toMillis();
        Gateway gateway = Gateway.newInstance()
                .identity(probe.identity())
                .signer(probe.signer())
                .connection(grpc)
                .evaluateOptions(options -> options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS))
                .connect();
        return new PeerChainSource(peer.hostAlias() + " (" + peer.endpoint() + ")", channelName, grpc, gateway);
    }

    @Override
    public BlockchainInfo chainInfo() throws QueryException {
        byte[] bytes = evaluate("GetChainInfo", channelName);
        try {
            return BlockchainInfo.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new QueryException("qscc GetChainInfo from " + label + " is not a BlockchainInfo", e);
        }
    }

    @Override
    public Block block(long number) throws QueryException {
        byte[] bytes = evaluate("GetBlockByNumber", channelName, Long.toUnsignedString(number));
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new QueryException("qscc GetBlockByNumber " + number + " from " + label + " is not a Block", e);
        }
    }

    private byte[] evaluate(String function, String... arguments) throws QueryException {
        try {
            return qscc.evaluateTransaction(function, arguments);
        } catch (GatewayException e) {
            throw new QueryException(describe(function, e.getStatus(), e.getDetails()), e);
        } catch (GatewayRuntimeException e) {
            throw new QueryException(describe(function, e.getStatus(), e.getDetails()), e);
        }
    }

    private String describe(String function, Status status, List<ErrorDetail> details) {
        String what = switch (status.getCode()) {
            case UNAVAILABLE -> "peer " + label + " unreachable";
            case DEADLINE_EXCEEDED -> "peer " + label + " did not answer in time";
            case PERMISSION_DENIED, UNAUTHENTICATED -> "peer " + label + " refused the gateway-probe identity";
            default -> "qscc " + function + " failed on " + label;
        };
        String text = what + " (" + status.getCode() + (status.getDescription() == null ? ""
                : ": " + status.getDescription()) + ")";
        if (!details.isEmpty()) {
            text += "; " + details.stream().map(d -> d.getMspId() + " " + d.getAddress() + ": " + d.getMessage())
                    .collect(Collectors.joining("; "));
        }
        return text;
    }

    @Override
    public void close() {
        gateway.close();
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
