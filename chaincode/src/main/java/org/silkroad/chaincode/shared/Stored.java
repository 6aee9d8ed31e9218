package org.silkroad.chaincode.shared;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * A value read from the ledger together with its stored bytes, so that a retry can return them unchanged.
 *
 * @param value the value
 * @param bytes the stored JSON
 * @param <T> the record type
 */
public record Stored<T>(T value, byte[] bytes) {

    /**
     * Point-reads a key.
     *
     * @param stub the transaction's stub
     * @param key the state key
     * @param type the record it was written from
     * @param <T> the type
     * @return the value with its bytes, or null when the key is absent
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#INTERNAL} when it does not read as the
     *     type
     */
    public static <T> Stored<T> read(ChaincodeStub stub, String key, Class<T> type) {
        byte[] bytes = stub.getState(key);
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        return new Stored<>(Json.parseState(bytes, type, key), bytes);
    }

    /** @return the stored JSON text */
    public String text() {
        return new String(bytes, UTF_8);
    }
}
