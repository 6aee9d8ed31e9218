package org.silkroad.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.Payload;
import org.junit.jupiter.api.Test;

/** Valid transaction IDs are read from the envelopes whose TRANSACTIONS_FILTER byte is 0 (VALID). */
class CommitScanTest {

    private static ByteString envelope(String txId) {
        ChannelHeader channelHeader = ChannelHeader.newBuilder().setTxId(txId).setChannelId("silkroad").build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(channelHeader.toByteString())).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build().toByteString();
    }

    @Test
    void only_transactions_marked_valid_count() throws Exception {
        // 0 = VALID, 11 = MVCC_READ_CONFLICT
        ByteString filter = ByteString.copyFrom(new byte[] {0, 11, 0});
        Block block = Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(7))
                .setData(BlockData.newBuilder().addData(envelope("a")).addData(envelope("b")).addData(envelope("c")))
                .setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.EMPTY).addMetadata(ByteString.EMPTY)
                        .addMetadata(filter))
                .build();

        assertThat(CommitScan.validIds(block)).containsExactly("a", "c");
    }

    @Test
    void a_block_without_a_filter_has_no_valid_transactions_to_count() throws Exception {
        Block block = Block.newBuilder().setHeader(BlockHeader.newBuilder().setNumber(0))
                .setData(BlockData.newBuilder().addData(envelope("genesis"))).build();

        assertThat(CommitScan.validIds(block)).isEmpty();
    }
}
