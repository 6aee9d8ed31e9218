package org.silkroad.chaincode.customs;

import java.util.Objects;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.StateKeys;

/**
 * Customs declarations as other contracts of this chaincode read them inside their own transaction, e.g. an escrow that
 * pays the seller only once the goods are cleared. Point reads only, so usable in a submit transaction; read-only.
 */
public final class Declarations {

    private final ChaincodeStub stub;

    private Declarations(ChaincodeStub stub) {
        this.stub = stub;
    }

    /**
     * @param ctx the transaction's context
     * @return declarations as this transaction sees them (committed state)
     */
    public static Declarations of(Context ctx) {
        return new Declarations(Objects.requireNonNull(ctx, "ctx").getStub());
    }

    /**
     * @param declarationId a declaration's ID
     * @return the declaration (status, deciding state, bill, invoice, duty, steps), or empty
     */
    public Optional<DeclarationRecord> find(String declarationId) {
        Identifiers.require("declarationId", declarationId);
        String key = StateKeys.composite(CustomsKeys.DECLARATION, declarationId);
        byte[] bytes = stub.getState(key);
        return bytes == null || bytes.length == 0 ? Optional.empty()
                : Optional.of(Json.parseState(bytes, DeclarationRecord.class, key));
    }

    /**
     * The latest import declaration that references a bill of lading (a rejected one is replaced when the importer
     * declares again).
     *
     * @param billId the bill's ID
     * @return the declaration, or empty when none references the bill
     */
    public Optional<DeclarationRecord> forBill(String billId) {
        Identifiers.require("billId", billId);
        String key = StateKeys.composite(CustomsKeys.BY_BILL, billId);
        byte[] bytes = stub.getState(key);
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        return find(Json.parseState(bytes, DeclarationIndex.class, key).declarationId());
    }

    /**
     * Whether the goods a bill of lading covers are cleared for import.
     *
     * @param billId the bill's ID
     * @return true when the bill's latest import declaration is cleared (its duty is then paid)
     */
    public boolean clearedFor(String billId) {
        return forBill(billId).map(DeclarationRecord::cleared).orElse(false);
    }
}
