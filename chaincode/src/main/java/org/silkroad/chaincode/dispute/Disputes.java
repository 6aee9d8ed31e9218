package org.silkroad.chaincode.dispute;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.StateScan;
import org.silkroad.chaincode.shared.WalletId;

/** Disputes for the other contracts of this chaincode (the trade record of the {@code credit} contract). */
public final class Disputes {

    private final ChaincodeStub stub;

    private Disputes(Context ctx) {
        this.stub = Objects.requireNonNull(ctx, "ctx").getStub();
    }

    /**
     * @param ctx the transaction's context
     * @return disputes as this transaction sees them
     */
    public static Disputes of(Context ctx) {
        return new Disputes(ctx);
    }

    /**
     * Reads a dispute.
     *
     * @param disputeId the dispute
     * @return the dispute, or empty
     */
    public Optional<DisputeRecord> find(String disputeId) {
        String key = key(Identifiers.require("disputeId", disputeId));
        byte[] bytes = stub.getState(key);
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.parseState(bytes, DisputeRecord.class, key));
    }

    /**
     * Reads a dispute that must exist.
     *
     * @param disputeId the dispute
     * @return the dispute
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    public DisputeRecord require(String disputeId) {
        return find(disputeId).orElseThrow(() -> LedgerError.NOT_FOUND.exception("no dispute %s", disputeId));
    }

    /**
     * The disputes a business is a party to, for queries only (a range read).
     *
     * @param party the business
     * @return the disputes, in dispute ID order
     */
    public List<DisputeRecord> forParty(WalletId party) {
        List<String> ids = new ArrayList<>();
        StateScan.forEach(stub, kv -> ids.add(stub.splitCompositeKey(kv.getKey()).getAttributes().get(1)),
                DisputeKeys.BY_PARTY, party.value());
        List<DisputeRecord> disputes = new ArrayList<>(ids.size());
        for (String id : ids) {
            disputes.add(require(id));
        }
        return disputes;
    }

    void write(DisputeRecord dispute) {
        stub.putState(key(dispute.disputeId()), Json.bytes(dispute));
    }

    void index(WalletId party, String disputeId) {
        stub.putState(StateKeys.composite(DisputeKeys.BY_PARTY, party.value(), disputeId),
                Json.bytes(disputeId));
    }

    private String key(String disputeId) {
        return StateKeys.composite(DisputeKeys.DISPUTE, disputeId);
    }
}
