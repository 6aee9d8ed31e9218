package org.silkroad.ops.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.silkroad.ops.report.ChainSource;
import org.silkroad.ops.report.PeerChainSource;
import org.silkroad.ops.shared.NetworkDescription;

/**
 * Reads every state's peer's own blocks ({@code qscc GetBlockByNumber}, as its {@code gateway-probe}) from a given
 * height on and collects the IDs of the transactions each peer committed as valid (the block's
 * {@code TRANSACTIONS_FILTER} metadata byte 0). Asking the peers' chains, rather than a query the gateway routes,
 * says what each peer holds.
 */
final class CommitScan {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final NetworkDescription network;

    CommitScan(NetworkDescription network) {
        this.network = network;
    }

    /** The lowest height among the peers now (the scan's start when taken before the load). */
    long lowestHeight() throws ChainSource.QueryException {
        long lowest = Long.MAX_VALUE;
        for (NetworkDescription.State state : network.states().values()) {
            try (ChainSource source = PeerChainSource.opener(network.channel(), DEADLINE).open(state)) {
                lowest = Math.min(lowest, source.chainInfo().getHeight());
            }
        }
        return lowest;
    }

    /** Per state: the valid transaction IDs in its peer's blocks from {@code fromHeight} to its current height. */
    Map<String, Set<String>> validTransactions(long fromHeight) throws ChainSource.QueryException {
        Map<String, Set<String>> valid = new LinkedHashMap<>();
        for (NetworkDescription.State state : network.states().values()) {
            Set<String> ids = new HashSet<>();
            try (ChainSource source = PeerChainSource.opener(network.channel(), DEADLINE).open(state)) {
                long height = source.chainInfo().getHeight();
                for (long number = fromHeight; number < height; number++) {
                    ids.addAll(validIds(source.block(number)));
                }
            }
            valid.put(state.code(), ids);
        }
        return valid;
    }

    static List<String> validIds(Block block) throws ChainSource.QueryException {
        List<String> ids = new ArrayList<>();
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            if (i >= filter.size() || filter.byteAt(i) != 0) {
                continue;
            }
            try {
                Envelope envelope = Envelope.parseFrom(block.getData().getData(i));
                Payload payload = Payload.parseFrom(envelope.getPayload());
                ids.add(ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTxId());
            } catch (InvalidProtocolBufferException e) {
                throw new ChainSource.QueryException("block " + block.getHeader().getNumber() + " transaction " + i
                        + " is not an envelope", e);
            }
        }
        return ids;
    }
}
