package org.silkroad.gateway.escrow;

import java.util.List;
import java.util.Optional;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The calls to the chaincode's {@code escrow} contract, as the caller, with its JSON in and out. */
@Component
class EscrowLedger {

    static final String CONTRACT = "escrow";

    private final Ledger ledger;
    private final JsonMapper json;

    EscrowLedger(Ledger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    /** The escrow record as the chaincode writes it (fields the gateway does not use are ignored). */
    record Escrow(String escrowId, String buyer, String seller, String invoiceRef, String billId,
                  Conditions conditions, String expiresAt, Price price, String quoteId, Long baseAmount, Held held,
                  String custodian, String status, boolean billDeposited, String deliveryConfirmedAt,
                  String disputeId, List<Payout> payouts, String billTo, String closedBy, String closedAt,
                  String closedTx, String createdAt, String createdTx) {
    }

    record Conditions(Boolean billOfLading, Boolean importCleared, String deliveryConfirmedBy) {
    }

    record Price(String currency, long amount) {
    }

    record Held(String account, String currency, long amount, String note, String txId) {
    }

    record Payout(String wallet, String currency, long amount, String noteId) {
    }

    /** The argument of {@code escrow:create}. */
    record Create(String escrowId, String seller, String invoiceRef, String billId, Conditions conditions,
                  String expiresAt, Price price, List<String> inputs, String quoteId, Long baseAmount) {
    }

    record EscrowOnly(String escrowId) {
    }

    Ledger.Prepared prepareCreate(FabricIdentity as, Create request) {
        return ledger.prepare(as, CONTRACT, "create", json.writeValueAsString(request));
    }

    Escrow read(Ledger.Committed committed, String transaction) {
        return read(committed.result(), transaction, committed.transactionId());
    }

    Escrow get(FabricIdentity as, String escrowId) {
        return read(ledger.evaluate(as, CONTRACT, "getEscrow", json.writeValueAsString(new EscrowOnly(escrowId))),
                "getEscrow", null);
    }

    Optional<Escrow> find(FabricIdentity as, String escrowId) {
        try {
            return Optional.of(get(as, escrowId));
        } catch (LedgerException e) {
            if (e.kind() == LedgerException.Kind.REJECTED && e.code().filter("NOT_FOUND"::equals).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One of the escrow's steps named by its ID only: depositBill, confirmDelivery, settle, refund. */
    Escrow step(FabricIdentity as, String transaction, String escrowId) {
        Ledger.Committed committed = ledger.submit(as, CONTRACT, transaction,
                json.writeValueAsString(new EscrowOnly(escrowId)));
        return read(committed, transaction);
    }

    private Escrow read(byte[] result, String transaction, String transactionId) {
        try {
            Escrow escrow = json.readValue(result, Escrow.class);
            if (escrow == null) {
                throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                        CONTRACT + ":" + transaction + " returned null", transactionId, null);
            }
            return escrow;
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    CONTRACT + ":" + transaction + " returned a result that is not an escrow", transactionId, e);
        }
    }
}
