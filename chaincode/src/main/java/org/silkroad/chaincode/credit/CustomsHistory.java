package org.silkroad.chaincode.credit;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.contract.Context;
import org.silkroad.chaincode.customs.DeclarationRecord;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.StateScan;
import org.silkroad.chaincode.shared.WalletId;

/**
 * A business's customs holds and rejections, for its trade record. The customs contract offers reads by declaration
 * and by bill only, so this adapter scans its declarations (object type {@value #DECLARATION}, as the customs contract
 * keys them) and keeps the business's: a query-only range read, never used by a submit transaction.
 */
final class CustomsHistory {

    /** The customs contract's key type of declarations ({@code CustomsKeys.DECLARATION}, package-private there). */
    static final String DECLARATION = "silkroad.customs.declaration";

    private CustomsHistory() {}

    /**
     * @param ctx the query's context
     * @param business the declarant
     * @return every hold step and every rejection of the business's declarations, in declaration ID order
     */
    static TradeRecord.CustomsFigures figures(Context ctx, WalletId business) {
        List<TradeRecord.CustomsEntry> entries = new ArrayList<>();
        int[] counts = new int[2];
        StateScan.forEach(ctx.getStub(), kv -> {
            DeclarationRecord declaration = Json.parseState(kv.getValue(), DeclarationRecord.class, kv.getKey());
            if (!declaration.declarant().equals(business)) {
                return;
            }
            for (DeclarationRecord.Step step : declaration.steps()) {
                boolean hold = DeclarationRecord.HELD.equals(step.status());
                boolean rejection = DeclarationRecord.REJECTED.equals(step.status());
                if (hold || rejection) {
                    counts[hold ? 0 : 1]++;
                    entries.add(new TradeRecord.CustomsEntry("customs:" + declaration.declarationId(),
                            declaration.state().value(), step.status(), step.reason(), step.txId()));
                }
            }
        }, DECLARATION);
        return new TradeRecord.CustomsFigures(counts[0], counts[1], entries);
    }
}
