package org.silkroad.chaincode.dispute;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.escrow.EscrowRecord;
import org.silkroad.chaincode.escrow.Escrows;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerContract;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.Role;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Disputes over escrows and their arbitration. A party files a dispute naming the seat — the member state whose court
 * rules — and references evidence on the ledger; the escrow freezes at once. Only a court of the seat state rules:
 * release, refund or split by stated amounts; the ruling pays out the escrow in its own transaction and is final.
 */
@Contract(
        name = DisputeContract.NAME,
        info = @Info(title = "Silkroad disputes", description = "Disputes over escrows, ruled by a named court"))
public final class DisputeContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code dispute:<transaction>}. */
    public static final String NAME = "dispute";

    /** Chaincode events; the payload of each is the dispute record after the transaction. */
    public static final String FILED_EVENT = "dispute.Filed";
    public static final String RULED_EVENT = "dispute.Ruled";

    /**
     * Files a dispute over an open escrow and freezes it. Only the escrow's buyer or seller.
     *
     * @param requestJson {@code {"disputeId","escrowId","seat":"MYMSP","claim","evidence":[ref...]}}
     * @return the dispute record; a retry of the same filing returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND} (escrow), {@code FORBIDDEN} (not a
     *     party), {@code CONFLICT} (ID taken), {@code ESCROW_CLOSED}, {@code ESCROW_DISPUTED} (already frozen by
     *     another dispute), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String file(Context ctx, String requestJson) {
        DisputeRequests.File request = Json.parseArgument(requestJson, DisputeRequests.File.class);
        Caller caller = Caller.of(ctx);
        WalletId claimant = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        Disputes disputes = Disputes.of(ctx);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        Optional<DisputeRecord> existing = disputes.find(request.disputeId());
        if (existing.isPresent()) {
            if (existing.get().claimant().equals(claimant) && existing.get().requestHash().equals(requestHash)) {
                return Json.write(existing.get());
            }
            throw LedgerError.CONFLICT.exception("disputeId %s is already used by %s", request.disputeId(),
                    existing.get().claimant());
        }
        Escrows escrows = Escrows.of(ctx);
        EscrowRecord escrow = escrows.require(request.escrowId());
        if (!escrow.isParty(claimant)) {
            throw LedgerError.FORBIDDEN.exception("%s is not a party to escrow %s", claimant, escrow.escrowId());
        }
        WalletId respondent = escrow.buyer().equals(claimant) ? escrow.seller() : escrow.buyer();
        escrows.freeze(escrow, request.disputeId());
        DisputeRecord dispute = new DisputeRecord(request.disputeId(), escrow.escrowId(), claimant, respondent,
                request.seat(), request.claim(), request.evidence(), DisputeRecord.FILED, null, requestHash,
                TxTime.iso(stub), stub.getTxId());
        disputes.write(dispute);
        disputes.index(claimant, dispute.disputeId());
        disputes.index(respondent, dispute.disputeId());
        return emit(stub, FILED_EVENT, dispute);
    }

    /**
     * Rules on a dispute and executes the ruling on its escrow in this transaction. Only an identity with role court
     * of the seat state; final.
     *
     * @param requestJson {@code {"disputeId","outcome":"release"|"refund"|"split","currency"?,"toSeller"?,"toBuyer"?,
     *     "reasons"}}
     * @return the dispute record, ruled; the same ruling again returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (no role court),
     *     {@code WRONG_COURT} (a court of another state), {@code DISPUTE_CLOSED} (ruled differently before),
     *     {@code RULING_UNBALANCED} (a split that does not add up to what the escrow holds), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String rule(Context ctx, String requestJson) {
        DisputeRequests.Rule request = Json.parseArgument(requestJson, DisputeRequests.Rule.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.COURT);
        ChaincodeStub stub = ctx.getStub();
        Disputes disputes = Disputes.of(ctx);
        DisputeRecord dispute = disputes.require(request.disputeId());
        if (!caller.mspId().equals(dispute.seat())) {
            throw LedgerError.WRONG_COURT.exception("dispute %s is seated in %s; a court of %s cannot rule on it",
                    dispute.disputeId(), dispute.seat(), caller.mspId());
        }
        if (dispute.ruling() != null) {
            Ruling ruled = dispute.ruling();
            boolean same = ruled.outcome().equals(request.outcome()) && ruled.reasons().equals(request.reasons())
                    && (request.toSeller() == null || (ruled.toSeller() == request.toSeller()
                            && ruled.toBuyer() == request.toBuyer()));
            if (same) {
                return Json.write(dispute);
            }
            throw LedgerError.DISPUTE_CLOSED.exception("dispute %s was ruled (%s) in transaction %s; a ruling is final",
                    dispute.disputeId(), ruled.outcome(), ruled.ruledTx());
        }
        Escrows escrows = Escrows.of(ctx);
        EscrowRecord escrow = escrows.require(dispute.escrowId());
        long held = escrow.held().amount();
        long toSeller;
        long toBuyer;
        switch (request.outcome()) {
            case Ruling.RELEASE -> {
                toSeller = escrow.price().amount();
                toBuyer = held - toSeller;
            }
            case Ruling.REFUND -> {
                toSeller = 0;
                toBuyer = held;
            }
            default -> {
                if (!request.currency().equals(escrow.held().currency())) {
                    throw LedgerError.INVALID_ARGUMENT.exception("escrow %s holds %s; the split is stated in %s",
                            escrow.escrowId(), escrow.held().currency(), request.currency());
                }
                toSeller = request.toSeller();
                toBuyer = request.toBuyer();
            }
        }
        boolean billToBuyer = !Ruling.REFUND.equals(request.outcome());
        WalletId court = caller.walletId();
        EscrowRecord closed = escrows.executeRuling(escrow, dispute.disputeId(), toSeller, toBuyer, billToBuyer, court);
        DisputeRecord ruled = dispute.ruled(new Ruling(request.outcome(), toSeller, toBuyer, request.reasons(), court,
                closed.payouts(), closed.billTo(), TxTime.iso(stub), stub.getTxId()));
        disputes.write(ruled);
        return emit(stub, RULED_EVENT, ruled);
    }

    /**
     * The full record of a dispute: the dispute, its evidence references, its ruling, and the escrow. Only its parties
     * and the courts of its seat state.
     *
     * @param requestJson {@code {"disputeId"}}
     * @return {@code {"dispute":{...},"escrow":{...}}}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getDispute(Context ctx, String requestJson) {
        DisputeRequests.DisputeOnly request = Json.parseArgument(requestJson, DisputeRequests.DisputeOnly.class);
        Caller caller = Caller.of(ctx);
        DisputeRecord dispute = Disputes.of(ctx).require(request.disputeId());
        boolean court = caller.hasRole(Role.COURT) && caller.mspId().equals(dispute.seat());
        boolean party = caller.enrollmentId().isPresent() && dispute.isParty(caller.walletId());
        if (!court && !party) {
            throw LedgerError.FORBIDDEN.exception("only the parties and the courts of %s read dispute %s",
                    dispute.seat(), dispute.disputeId());
        }
        return Json.write(new DisputeFile(dispute, Escrows.of(ctx).require(dispute.escrowId())));
    }

    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    private static String emit(ChaincodeStub stub, String event, DisputeRecord dispute) {
        byte[] bytes = Json.bytes(dispute);
        stub.setEvent(event, bytes);
        return new String(bytes, UTF_8);
    }
}
