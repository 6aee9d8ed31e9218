package org.silkroad.chaincode.escrow;

import org.hyperledger.fabric.contract.Context;
import org.silkroad.chaincode.customs.Declarations;
import org.silkroad.chaincode.shared.MspId;

/** The escrow's condition "import cleared", read from the customs contract's declarations (point reads). */
final class ImportClearance {

    private ImportClearance() {}

    /**
     * @param ctx the transaction's context
     * @param billId the escrow's bill of lading
     * @param importingState the buyer's state, whose customs must have cleared the goods
     * @return true when the bill's latest import declaration was decided by that state and is cleared
     */
    static boolean cleared(Context ctx, String billId, MspId importingState) {
        return Declarations.of(ctx).forBill(billId)
                .filter(declaration -> declaration.state().equals(importingState))
                .map(declaration -> declaration.cleared())
                .orElse(false);
    }
}
