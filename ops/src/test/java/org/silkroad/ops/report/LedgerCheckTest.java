package org.silkroad.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.junit.jupiter.api.Test;
import org.silkroad.ops.shared.BlockHashes;
import org.silkroad.ops.shared.NetworkDescription;

/** The comparison logic against in-memory chains built the way Fabric links blocks. */
class LedgerCheckTest {

    private final Map<String, Object> peers = new LinkedHashMap<>(); // state -> List<Block> or error message

    @Test
    void peers_with_the_same_chain_agree_on_the_newest_common_block() {
        List<Block> chain = chain(5, "tx");
        peers.put("CN", chain);
        peers.put("MY", chain);
        peers.put("RW", chain);

        Report.Ledger ledger = check();

        assertThat(ledger.agree()).isTrue();
        assertThat(ledger.commonHeight()).isEqualTo(5);
        assertThat(ledger.comparedBlock()).isEqualTo(4);
        assertThat(ledger.blockHash()).isEqualTo(hex(BlockHashes.headerHash(chain.get(4).getHeader())));
        assertThat(ledger.blocks()).allSatisfy(b -> {
            assertThat(b.linkedBy()).isEqualTo("chain-info");
            assertThat(b.linked()).isTrue();
            assertThat(b.dataHashValid()).isTrue();
        });
    }

    @Test
    void peer_ahead_is_compared_at_the_lowest_common_height_and_checked_against_its_next_block() {
        List<Block> chain = chain(7, "tx");
        peers.put("CN", chain);
        peers.put("MY", chain.subList(0, 6));

        Report.Ledger ledger = check();

        assertThat(ledger.agree()).isTrue();
        assertThat(ledger.peers()).extracting(Report.PeerChain::height).containsExactly(7L, 6L);
        assertThat(ledger.comparedBlock()).isEqualTo(5);
        assertThat(ledger.blocks()).extracting(Report.BlockCheck::linkedBy).containsExactly("next-block", "chain-info");
    }

    @Test
    void peers_that_forked_disagree() {
        List<Block> ours = chain(4, "tx");
        List<Block> theirs = new ArrayList<>(ours.subList(0, 3));
        theirs.add(next(theirs.get(2), "a different transaction"));
        peers.put("CN", ours);
        peers.put("MY", theirs);

        Report.Ledger ledger = check();

        assertThat(ledger.agree()).isFalse();
        assertThat(ledger.blockHash()).isNull();
        assertThat(ledger.blocks()).extracting(Report.BlockCheck::headerHash).doesNotHaveDuplicates();
    }

    @Test
    void block_whose_transactions_do_not_match_its_data_hash_is_not_trusted() {
        List<Block> chain = new ArrayList<>(chain(3, "tx"));
        Block tampered = chain.get(2).toBuilder()
                .setData(BlockData.newBuilder().addData(ByteString.copyFromUtf8("rewritten history"))).build();
        chain.set(2, tampered);
        peers.put("CN", chain);

        Report.Ledger ledger = check();

        assertThat(ledger.agree()).isFalse();
        assertThat(ledger.blocks().get(0).dataHashValid()).isFalse();
    }

    @Test
    void peer_that_does_not_answer_means_no_agreement_but_the_others_are_still_compared() {
        List<Block> chain = chain(3, "tx");
        peers.put("CN", chain);
        peers.put("MY", "peer peer0.my.silkroad.test unreachable (UNAVAILABLE)");
        peers.put("RW", chain);

        Report.Ledger ledger = check();

        assertThat(ledger.agree()).isFalse();
        assertThat(ledger.peers().get(1).error()).contains("unreachable");
        assertThat(ledger.blocks()).extracting(Report.BlockCheck::state).containsExactly("CN", "RW");
        assertThat(ledger.blocks()).extracting(Report.BlockCheck::headerHash).containsOnly(
                hex(BlockHashes.headerHash(chain.get(2).getHeader())));
    }

    @Test
    void no_peer_answering_gives_no_common_height() {
        peers.put("CN", "unreachable");

        Report.Ledger ledger = check();

        assertThat(ledger.agree()).isFalse();
        assertThat(ledger.commonHeight()).isNull();
        assertThat(ledger.blocks()).isEmpty();
    }

    private Report.Ledger check() {
        Map<String, NetworkDescription.State> states = new LinkedHashMap<>();
        for (String code : peers.keySet()) {
            states.put(code, new NetworkDescription.State(code, code + "MSP", new NetworkDescription.Peer(
                    "127.0.0.1:7051", "peer0." + code.toLowerCase() + ".silkroad.test", Path.of("/tls.pem"), null),
                    null, Path.of("/ids"), null));
        }
        NetworkDescription network = new NetworkDescription("silkroad", "silkroad", "BFT", states, List.of());
        return new LedgerCheck(state -> {
            Object peer = peers.get(state.code());
            if (peer instanceof String error) {
                throw new ChainSource.QueryException(error);
            }
            @SuppressWarnings("unchecked")
            List<Block> blocks = (List<Block>) peer;
            return new InMemoryChain(blocks);
        }).check(network);
    }

    private record InMemoryChain(List<Block> blocks) implements ChainSource {
        @Override
        public BlockchainInfo chainInfo() {
            Block last = blocks.get(blocks.size() - 1);
            return BlockchainInfo.newBuilder()
                    .setHeight(blocks.size())
                    .setCurrentBlockHash(ByteString.copyFrom(BlockHashes.headerHash(last.getHeader())))
                    .setPreviousBlockHash(last.getHeader().getPreviousHash())
                    .build();
        }

        @Override
        public Block block(long number) throws QueryException {
            if (number >= blocks.size()) {
                throw new QueryException("no block " + number);
            }
            return blocks.get((int) number);
        }

        @Override
        public void close() {
        }
    }

    /** Blocks 0..height-1, each linked to the previous by its header hash, each with a correct data hash. */
    private static List<Block> chain(int height, String payload) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(block(0, ByteString.EMPTY, payload + " 0"));
        while (blocks.size() < height) {
            blocks.add(next(blocks.get(blocks.size() - 1), payload + " " + blocks.size()));
        }
        return List.copyOf(blocks);
    }

    private static Block next(Block previous, String payload) {
        return block(previous.getHeader().getNumber() + 1,
                ByteString.copyFrom(BlockHashes.headerHash(previous.getHeader())), payload);
    }

    private static Block block(long number, ByteString previousHash, String payload) {
        BlockData data = BlockData.newBuilder().addData(ByteString.copyFromUtf8(payload)).build();
        return Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(number).setPreviousHash(previousHash)
                        .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(data))))
                .setData(data)
                .build();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
