package org.silkroad.chaincode.escrow;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.currency.Held;
import org.silkroad.chaincode.currency.Holdings;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerContract;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.Role;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.trade.BillRecord;
import org.silkroad.chaincode.trade.BillsOfLading;

/**
 * Escrow with delivery versus payment. A buyer locks digital currency for a trade (its invoice and bill of lading),
 * with release conditions and an expiry. Once the conditions hold, any party settles: in that one transaction the
 * seller is paid and the buyer receives the bill of lading from the escrow's custody — or, if any step fails, neither
 * happens. After the expiry the buyer may take the money back instead. A dispute ({@code dispute} contract) freezes the
 * escrow until its court rules.
 *
 * <p>The money is held with {@link Holdings} (a note owned by the escrow's account, counted by the currency audit); the
 * bill is held with {@link BillsOfLading} (custodian {@code <seller's MSP ID>/escrow:<escrowId>}, so the seller's
 * state endorses every move of the bill in custody). Submit transactions read only named keys.
 */
@Contract(
        name = EscrowContract.NAME,
        info = @Info(title = "Silkroad escrow", description = "Escrow with atomic delivery versus payment"))
public final class EscrowContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code escrow:<transaction>}. */
    public static final String NAME = "escrow";

    /** Chaincode events; the payload of each is the escrow record after the transaction. */
    public static final String CREATED_EVENT = "escrow.Created";
    public static final String BILL_DEPOSITED_EVENT = "escrow.BillDeposited";
    public static final String DELIVERY_CONFIRMED_EVENT = "escrow.DeliveryConfirmed";
    public static final String SETTLED_EVENT = "escrow.Settled";
    public static final String REFUNDED_EVENT = "escrow.Refunded";

    /**
     * Locks the buyer's money for a trade. The caller (role business or ehub) is the buyer; its named notes are spent
     * into the escrow's account ({@code price} in the price's currency), or — hedged — {@code baseAmount} of its notes
     * in the quote's base currency is converted at the liquidity provider's quote into the price's currency, which must
     * cover the price (a surplus from rounding goes back to the buyer at the end).
     *
     * @param requestJson {@code {"escrowId","seller","invoiceRef","billId","conditions":{"billOfLading","importCleared",
     *     "deliveryConfirmedBy"},"expiresAt","price":{"currency","amount"},"inputs":[noteId...],"quoteId"?,
     *     "baseAmount"?}}
     * @return the escrow record; a retry of the same terms by the same buyer returns it unchanged and spends nothing,
     *     whichever notes it names
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code CONFLICT} (ID taken),
     *     {@code NOT_FOUND} (bill), {@code BILL_NOT_ACTIVE}, {@code ESCROW_UNDERFUNDED}, {@code INVALID_ARGUMENT}, and
     *     the currency's refusals ({@code NOTE_SPENT}, {@code UNBALANCED}, {@code QUOTE_EXPIRED}, ...)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String create(Context ctx, String requestJson) {
        EscrowRequests.Create request = Json.parseArgument(requestJson, EscrowRequests.Create.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BUSINESS, Role.EHUB);
        WalletId buyer = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        Escrows escrows = Escrows.of(ctx);

        String requestHash = Digests.sha256Hex(Json.bytes(request.terms()));
        Optional<EscrowRecord> existing = escrows.find(request.escrowId());
        if (existing.isPresent()) {
            EscrowRecord first = existing.get();
            if (first.buyer().equals(buyer) && first.requestHash().equals(requestHash)) {
                return Json.write(first);
            }
            throw LedgerError.CONFLICT.exception("escrowId %s is already used by %s for another escrow",
                    request.escrowId(), first.buyer());
        }
        if (request.seller().equals(buyer)) {
            throw LedgerError.INVALID_ARGUMENT.exception("the buyer %s cannot be its own seller", buyer);
        }
        WalletId ehub = request.conditions().deliveryConfirmedBy();
        if (ehub != null && (ehub.equals(buyer) || ehub.equals(request.seller()))) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "deliveryConfirmedBy %s must be a third party, not the buyer or the seller", ehub);
        }
        Instant now = TxTime.of(stub);
        if (!Instant.parse(request.expiresAt()).isAfter(now)) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "expiresAt %s is not after the transaction time %s", request.expiresAt(), TxTime.iso(stub));
        }
        BillRecord bill = BillsOfLading.of(ctx).require(request.billId());
        if (!bill.active()) {
            throw LedgerError.BILL_NOT_ACTIVE.exception("bill %s is %s", bill.billId(), bill.status());
        }
        if (!request.invoiceRef().equals(bill.invoiceRef())) {
            throw LedgerError.INVALID_ARGUMENT.exception("bill %s belongs to invoice %s, not %s", bill.billId(),
                    bill.invoiceRef(), request.invoiceRef());
        }
        if (request.conditions().billOfLading() && !bill.holder().equals(request.seller())
                && !bill.holder().equals(buyer)) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "bill %s is held by %s; the seller %s must hold it to deliver it", bill.billId(), bill.holder(),
                    request.seller());
        }

        WalletId custodian = BillsOfLading.custodian(request.seller().mspId(), NAME, request.escrowId());
        WalletId account = Holdings.account(request.seller().mspId(), NAME, request.escrowId());
        String reference = "escrow:" + request.escrowId() + ":fund";
        Holdings holdings = Holdings.of(ctx);
        Held held;
        if (request.hedged()) {
            held = holdings.holdThroughQuote(caller, request.quoteId(), request.inputs(), request.baseAmount(),
                    account, reference);
            if (!held.currency().equals(request.price().currency())) {
                throw LedgerError.INVALID_ARGUMENT.exception("quote %s converts into %s, the price is in %s",
                        request.quoteId(), held.currency(), request.price().currency());
            }
            if (held.amount() < request.price().amount()) {
                throw LedgerError.ESCROW_UNDERFUNDED.exception(
                        "%d of the quote's base currency converts to %d %s at quote %s; the price is %d",
                        request.baseAmount(), held.amount(), held.currency(), request.quoteId(),
                        request.price().amount());
            }
        } else {
            held = holdings.hold(caller, request.price().currency(), request.inputs(), request.price().amount(),
                    account, reference);
        }

        EscrowRecord escrow = new EscrowRecord(request.escrowId(), buyer, request.seller(), request.invoiceRef(),
                request.billId(), request.conditions(), request.expiresAt(), request.price(), request.quoteId(),
                request.baseAmount(), held, custodian, EscrowRecord.FUNDED, false, null, null, null, null, null, null,
                null, null, requestHash, TxTime.iso(stub), stub.getTxId());
        escrows.write(escrow);
        stub.putState(escrows.partyKey(buyer, escrow.escrowId()),
                Json.bytes(new PartyEntry(escrow.escrowId(), PartyEntry.BUYER)));
        stub.putState(escrows.partyKey(request.seller(), escrow.escrowId()),
                Json.bytes(new PartyEntry(escrow.escrowId(), PartyEntry.SELLER)));
        return emit(stub, CREATED_EVENT, escrow);
    }

    /**
     * The seller puts the bill of lading into the escrow's custody, from where settlement hands it to the buyer (or a
     * refund back to the seller). Only the seller, while the escrow is open and the bill is its to give.
     *
     * @param requestJson {@code {"escrowId"}}
     * @return the escrow record; repeated, it changes nothing
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not the seller),
     *     {@code ESCROW_CLOSED}, {@code ESCROW_DISPUTED}, {@code NOT_HOLDER}, {@code BILL_NOT_ACTIVE}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String depositBill(Context ctx, String requestJson) {
        EscrowRequests.EscrowOnly request = Json.parseArgument(requestJson, EscrowRequests.EscrowOnly.class);
        Caller caller = Caller.of(ctx);
        Escrows escrows = Escrows.of(ctx);
        EscrowRecord escrow = escrows.require(request.escrowId());
        if (!escrow.seller().equals(caller.walletId())) {
            throw LedgerError.FORBIDDEN.exception("only the seller %s deposits the bill of escrow %s", escrow.seller(),
                    escrow.escrowId());
        }
        if (escrow.billDeposited()) {
            return Json.write(escrow);
        }
        requireUnfrozen(escrow);
        BillsOfLading.of(ctx).transfer(NAME, escrow.billId(), escrow.seller(), escrow.custodian(),
                "deposited into escrow " + escrow.escrowId());
        EscrowRecord deposited = escrow.withBillDeposited();
        escrows.write(deposited);
        return emit(ctx.getStub(), BILL_DEPOSITED_EVENT, deposited);
    }

    /**
     * The eHub the escrow names confirms that the goods were delivered.
     *
     * @param requestJson {@code {"escrowId"}}
     * @return the escrow record; repeated, it changes nothing
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not the named eHub,
     *     or no role ehub), {@code ESCROW_CLOSED}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String confirmDelivery(Context ctx, String requestJson) {
        EscrowRequests.EscrowOnly request = Json.parseArgument(requestJson, EscrowRequests.EscrowOnly.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.EHUB);
        Escrows escrows = Escrows.of(ctx);
        EscrowRecord escrow = escrows.require(request.escrowId());
        WalletId named = escrow.conditions().deliveryConfirmedBy();
        if (named == null || !named.equals(caller.walletId())) {
            throw LedgerError.FORBIDDEN.exception("escrow %s names %s to confirm delivery, not %s", escrow.escrowId(),
                    named == null ? "no eHub" : named, caller.walletId());
        }
        if (escrow.deliveryConfirmedAt() != null) {
            return Json.write(escrow);
        }
        Escrows.requireOpen(escrow);
        ChaincodeStub stub = ctx.getStub();
        EscrowRecord confirmed = escrow.withDeliveryConfirmed(TxTime.iso(stub), stub.getTxId());
        escrows.write(confirmed);
        return emit(stub, DELIVERY_CONFIRMED_EVENT, confirmed);
    }

    /**
     * Settles an escrow whose conditions all hold, delivery versus payment in this one transaction: the bill of lading
     * in custody goes to the buyer, the price to the seller (a conversion surplus back to the buyer). Any party — the
     * buyer, the seller or the named eHub — may trigger it, also after the expiry as long as the buyer has not taken
     * the money back.
     *
     * @param requestJson {@code {"escrowId"}}
     * @return the escrow record, settled; repeated after the settlement, it returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not a party),
     *     {@code ESCROW_CONDITIONS_UNMET} (with the unmet ones), {@code ESCROW_DISPUTED}, {@code ESCROW_CLOSED}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String settle(Context ctx, String requestJson) {
        EscrowRequests.EscrowOnly request = Json.parseArgument(requestJson, EscrowRequests.EscrowOnly.class);
        Caller caller = Caller.of(ctx);
        WalletId who = caller.walletId();
        Escrows escrows = Escrows.of(ctx);
        EscrowRecord escrow = escrows.require(request.escrowId());
        if (!escrow.isParty(who) && !who.equals(escrow.conditions().deliveryConfirmedBy())) {
            throw LedgerError.FORBIDDEN.exception("%s is not a party to escrow %s", who, escrow.escrowId());
        }
        if (EscrowRecord.SETTLED.equals(escrow.status())) {
            return Json.write(escrow);
        }
        Escrows.requireOpen(escrow);
        requireUnfrozen(escrow);
        List<String> unmet = unmetConditions(ctx, escrow);
        if (!unmet.isEmpty()) {
            throw LedgerError.ESCROW_CONDITIONS_UNMET.exception("escrow %s cannot settle: %s", escrow.escrowId(),
                    String.join("; ", unmet));
        }
        long toSeller = escrow.price().amount();
        long surplus = escrow.held().amount() - toSeller;
        EscrowRecord settled = escrows.close(escrow, EscrowRecord.SETTLED, toSeller, surplus, true, who);
        return emit(ctx.getStub(), SETTLED_EVENT, settled);
    }

    /**
     * Gives the buyer its money back once the escrow has expired (transaction time at or after {@code expiresAt}) and
     * has been neither settled nor disputed. A bill in custody goes back to the seller. Only the buyer.
     *
     * @param requestJson {@code {"escrowId"}}
     * @return the escrow record, refunded; repeated, it returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not the buyer),
     *     {@code ESCROW_NOT_EXPIRED}, {@code ESCROW_DISPUTED}, {@code ESCROW_CLOSED}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String refund(Context ctx, String requestJson) {
        EscrowRequests.EscrowOnly request = Json.parseArgument(requestJson, EscrowRequests.EscrowOnly.class);
        Caller caller = Caller.of(ctx);
        Escrows escrows = Escrows.of(ctx);
        EscrowRecord escrow = escrows.require(request.escrowId());
        if (!escrow.buyer().equals(caller.walletId())) {
            throw LedgerError.FORBIDDEN.exception("only the buyer %s takes back the money of escrow %s",
                    escrow.buyer(), escrow.escrowId());
        }
        if (EscrowRecord.REFUNDED.equals(escrow.status())) {
            return Json.write(escrow);
        }
        Escrows.requireOpen(escrow);
        requireUnfrozen(escrow);
        ChaincodeStub stub = ctx.getStub();
        if (TxTime.of(stub).isBefore(Instant.parse(escrow.expiresAt()))) {
            throw LedgerError.ESCROW_NOT_EXPIRED.exception("escrow %s expires at %s; the transaction is timestamped %s",
                    escrow.escrowId(), escrow.expiresAt(), TxTime.iso(stub));
        }
        EscrowRecord refunded = escrows.close(escrow, EscrowRecord.REFUNDED, 0, escrow.held().amount(), false,
                escrow.buyer());
        return emit(stub, REFUNDED_EVENT, refunded);
    }

    /**
     * Reads an escrow. The buyer, the seller, the named eHub, courts and regulators may.
     *
     * @param requestJson {@code {"escrowId"}}
     * @return the escrow record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getEscrow(Context ctx, String requestJson) {
        EscrowRequests.EscrowOnly request = Json.parseArgument(requestJson, EscrowRequests.EscrowOnly.class);
        Caller caller = Caller.of(ctx);
        EscrowRecord escrow = Escrows.of(ctx).require(request.escrowId());
        boolean party = caller.enrollmentId().isPresent() && (escrow.isParty(caller.walletId())
                || caller.walletId().equals(escrow.conditions().deliveryConfirmedBy()));
        if (!party && !caller.hasRole(Role.COURT) && !caller.hasRole(Role.REGULATOR)) {
            throw LedgerError.FORBIDDEN.exception("%s is not a party to escrow %s", caller, escrow.escrowId());
        }
        return Json.write(escrow);
    }

    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The conditions that do not hold, in words; empty when the escrow may settle. Point reads only. */
    private static List<String> unmetConditions(Context ctx, EscrowRecord escrow) {
        List<String> unmet = new ArrayList<>();
        Conditions conditions = escrow.conditions();
        if (conditions.billOfLading()) {
            BillRecord bill = BillsOfLading.of(ctx).require(escrow.billId());
            boolean deliverable = bill.active()
                    && (bill.holder().equals(escrow.custodian()) || bill.holder().equals(escrow.buyer()));
            if (!deliverable) {
                unmet.add(String.format("bill of lading %s is %s and held by %s, not by the escrow or the buyer",
                        bill.billId(), bill.status(), bill.holder()));
            }
        }
        if (conditions.importCleared() && !ImportClearance.cleared(ctx, escrow.billId(), escrow.buyer().mspId())) {
            unmet.add(String.format("%s customs has not cleared the import of bill %s", escrow.buyer().mspId(),
                    escrow.billId()));
        }
        if (conditions.deliveryConfirmedBy() != null && escrow.deliveryConfirmedAt() == null) {
            unmet.add(String.format("%s has not confirmed delivery", conditions.deliveryConfirmedBy()));
        }
        return unmet;
    }

    private static void requireUnfrozen(EscrowRecord escrow) {
        if (EscrowRecord.DISPUTED.equals(escrow.status())) {
            throw LedgerError.ESCROW_DISPUTED.exception("escrow %s is frozen by dispute %s until its court rules",
                    escrow.escrowId(), escrow.disputeId());
        }
    }

    private static String emit(ChaincodeStub stub, String event, EscrowRecord escrow) {
        byte[] bytes = Json.bytes(escrow);
        stub.setEvent(event, bytes);
        return new String(bytes, UTF_8);
    }
}
