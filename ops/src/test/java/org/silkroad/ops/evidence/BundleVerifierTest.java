package org.silkroad.ops.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The verifier against a bundle exported from a real three-state SmartBFT network (see
 * {@code src/test/resources/evidence/README.md}): it accepts the genuine bundle and rejects each kind of tampering,
 * saying what failed.
 */
class BundleVerifierTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PAYMENT_TX = "c19b9eee1d6ad9c8c3b30358934799945385df760e54eb3cf718c6f342da4cb0";

    private static ObjectNode genuine() throws IOException {
        try (InputStream in = BundleVerifierTest.class.getResourceAsStream("/evidence/payment-bundle.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    private static BundleVerifier.Result verify(ObjectNode bundle) {
        return new BundleVerifier().verify(EvidenceBundle.read(bundle));
    }

    private static ObjectNode block(ObjectNode bundle, long number) {
        for (var node : bundle.get("blocks")) {
            if (node.get("number").asLong() == number) {
                return (ObjectNode) node;
            }
        }
        throw new AssertionError("no block " + number + " in the fixture");
    }

    /** The genuine bundle with the headers of blocks 9 and 10 in each other's place. */
    private static ObjectNode withBlocks9And10Swapped() throws IOException {
        ObjectNode bundle = genuine();
        ArrayNode headers = (ArrayNode) bundle.get("headers");
        var ninth = headers.get(9);
        headers.set(9, headers.get(10));
        headers.set(10, ninth);
        return bundle;
    }

    private static BlockData data(ObjectNode block) throws IOException {
        return BlockData.parseFrom(Base64.getDecoder().decode(block.get("data").asString()));
    }

    private static void setData(ObjectNode block, BlockData data) {
        block.put("data", Base64.getEncoder().encodeToString(data.toByteArray()));
    }

    @Test
    void accepts_the_genuine_bundle_and_says_what_it_verified() throws IOException {
        BundleVerifier.Result result = verify(genuine());

        assertThat(result.failures()).isEmpty();
        assertThat(result.trustAnchor()).startsWith("configuration block 0 hash ");
        assertThat(result.verified()).anyMatch(line -> line.startsWith("header chain: blocks 0..10"));
        assertThat(result.verified()).anyMatch(line -> line.contains("CNMSP, MYMSP, RWMSP")
                && line.contains("BFT quorum 3 of 4"));
        assertThat(result.verified()).anyMatch(line -> line.startsWith("block 10: data hash matches; signed by"));
        assertThat(result.verified()).anyMatch(line -> line.startsWith("transaction " + PAYMENT_TX)
                && line.contains("created by CNMSP/business-1") && line.contains("validation code VALID"));
    }

    @Test
    void rejects_a_changed_amount() throws IOException {
        ObjectNode bundle = genuine();
        ObjectNode block = block(bundle, 10);
        BlockData data = data(block);
        String envelope = data.getData(0).toString(StandardCharsets.ISO_8859_1);
        assertThat(envelope).contains("{\"amount\":1234,");
        // 12.34 CNY becomes 92.34 CNY in the payee's note (same length, so the protobuf stays well-formed).
        ByteString changed = ByteString.copyFrom(envelope.replaceFirst("\\{\"amount\":1234,", "{\"amount\":9234,"),
                StandardCharsets.ISO_8859_1);
        setData(block, data.toBuilder().setData(0, changed).build());

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.ok()).isFalse();
        assertThat(result.failures()).contains("block 10: its transactions do not match the header's data hash (a "
                + "transaction was changed, removed, added or reordered)");
        assertThat(result.failures()).anyMatch(line -> line.startsWith("transaction " + PAYMENT_TX
                + ": the creator's signature (CNMSP/business-1) does not verify"));
    }

    @Test
    void rejects_a_changed_creator_signature() throws IOException {
        ObjectNode bundle = genuine();
        ObjectNode block = block(bundle, 10);
        BlockData data = data(block);
        Envelope envelope = Envelope.parseFrom(data.getData(0));
        byte[] signature = envelope.getSignature().toByteArray();
        signature[10] ^= 0x01; // inside r
        Envelope forged = envelope.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
        setData(block, data.toBuilder().setData(0, forged.toByteString()).build());

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.failures()).anyMatch(line -> line.equals("transaction " + PAYMENT_TX + ": the creator's "
                + "signature (CNMSP/business-1) does not verify: the transaction or its signature was changed"));
    }

    @Test
    void rejects_a_changed_orderer_signature_when_the_quorum_is_no_longer_met() throws IOException {
        ObjectNode bundle = genuine();
        ObjectNode block = block(bundle, 10);
        BlockMetadata metadata = BlockMetadata.parseFrom(Base64.getDecoder().decode(block.get("metadata").asString()));
        Metadata signatures = Metadata.parseFrom(metadata.getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        assertThat(signatures.getSignaturesCount()).isEqualTo(3);
        MetadataSignature first = signatures.getSignatures(0);
        byte[] bytes = first.getSignature().toByteArray();
        bytes[12] ^= 0x01;
        Metadata forged = signatures.toBuilder()
                .setSignatures(0, first.toBuilder().setSignature(ByteString.copyFrom(bytes))).build();
        block.put("metadata", Base64.getEncoder().encodeToString(metadata.toBuilder()
                .setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, forged.toByteString()).build().toByteArray()));

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.failures()).anyMatch(line -> line.startsWith("block 10: 2 valid orderer signature(s)")
                && line.contains("the BFT quorum is 3 of 4") && line.contains("signature does not verify"));
    }

    @Test
    void rejects_a_removed_transaction() throws IOException {
        ObjectNode bundle = genuine();
        ObjectNode block = block(bundle, 10);
        setData(block, data(block).toBuilder().clearData().build());

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.failures()).contains(
                "block 10: its transactions do not match the header's data hash (a transaction was changed, removed, "
                        + "added or reordered)",
                "transaction " + PAYMENT_TX + ": block 10 has no transaction at position 0 (it holds 0)");
    }

    @Test
    void rejects_a_block_out_of_order() throws IOException {
        BundleVerifier.Result result = verify(withBlocks9And10Swapped());

        assertThat(result.failures()).contains(
                "header chain: block out of order: position 9 holds block 10, expected block 9");
    }

    @Test
    void rejects_a_header_whose_previous_hash_was_rewritten() throws IOException {
        ObjectNode bundle = genuine();
        ArrayNode headers = (ArrayNode) bundle.get("headers");
        var header = org.hyperledger.fabric.protos.common.BlockHeader.parseFrom(
                Base64.getDecoder().decode(headers.get(5).get("header").asString()));
        byte[] previous = header.getPreviousHash().toByteArray();
        previous[0] ^= 0x01;
        ((ObjectNode) headers.get(5)).put("header", Base64.getEncoder().encodeToString(
                header.toBuilder().setPreviousHash(ByteString.copyFrom(previous)).build().toByteArray()));

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.failures()).anyMatch(line -> line.startsWith("header chain: block 5's previous hash")
                && line.endsWith("is not the hash of block 4"));
    }

    @Test
    void rejects_certificates_listed_in_the_bundle_that_the_configuration_does_not_hold() throws IOException {
        ObjectNode bundle = genuine();
        ObjectNode certificates = (ObjectNode) bundle.get("certificates");
        certificates.set("MYMSP", certificates.get("CNMSP").deepCopy());

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.failures()).contains(
                "certificates: the CA certificates listed for MYMSP differ from the configuration block's");
    }

    @Test
    void rejects_a_transaction_listed_at_a_position_holding_another() throws IOException {
        ObjectNode bundle = genuine();
        ObjectNode listed = (ObjectNode) bundle.get("transactions").get(1);
        listed.put("blockNumber", 9);

        BundleVerifier.Result result = verify(bundle);

        assertThat(result.failures()).anyMatch(line -> line.startsWith("transaction " + PAYMENT_TX
                + ": block 9 position 0 holds transaction "));
    }

    @Test
    void refuses_a_file_that_is_not_a_bundle() {
        ObjectNode notABundle = JSON.createObjectNode().put("format", "something-else");
        assertThatThrownBy(() -> EvidenceBundle.read(notABundle))
                .hasMessageContaining("format must be silkroad-evidence-bundle/1");
    }

    @Test
    void the_command_prints_each_check_and_exits_1_on_tampering(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.json");
        Files.writeString(good, JSON.writeValueAsString(genuine()));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, JSON.writeValueAsString(withBlocks9And10Swapped()));

        ByteArrayOutputStream goodOut = new ByteArrayOutputStream();
        int goodCode = new VerifyBundleCommand().run(List.of(good.toString()), new PrintStream(goodOut, true,
                StandardCharsets.UTF_8));
        ByteArrayOutputStream badOut = new ByteArrayOutputStream();
        int badCode = new VerifyBundleCommand().run(List.of(bad.toString()), new PrintStream(badOut, true,
                StandardCharsets.UTF_8));

        assertThat(goodCode).isZero();
        assertThat(goodOut.toString(StandardCharsets.UTF_8)).contains("VERIFIED").contains("Trust anchor: configuration "
                + "block 0 hash ");
        assertThat(badCode).isEqualTo(1);
        assertThat(badOut.toString(StandardCharsets.UTF_8))
                .contains("FAIL  header chain: block out of order: position 9 holds block 10, expected block 9")
                .contains("NOT VERIFIED");
    }
}
