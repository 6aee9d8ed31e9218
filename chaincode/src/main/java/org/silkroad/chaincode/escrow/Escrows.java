package org.silkroad.chaincode.escrow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.currency.Holdings;
import org.silkroad.chaincode.currency.PaymentOutput;
import org.silkroad.chaincode.currency.Payout;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.StateScan;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.trade.BillRecord;
import org.silkroad.chaincode.trade.BillsOfLading;

/**
 * Escrows for the other contracts of this chaincode, inside their own transaction: the {@code dispute} contract
 * freezes an escrow and executes a court's ruling on it; the {@code credit} contract reads a business's escrows for its
 * trade record. Every change is a point read and write of the escrow's key (plus the held note and the bill), so a
 * ruling conflicts only with a concurrent settlement or refund of the same escrow — and exactly one of them commits.
 */
public final class Escrows {

    /** The contract name the escrow's money account and bill custody are held under. */
    static final String CONTRACT = EscrowContract.NAME;

    private final Context ctx;
    private final ChaincodeStub stub;

    private Escrows(Context ctx) {
        this.ctx = ctx;
        this.stub = ctx.getStub();
    }

    /**
     * @param ctx the transaction's context
     * @return escrows as this transaction sees them (committed state only)
     */
    public static Escrows of(Context ctx) {
        return new Escrows(Objects.requireNonNull(ctx, "ctx"));
    }

    /**
     * Reads an escrow that must exist.
     *
     * @param escrowId the escrow
     * @return the escrow
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code INVALID_ARGUMENT}
     */
    public EscrowRecord require(String escrowId) {
        return find(escrowId).orElseThrow(() -> LedgerError.NOT_FOUND.exception("no escrow %s", escrowId));
    }

    /**
     * Reads an escrow.
     *
     * @param escrowId the escrow
     * @return the escrow, or empty
     */
    public Optional<EscrowRecord> find(String escrowId) {
        String key = key(EscrowRequests.requireEscrowId(escrowId));
        byte[] bytes = stub.getState(key);
        if (bytes == null || bytes.length == 0) {
            return Optional.empty();
        }
        return Optional.of(Json.parseState(bytes, EscrowRecord.class, key));
    }

    /**
     * Freezes an open escrow for a dispute: from now on only the dispute's ruling moves its money or bill.
     *
     * @param escrow the escrow, as read by this transaction
     * @param disputeId the dispute
     * @return the escrow, disputed
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code ESCROW_CLOSED}, {@code ESCROW_DISPUTED} (another
     *     dispute froze it)
     */
    public EscrowRecord freeze(EscrowRecord escrow, String disputeId) {
        requireOpen(escrow);
        if (EscrowRecord.DISPUTED.equals(escrow.status())) {
            throw LedgerError.ESCROW_DISPUTED.exception("escrow %s is already frozen by dispute %s",
                    escrow.escrowId(), escrow.disputeId());
        }
        EscrowRecord frozen = escrow.disputed(disputeId);
        write(frozen);
        return frozen;
    }

    /**
     * Executes a court's ruling on a disputed escrow, in the ruling's transaction: pays the held note out as the ruling
     * says and hands the bill of lading in custody to the buyer (release, split) or back to the seller (refund).
     *
     * @param escrow the escrow, as read by this transaction; must be frozen by {@code disputeId}
     * @param disputeId the dispute ruled on
     * @param toSeller minor units of the held currency for the seller
     * @param toBuyer minor units for the buyer; {@code toSeller + toBuyer} must be the held amount
     * @param billToBuyer whether the bill in custody goes to the buyer (else back to the seller)
     * @param court the ruling court's identity, recorded as who closed the escrow
     * @return the escrow, ruled
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code RULING_UNBALANCED}, {@code ESCROW_CLOSED},
     *     {@code CONFLICT} (the escrow is frozen by another dispute)
     */
    public EscrowRecord executeRuling(EscrowRecord escrow, String disputeId, long toSeller, long toBuyer,
            boolean billToBuyer, WalletId court) {
        requireOpen(escrow);
        if (!EscrowRecord.DISPUTED.equals(escrow.status()) || !disputeId.equals(escrow.disputeId())) {
            throw LedgerError.CONFLICT.exception("escrow %s is not frozen by dispute %s", escrow.escrowId(), disputeId);
        }
        long held = escrow.held().amount();
        if (toSeller < 0 || toBuyer < 0 || toSeller > held || toBuyer != held - toSeller) {
            throw LedgerError.RULING_UNBALANCED.exception(
                    "escrow %s holds %d %s; the ruling gives %d to the seller and %d to the buyer", escrow.escrowId(),
                    held, escrow.held().currency(), toSeller, toBuyer);
        }
        return close(escrow, EscrowRecord.RULED, toSeller, toBuyer, billToBuyer, court);
    }

    /**
     * A business's escrows, for queries only (a range read).
     *
     * @param party the business
     * @return its index entries, in escrow ID order
     */
    public List<PartyEntry> forParty(WalletId party) {
        List<PartyEntry> entries = new ArrayList<>();
        StateScan.forEach(stub, kv -> entries.add(Json.parseState(kv.getValue(), PartyEntry.class, kv.getKey())),
                EscrowKeys.BY_PARTY, party.value());
        return entries;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // For the escrow contract's own transactions

    static void requireOpen(EscrowRecord escrow) {
        if (escrow.closed()) {
            throw LedgerError.ESCROW_CLOSED.exception("escrow %s was %s in transaction %s", escrow.escrowId(),
                    escrow.status(), escrow.closedTx());
        }
    }

    /**
     * Pays the held note out and hands over the bill if the escrow's custodian holds it, then writes the closed escrow.
     * Zero payouts are left out.
     */
    EscrowRecord close(EscrowRecord escrow, String status, long toSeller, long toBuyer, boolean billToBuyer,
            WalletId closedBy) {
        List<Payout> payouts = new ArrayList<>(2);
        if (toSeller > 0) {
            payouts.add(new Payout(escrow.seller(), toSeller));
        }
        if (toBuyer > 0) {
            payouts.add(new Payout(escrow.buyer(), toBuyer));
        }
        WalletId billTo = null;
        BillsOfLading bills = BillsOfLading.of(ctx);
        BillRecord bill = bills.find(escrow.billId()).orElse(null);
        if (bill != null && bill.active() && bill.holder().equals(escrow.custodian())) {
            billTo = billToBuyer ? escrow.buyer() : escrow.seller();
            bills.transfer(CONTRACT, escrow.billId(), escrow.custodian(), billTo,
                    "escrow " + escrow.escrowId() + " " + status);
        }
        List<PaymentOutput> paid = Holdings.of(ctx).release(escrow.held(), payouts,
                "escrow:" + escrow.escrowId() + ":" + status);
        EscrowRecord closed = escrow.closed(status, paid, billTo, closedBy, TxTime.iso(stub), stub.getTxId());
        write(closed);
        return closed;
    }

    void write(EscrowRecord escrow) {
        stub.putState(key(escrow.escrowId()), Json.bytes(escrow));
    }

    String key(String escrowId) {
        return StateKeys.composite(EscrowKeys.ESCROW, escrowId);
    }

    String partyKey(WalletId party, String escrowId) {
        return StateKeys.composite(EscrowKeys.BY_PARTY, party.value(), escrowId);
    }
}
