package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.explorer.ParsedBlock.ParsedTransaction;
import tools.jackson.databind.JsonNode;

class BlockParserTest {

    private final BlockParser parser = new BlockParser(RecordedBlocks.JSON);
    private final List<Block> blocks = RecordedBlocks.all();

    @Test
    void block_hashes_link_like_fabric_computes_them() {
        for (int i = 1; i < blocks.size(); i++) {
            ParsedBlock previous = parser.parse(blocks.get(i - 1));
            ParsedBlock block = parser.parse(blocks.get(i));
            assertThat(block.previousHash()).as("block %d previous hash", i).isEqualTo(previous.hash());
        }
    }

    @Test
    void the_genesis_block_defines_the_states_their_cas_and_the_bft_consenters() {
        ParsedBlock genesis = parser.parse(blocks.get(0));

        assertThat(genesis.number()).isZero();
        assertThat(genesis.signers()).isEmpty();
        assertThat(genesis.config().states()).extracting(ParsedBlock.ChannelConfig.State::mspId)
                .containsExactly("CNMSP", "MYMSP", "RWMSP");
        assertThat(genesis.config().states()).allSatisfy(state ->
                assertThat(state.rootCertsPem()).singleElement().asString().startsWith("-----BEGIN CERTIFICATE-----"));
        assertThat(genesis.config().consenters()).extracting(ParsedBlock.ChannelConfig.Consenter::mspId)
                .containsExactly("CNMSP", "CNMSP", "MYMSP", "RWMSP");
        assertThat(genesis.transactions()).singleElement().extracting(ParsedTransaction::type).isEqualTo("CONFIG");
    }

    @Test
    void a_payment_shows_creator_endorsers_writes_event_and_business_ids() {
        ParsedBlock block = parser.parse(blocks.get(10));

        assertThat(block.signers()).hasSizeGreaterThanOrEqualTo(3).allMatch(s -> s.startsWith("consenter "));
        assertThat(block.lastConfig()).isZero();
        ParsedTransaction payment = block.transactions().get(0);
        assertThat(payment.txId()).isEqualTo(RecordedBlocks.PAYMENT_TX);
        assertThat(payment.validationCode()).isEqualTo("VALID");
        assertThat(payment.creatorMsp()).isEqualTo("CNMSP");
        assertThat(payment.creatorName()).isEqualTo("CNMSP/business-1");
        assertThat(payment.function()).isEqualTo("currency:pay");
        assertThat(payment.endorserMsps()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(payment.writes()).extracting(ParsedBlock.KeyWrite::key)
                .contains("silkroad.currency.payment/PAY-42");
        assertThat(payment.writes()).filteredOn(w -> w.key().equals("silkroad.currency.payment/PAY-42"))
                .singleElement().satisfies(w -> {
                    assertThat(w.objectType()).isEqualTo("silkroad.currency.payment");
                    assertThat(w.valueJson()).contains("\"paymentId\":\"PAY-42\"");
                    assertThat(w.valueSha256()).hasSize(64);
                });
        assertThat(payment.terms()).extracting(ParsedBlock.Term::term).contains("PAY-42", "CNMSP/business-2");
        assertThat(payment.terms()).contains(new ParsedBlock.Term("PAY-42", true));
        assertThat(payment.terms()).extracting(ParsedBlock.Term::term).doesNotHaveDuplicates()
                .doesNotContain(RecordedBlocks.PAYMENT_TX);
        assertThat(payment.hashes()).extracting(ParsedBlock.HashHit::sha256).doesNotContain(RecordedBlocks.PAYMENT_TX);
        assertThat(payment.eventName()).isEqualTo("currency.Payment");

        JsonNode detail = parser.transactionDetail(blocks.get(10), 0);
        assertThat(detail.get("txId").asString()).isEqualTo(RecordedBlocks.PAYMENT_TX);
        assertThat(detail.get("validationCode").asString()).isEqualTo("VALID");
        JsonNode action = detail.get("actions").get(0);
        assertThat(detail.get("creator").get("role").asString()).isEqualTo("business");
        assertThat(action.get("endorsements").get(0).get("subject").asString()).contains("OU=peer");
        assertThat(action.get("event").get("name").asString()).isEqualTo("currency.Payment");
    }

    @Test
    void a_transaction_the_block_does_not_have_is_refused() {
        assertThatThrownBy(() -> parser.transactionDetail(blocks.get(10), blocks.get(10).getData().getDataCount()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no transaction");
    }

    @Test
    void any_64_hex_value_in_a_write_is_a_findable_document_hash() {
        ParsedTransaction ping = parser.parse(blocks.get(11)).transactions().get(0);

        assertThat(ping.hashes()).extracting(ParsedBlock.HashHit::sha256).contains(RecordedBlocks.DOCUMENT_SHA256);
        assertThat(ping.hashes()).anyMatch(h -> h.field().equals("requestId")
                && h.key().equals("silkroad.system.ping/" + RecordedBlocks.DOCUMENT_SHA256));
    }

    @Test
    void composite_keys_are_read_generically() {
        String key = "\u0000silkroad.trade.document\u0000CNMSP\u0000DOC-7\u0000";

        assertThat(BlockParser.readableKey(key)).isEqualTo("silkroad.trade.document/CNMSP/DOC-7");
        assertThat(BlockParser.objectType(key)).isEqualTo("silkroad.trade.document");
        assertThat(BlockParser.compositeAttributes(key)).containsExactly("CNMSP", "DOC-7");
        assertThat(BlockParser.readableKey("plain\u0001key")).isEqualTo("plain\\u0001key");
        assertThat(BlockParser.compositeAttributes("plain")).isEmpty();
    }

    @Test
    void a_block_with_a_malformed_envelope_is_refused_not_skipped() {
        Block broken = blocks.get(10).toBuilder()
                .setData(blocks.get(10).getData().toBuilder().setData(0, ByteString.copyFrom(HexFormat.of().parseHex("ff"))))
                .build();

        assertThatThrownBy(() -> parser.parse(broken)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("block 10 is malformed");
    }
}
