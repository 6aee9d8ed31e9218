package org.silkroad.ops.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;

import com.google.protobuf.ByteString;

/**
 * Block hashes computed the way Fabric computes them ({@code protoutil.BlockHeaderHash},
 * {@code protoutil.ComputeBlockDataHash}), so that a block fetched from any peer can be checked without trusting it.
 *
 * <p>A header is not hashed as protobuf (whose encoding is not canonical) but as the ASN.1 DER encoding of
 * {@code SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }}; the next block's
 * {@code previous_hash} and {@code BlockchainInfo.currentBlockHash} are this value.
 */
public final class BlockHashes {

    private BlockHashes() {
    }

    /** The DER bytes Fabric hashes for a block header. */
    public static byte[] headerBytes(BlockHeader header) {
        Objects.requireNonNull(header, "header");
        ASN1EncodableVector fields = new ASN1EncodableVector(3);
        // The block number is a uint64 in the protobuf and a big.Int (never negative) in Fabric's ASN.1 struct.
        fields.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(header.getNumber()))));
        fields.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        fields.add(new DEROctetString(header.getDataHash().toByteArray()));
        try {
            return new DERSequence(fields).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException("DER encoding of a block header failed", e);
        }
    }

    /** SHA-256 of {@link #headerBytes(BlockHeader)}: the block's hash. */
    public static byte[] headerHash(BlockHeader header) {
        return sha256().digest(headerBytes(header));
    }

    /** SHA-256 over the concatenated transaction envelopes: what the header's {@code data_hash} must be. */
    public static byte[] dataHash(BlockData data) {
        Objects.requireNonNull(data, "data");
        MessageDigest digest = sha256();
        for (ByteString envelope : data.getDataList()) {
            digest.update(envelope.asReadOnlyByteBuffer());
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
