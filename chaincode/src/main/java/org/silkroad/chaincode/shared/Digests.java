package org.silkroad.chaincode.shared;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Hashes of canonical JSON, e.g. to tell a retried request from a different one under the same ID. */
public final class Digests {

    private Digests() {}

    /**
     * SHA-256 of some bytes.
     *
     * @param bytes the input, e.g. {@link Json#bytes} of a request
     * @return 64 lower-case hex digits
     */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
