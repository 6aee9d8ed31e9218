package org.silkroad.ops.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

/**
 * The expected values are built by hand, byte by byte, from the DER rules (X.690): tag, short-form length, content;
 * an INTEGER is big-endian two's complement in the fewest octets, so a leading 0x00 keeps a high bit from reading
 * as a sign.
 */
class BlockHashesTest {

    private static final byte[] PREVIOUS = sha256("block 41".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] DATA = sha256("transactions of block 42".getBytes(StandardCharsets.US_ASCII));

    @Test
    void header_hash_is_sha256_of_der_sequence_of_number_previous_hash_and_data_hash() throws Exception {
        BlockHeader header = header(42);

        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);                        // SEQUENCE
        der.write(3 + 34 + 34);                 // INTEGER (3 bytes) + two OCTET STRINGs of 32 bytes (34 each)
        der.write(new byte[] {0x02, 0x01, 42}); // INTEGER 42
        der.write(0x04);                        // OCTET STRING previous_hash
        der.write(32);
        der.write(PREVIOUS);
        der.write(0x04);                        // OCTET STRING data_hash
        der.write(32);
        der.write(DATA);

        assertThat(BlockHashes.headerBytes(header)).isEqualTo(der.toByteArray());
        assertThat(BlockHashes.headerHash(header)).isEqualTo(sha256(der.toByteArray()));
    }

    @Test
    void genesis_block_number_zero_is_one_zero_octet_and_empty_previous_hash_is_an_empty_octet_string() {
        BlockHeader genesis = BlockHeader.newBuilder().setNumber(0).setDataHash(ByteString.copyFrom(DATA)).build();

        byte[] expected = concat(new byte[] {0x30, 3 + 2 + 34, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 32}, DATA);

        assertThat(BlockHashes.headerHash(genesis)).isEqualTo(sha256(expected));
    }

    @Test
    void block_number_with_high_bit_set_gets_a_leading_zero_octet() {
        byte[] encoded = BlockHashes.headerBytes(header(128));

        assertThat(HexFormat.of().formatHex(encoded, 2, 6)).isEqualTo("02020080");
    }

    @Test
    void block_number_above_signed_long_range_is_encoded_as_unsigned() {
        byte[] encoded = BlockHashes.headerBytes(header(-1)); // uint64 max: 0xFFFFFFFFFFFFFFFF

        assertThat(HexFormat.of().formatHex(encoded, 2, 13)).isEqualTo("020900ffffffffffffffff");
    }

    /**
     * Headers of blocks 0 and 1 of a channel created by test-network/, as a Fabric 3.1 peer returned them, and the
     * previous_hash the orderers wrote into blocks 1 and 2: the hash as Fabric itself computes it.
     */
    @Test
    void matches_the_previous_hash_fabric_wrote_into_the_next_block() {
        HexFormat hex = HexFormat.of();
        BlockHeader genesis = BlockHeader.newBuilder().setNumber(0)
                .setDataHash(ByteString.fromHex("d476ec62f1573362fb4e27903a3fdd3b3141d444e811328fd652c99b894aae27"))
                .build();
        BlockHeader first = BlockHeader.newBuilder().setNumber(1)
                .setPreviousHash(ByteString.fromHex("9b08ecefccdabfbbacf419725d0b58967966464be36ca191e1c321a11f933e8b"))
                .setDataHash(ByteString.fromHex("f597684931b6af7e38e9fa7b587a8bbdacb3dc48665536167a294f0f1967fcf8"))
                .build();

        assertThat(hex.formatHex(BlockHashes.headerHash(genesis)))
                .isEqualTo("9b08ecefccdabfbbacf419725d0b58967966464be36ca191e1c321a11f933e8b");
        assertThat(hex.formatHex(BlockHashes.headerHash(first)))
                .isEqualTo("183129a234d8dbf12a370640b126876ef08924362ed0fbcde465a6d647a8e508");
    }

    @Test
    void data_hash_is_sha256_of_the_concatenated_envelopes() {
        BlockData data = BlockData.newBuilder()
                .addData(ByteString.copyFromUtf8("envelope one"))
                .addData(ByteString.copyFromUtf8("envelope two"))
                .build();

        assertThat(BlockHashes.dataHash(data))
                .isEqualTo(sha256("envelope oneenvelope two".getBytes(StandardCharsets.UTF_8)));
    }

    private static BlockHeader header(long number) {
        return BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(ByteString.copyFrom(PREVIOUS))
                .setDataHash(ByteString.copyFrom(DATA))
                .build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
