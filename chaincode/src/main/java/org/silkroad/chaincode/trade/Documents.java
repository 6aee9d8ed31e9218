package org.silkroad.chaincode.trade;

import java.util.Objects;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.Stored;

/**
 * Registered trade documents as other contracts read them inside their own transaction (customs cross-checks a
 * declaration against its invoice and certificate of origin). Point reads only; read-only.
 */
public final class Documents {

    private final TradeState state;

    private Documents(TradeState state) {
        this.state = state;
    }

    /**
     * @param ctx the transaction's context
     * @return documents as this transaction sees them
     */
    public static Documents of(Context ctx) {
        return new Documents(new TradeState(Objects.requireNonNull(ctx, "ctx").getStub()));
    }

    /**
     * @param documentId a document's ID
     * @return its latest version (possibly void), or empty
     */
    public Optional<DocumentRecord> find(String documentId) {
        Identifiers.require("documentId", documentId);
        Stored<DocumentRecord> stored = state.document(documentId);
        return stored == null ? Optional.empty() : Optional.of(stored.value());
    }
}
