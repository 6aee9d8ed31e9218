package org.silkroad.chaincode.shared;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The only clock a transaction may read: the timestamp the client put in the proposal header, identical on every
 * endorsing peer. The system clock would differ between peers and break endorsement.
 */
public final class TxTime {

    private TxTime() {}

    /**
     * The transaction's timestamp.
     *
     * @param stub the transaction's stub
     * @return the proposal header timestamp
     */
    public static Instant of(ChaincodeStub stub) {
        Instant timestamp = stub.getTxTimestamp();
        if (timestamp == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("transaction %s has no timestamp", stub.getTxId());
        }
        return timestamp;
    }

    /**
     * The transaction's timestamp in ISO-8601, UTC ({@code 2025-11-28T13:01:02.345Z}); fractional seconds are written
     * only when present, in groups of three digits.
     *
     * @param stub the transaction's stub
     * @return the timestamp text
     */
    public static String iso(ChaincodeStub stub) {
        return DateTimeFormatter.ISO_INSTANT.format(of(stub));
    }
}
