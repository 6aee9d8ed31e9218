package org.silkroad.chaincode.trade;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerContract;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.Role;
import org.silkroad.chaincode.shared.StateScan;
import org.silkroad.chaincode.shared.Stored;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Trade documents, electronic bills of lading and the double-financing guard.
 *
 * <p><b>Documents.</b> The public state holds what every member needs: type, issuer, parties, the SHA-256 of the
 * content and the key data elements later steps check. The content comes as transient data and goes to the private
 * data collection of the parties' two states ({@code CN_MY}). When the parties are all in one state, or in three or
 * more, it stays off the ledger with the parties: Fabric's gateway sends transient data only to peers of the states in
 * the collection written, and one state's implicit collection cannot gather the majority endorsement every public
 * write needs, while no collection spans three states. Amendments add versions; every version stays readable.
 *
 * <p><b>Bills of lading</b> are transferable records, see {@link BillsOfLading}.
 *
 * <p><b>Pledges.</b> A bank records that a document (by content hash) is collateral; a second pledge anywhere is
 * {@code ALREADY_PLEDGED} until the first is released. See {@link PledgeRecord} for what stays hidden.
 */
@Contract(
        name = TradeContract.NAME,
        info = @Info(title = "Silkroad trade", description = "Trade documents, electronic bills of lading, pledges"))
public final class TradeContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code trade:<transaction>}. */
    public static final String NAME = "trade";

    /** Chaincode event of document registration, amendment and voiding; payload {@link TradeEvent}. */
    public static final String DOCUMENT_EVENT = "trade.Document";
    /** Chaincode event of every bill of lading step; payload {@link TradeEvent}. */
    public static final String BILL_EVENT = "trade.Bill";
    /** Chaincode event of pledges and releases; payload {@link TradeEvent} without bank or terms. */
    public static final String PLEDGE_EVENT = "trade.Pledge";

    private static final Role[] REGISTRARS = {Role.BUSINESS, Role.EHUB, Role.BANK, Role.CUSTOMS};

    // ---------------------------------------------------------------------------------------------------------------
    // Documents

    /**
     * Registers a document (any type but bill of lading). The caller is its issuer and one of its parties. Transient
     * {@value TradeRequests#CONTENT}: the content; required when the parties are in exactly two states (it goes to
     * their collection), optional otherwise (then only checked against the hash).
     *
     * @param requestJson {@code {"documentId","type","parties":[...],"contentHash","mediaType"?,"elements":{...}}}
     * @return the document record, version 1; a retry of the same request returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code CONFLICT} (ID taken),
     *     {@code HASH_MISMATCH} (content does not hash to contentHash), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerDocument(Context ctx, String requestJson) {
        TradeRequests.Register request = Json.parseArgument(requestJson, TradeRequests.Register.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(REGISTRARS);
        WalletId issuer = party(caller);
        TradeState state = new TradeState(ctx.getStub());
        String requestHash = Digests.sha256Hex(Json.bytes(request));
        Stored<DocumentRecord> retry = state.retriedRegistration(request.documentId(), issuer, requestHash);
        if (retry != null) {
            return retry.text();
        }
        DocumentRecord document = state.registerDocument(request.documentId(), request.type(), issuer,
                withParty(request.parties(), issuer), request.contentHash(), request.mediaType(), request.elements(),
                requestHash, content(ctx.getStub()));
        emit(ctx.getStub(), DOCUMENT_EVENT, documentEvent("registered", document));
        return Json.write(document);
    }

    /**
     * Amends a document: a new version with new content and elements, same type and parties. Only its issuer; not a
     * bill of lading (its terms are fixed once it circulates). Transient content as for {@link #registerDocument}.
     *
     * @param requestJson {@code {"documentId","version" (current + 1),"contentHash","mediaType"?,"elements":{...}}}
     * @return the new version's record; a retry returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not the issuer),
     *     {@code DOCUMENT_VOID}, {@code CONFLICT} (version is not current + 1), {@code HASH_MISMATCH},
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String amendDocument(Context ctx, String requestJson) {
        TradeRequests.Amend request = Json.parseArgument(requestJson, TradeRequests.Amend.class);
        Caller caller = Caller.of(ctx);
        WalletId issuer = party(caller);
        TradeState state = new TradeState(ctx.getStub());
        DocumentRecord current = state.requireDocument(request.documentId()).value();
        requireIssuer(current, issuer);
        String requestHash = Digests.sha256Hex(Json.bytes(request));
        if (current.version() == request.version()) {
            if (requestHash.equals(current.requestHash())) {
                return Json.write(current);
            }
            throw LedgerError.CONFLICT.exception("document %s is at version %d already, by another amendment",
                    current.documentId(), current.version());
        }
        if (request.version() != current.version() + 1) {
            throw LedgerError.CONFLICT.exception("document %s is at version %d; an amendment is version %d",
                    current.documentId(), current.version(), current.version() + 1);
        }
        if (current.type() == DocumentType.BILL_OF_LADING) {
            throw LedgerError.FORBIDDEN.exception("bill of lading %s cannot be amended; void it and issue a new one",
                    current.documentId());
        }
        requireActive(current);
        request.elements().requireFor(current.type());
        DocumentRecord next = state.writeVersion(current.documentId(), current.type(), request.version(), issuer,
                current.parties(), request.contentHash(), request.mediaType(), request.elements(), requestHash,
                content(ctx.getStub()));
        emit(ctx.getStub(), DOCUMENT_EVENT, documentEvent("amended", next));
        return Json.write(next);
    }

    /**
     * Voids a document; it stays readable, and no declaration may reference it. Only its issuer; a bill of lading is
     * voided with {@link #voidBill}.
     *
     * @param requestJson {@code {"documentId","reason"}}
     * @return the document record, void; voiding again returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String voidDocument(Context ctx, String requestJson) {
        TradeRequests.VoidDocument request = Json.parseArgument(requestJson, TradeRequests.VoidDocument.class);
        Caller caller = Caller.of(ctx);
        WalletId issuer = party(caller);
        ChaincodeStub stub = ctx.getStub();
        TradeState state = new TradeState(stub);
        Stored<DocumentRecord> current = state.requireDocument(request.documentId());
        requireIssuer(current.value(), issuer);
        if (current.value().type() == DocumentType.BILL_OF_LADING) {
            throw LedgerError.FORBIDDEN.exception("bill of lading %s is voided by its carrier with voidBill",
                    request.documentId());
        }
        if (!current.value().active()) {
            return current.text();
        }
        DocumentRecord voided = current.value().voided(request.reason(), TxTime.iso(stub), stub.getTxId());
        state.rewriteVersion(voided);
        emit(stub, DOCUMENT_EVENT, documentEvent("voided", voided));
        return Json.write(voided);
    }

    /**
     * @param requestJson {@code {"documentId","version"?}} (latest when absent)
     * @return the document record of that version
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getDocument(Context ctx, String requestJson) {
        TradeRequests.DocumentRef request = Json.parseArgument(requestJson, TradeRequests.DocumentRef.class);
        Caller.of(ctx);
        TradeState state = new TradeState(ctx.getStub());
        return request.version() == null ? state.requireDocument(request.documentId()).text()
                : state.requireVersion(request.documentId(), request.version()).text();
    }

    /**
     * @param requestJson {@code {"documentId"}}
     * @return {@code {"documentId","versions":[record...]}}, oldest first
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String documentVersions(Context ctx, String requestJson) {
        TradeRequests.DocumentRef request = Json.parseArgument(requestJson, TradeRequests.DocumentRef.class);
        Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        new TradeState(stub).requireDocument(request.documentId());
        List<DocumentRecord> versions = new ArrayList<>();
        StateScan.forEach(stub, kv -> versions.add(Json.parseState(kv.getValue(), DocumentRecord.class, kv.getKey())),
                TradeKeys.VERSION, request.documentId());
        return Json.write(Map.of("documentId", request.documentId(), "versions", versions));
    }

    /**
     * Checks a content hash (a file's SHA-256) against the ledger: against a named document (and version, else the
     * latest), or, without a document ID, finds the version that registered it.
     *
     * @param requestJson {@code {"contentHash","documentId"?,"version"?}}
     * @return {@code {"matches":true,"document":{record}}}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code HASH_MISMATCH} (the document was registered with
     *     another hash), {@code NOT_FOUND} (no such document, or no document has this hash)
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String verifyDocument(Context ctx, String requestJson) {
        TradeRequests.Verify request = Json.parseArgument(requestJson, TradeRequests.Verify.class);
        Caller.of(ctx);
        TradeState state = new TradeState(ctx.getStub());
        DocumentRecord document;
        if (request.documentId() == null) {
            HashEntry entry = state.hashEntry(request.contentHash());
            if (entry == null) {
                throw LedgerError.NOT_FOUND.exception("no document is registered with content hash %s",
                        request.contentHash());
            }
            document = state.requireVersion(entry.documentId(), entry.version()).value();
        } else {
            document = request.version() == null ? state.requireDocument(request.documentId()).value()
                    : state.requireVersion(request.documentId(), request.version()).value();
            if (!document.contentHash().equals(request.contentHash())) {
                throw LedgerError.HASH_MISMATCH.exception("document %s version %d has content hash %s, not %s",
                        document.documentId(), document.version(), document.contentHash(), request.contentHash());
            }
        }
        return Json.write(new Verification(true, document));
    }

    /** Result of {@link #verifyDocument}. */
    record Verification(boolean matches, DocumentRecord document) {}

    /**
     * Reads a document version's content from the private data collection. Parties, and the customs and courts of
     * the parties' states; the peer answering must be of one of the collection's two states.
     *
     * @param requestJson {@code {"documentId","version"?}}
     * @return {@code {"documentId","version","contentHash","mediaType","content" (base64)}}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND} (no document, or its content is kept off
     *     the ledger), {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getDocumentContent(Context ctx, String requestJson) {
        TradeRequests.DocumentRef request = Json.parseArgument(requestJson, TradeRequests.DocumentRef.class);
        Caller caller = Caller.of(ctx);
        TradeState state = new TradeState(ctx.getStub());
        DocumentRecord document = request.version() == null ? state.requireDocument(request.documentId()).value()
                : state.requireVersion(request.documentId(), request.version()).value();
        requireReader(caller, document);
        if (document.collection() == null) {
            throw LedgerError.NOT_FOUND.exception(
                    "document %s keeps its content off the ledger (its parties are not in exactly two states)",
                    document.documentId());
        }
        return Json.write(state.requireContent(document));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bills of lading

    /**
     * Issues an electronic bill of lading to the shipper, who becomes its first holder. The caller is the carrier
     * (role business). Registers the bill's document (type bill-of-lading, parties: carrier, shipper, consignee and any
     * named) like {@link #registerDocument}; the referenced invoice must be registered and active.
     *
     * @param requestJson {@code {"billId","shipper","parties"?,"contentHash","mediaType"?,"elements":{
     *     "portOfLoading","portOfDischarge","consignee","invoiceRef",...}}}
     * @return the bill; a retry returns it as it is now
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code CONFLICT} (ID taken),
     *     {@code NOT_FOUND} / {@code DOCUMENT_VOID} / {@code DOCUMENT_MISMATCH} (invoice), {@code HASH_MISMATCH},
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String issueBill(Context ctx, String requestJson) {
        TradeRequests.IssueBill request = Json.parseArgument(requestJson, TradeRequests.IssueBill.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BUSINESS);
        WalletId carrier = party(caller);
        ChaincodeStub stub = ctx.getStub();
        TradeState state = new TradeState(stub);
        BillsOfLading bills = BillsOfLading.of(ctx);
        String requestHash = Digests.sha256Hex(Json.bytes(request));
        Stored<DocumentRecord> retry = state.retriedRegistration(request.billId(), carrier, requestHash);
        if (retry != null) {
            return BillsOfLading.text(bills.require(request.billId()));
        }
        if (request.shipper().name().contains(":") || request.elements().consignee().name().contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception("shipper and consignee are parties, not contract custodians");
        }
        DocumentRecord invoice = state.requireDocument(request.elements().invoiceRef()).value();
        requireActive(invoice);
        if (invoice.type() != DocumentType.COMMERCIAL_INVOICE) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("invoiceRef %s is a %s, not a commercial invoice",
                    invoice.documentId(), invoice.type());
        }
        if (!request.elements().consignee().equals(invoice.elements().consignee())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("the bill's consignee %s is not invoice %s's consignee %s",
                    request.elements().consignee(), invoice.documentId(), invoice.elements().consignee());
        }
        List<WalletId> parties = withParty(withParty(withParty(request.parties(), carrier), request.shipper()),
                request.elements().consignee());
        DocumentRecord document = state.registerDocument(request.billId(), DocumentType.BILL_OF_LADING, carrier,
                parties, request.contentHash(), request.mediaType(), request.elements(), requestHash, content(stub));
        BillRecord bill = bills.issue(request.billId(), carrier, request.shipper(), request.elements(),
                document.contentHash());
        emit(stub, BILL_EVENT, billEvent("issued", bill));
        return BillsOfLading.text(bill);
    }

    /**
     * Transfers (endorses) the bill to the next holder. Only its holder; the holder's state endorses (key-level
     * policy). The caller names the version it saw, so two transfers cannot both succeed and a retry is recognised.
     *
     * @param requestJson {@code {"billId","version","newHolder","reason"?}}
     * @return the bill after the transfer; a retry (same caller, same new holder, the next version) returns it as is
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code NOT_HOLDER},
     *     {@code BILL_NOT_ACTIVE}, {@code CONFLICT} (the bill moved since that version), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String transferBill(Context ctx, String requestJson) {
        TradeRequests.TransferBill request = Json.parseArgument(requestJson, TradeRequests.TransferBill.class);
        if (request.newHolder().name().contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "%s is a contract custodian; a bill goes into custody through that contract", request.newHolder());
        }
        return holderStep(ctx, request.billId(), request.version(), CustodyEntry.TRANSFER, bill -> request.newHolder(),
                BillRecord.ACTIVE, request.reason(), "transferred");
    }

    /**
     * Surrenders the bill to its carrier for delivery of the goods. Only its holder; afterwards it cannot move.
     *
     * @param requestJson {@code {"billId","version","reason"?}}
     * @return the bill, surrendered, held by the carrier
     * @throws org.hyperledger.fabric.shim.ChaincodeException as {@link #transferBill}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String surrenderBill(Context ctx, String requestJson) {
        TradeRequests.BillStep request = Json.parseArgument(requestJson, TradeRequests.BillStep.class);
        return holderStep(ctx, request.billId(), request.version(), CustodyEntry.SURRENDER, BillRecord::carrier,
                BillRecord.SURRENDERED, request.reason(), "surrendered");
    }

    /**
     * A step only the holder takes (transfer, surrender): a retry returns the bill, then the holder and the version
     * are checked, then the link is appended.
     */
    private static String holderStep(Context ctx, String billId, int seen, String action,
            Function<BillRecord, WalletId> nextHolder, String status, String reason, String eventAction) {
        WalletId by = party(Caller.of(ctx));
        BillsOfLading bills = BillsOfLading.of(ctx);
        BillRecord bill = bills.require(billId);
        WalletId to = nextHolder.apply(bill);
        if (isRetry(bill, seen, action, to, by)) {
            return BillsOfLading.text(bill);
        }
        requireHolderStep(bill, by, seen);
        if (CustodyEntry.TRANSFER.equals(action)) {
            BillsOfLading.requireNewHolder(bill, to);
        }
        BillRecord next = bills.append(bill, action, to, status, by, null, reason);
        emit(ctx.getStub(), BILL_EVENT, billEvent(eventAction, next));
        return BillsOfLading.text(next);
    }

    /**
     * Voids an active bill (issued in error, replaced). Only its carrier; the holder's state still endorses it, as
     * every change of the bill. Its document is voided with it.
     *
     * @param requestJson {@code {"billId","version","reason"}}
     * @return the bill, void
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not the carrier),
     *     {@code BILL_NOT_ACTIVE}, {@code CONFLICT}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String voidBill(Context ctx, String requestJson) {
        TradeRequests.BillStep request = Json.parseArgument(requestJson, TradeRequests.BillStep.class);
        TradeRequests.reason("reason", request.reason(), true);
        Caller caller = Caller.of(ctx);
        WalletId by = party(caller);
        ChaincodeStub stub = ctx.getStub();
        BillsOfLading bills = BillsOfLading.of(ctx);
        BillRecord bill = bills.require(request.billId());
        if (isRetry(bill, request.version(), CustodyEntry.VOID, bill.holder(), by)) {
            return BillsOfLading.text(bill);
        }
        if (!bill.carrier().equals(by)) {
            throw LedgerError.FORBIDDEN.exception("only carrier %s may void bill %s", bill.carrier(), bill.billId());
        }
        BillsOfLading.requireActive(bill);
        requireVersion(bill, request.version());
        TradeState state = new TradeState(stub);
        DocumentRecord document = state.requireDocument(bill.billId()).value();
        state.rewriteVersion(document.voided(request.reason(), TxTime.iso(stub), stub.getTxId()));
        BillRecord next = bills.append(bill, CustodyEntry.VOID, bill.holder(), BillRecord.VOID, by, null,
                request.reason());
        emit(stub, BILL_EVENT, billEvent("voided", next));
        return BillsOfLading.text(next);
    }

    /**
     * @param requestJson {@code {"billId"}}
     * @return the bill with its whole chain of custody and {@code "custodyIntact"} (checksums recomputed)
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getBill(Context ctx, String requestJson) {
        TradeRequests.BillRef request = Json.parseArgument(requestJson, TradeRequests.BillRef.class);
        Caller.of(ctx);
        BillRecord bill = BillsOfLading.of(ctx).require(request.billId());
        return Json.write(new BillView(bill, BillsOfLading.chainIntact(bill.custody())));
    }

    /** Result of {@link #getBill}. */
    record BillView(BillRecord bill, boolean custodyIntact) {}

    // ---------------------------------------------------------------------------------------------------------------
    // Pledges

    /**
     * Records that the calling bank holds the document (by content hash, of any registered version) as collateral.
     * Transient {@value TradeRequests#PLEDGE_TERMS}: {@code {"amount","currency","salt"}}, never stored.
     *
     * @param requestJson {@code {"contentHash","pledgeId"}}
     * @return the pledge as any bank sees it (no commitment); the same bank repeating the same pledge gets it again
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (not a bank), {@code NOT_FOUND} (no
     *     document has this hash), {@code DOCUMENT_VOID}, {@code ALREADY_PLEDGED}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String pledgeDocument(Context ctx, String requestJson) {
        PledgeCall call = PledgeCall.of(ctx, requestJson);
        TradeRequests.Pledge request = call.request();
        ChaincodeStub stub = ctx.getStub();
        TradeState state = call.state();
        String commitment = call.commitment();
        HashEntry entry = state.hashEntry(request.contentHash());
        if (entry == null) {
            throw LedgerError.NOT_FOUND.exception("no document is registered with content hash %s",
                    request.contentHash());
        }
        requireActive(state.requireDocument(entry.documentId()).value());
        Stored<PledgeRecord> existing = state.pledge(request.contentHash());
        if (existing != null && existing.value().pledged()) {
            if (existing.value().commitment().equals(commitment)) {
                return Json.write(existing.value().publicView());
            }
            throw LedgerError.ALREADY_PLEDGED.exception("the document with content hash %s is pledged since %s",
                    request.contentHash(), existing.value().pledgedAt());
        }
        PledgeRecord pledge = new PledgeRecord(request.contentHash(), PledgeRecord.PLEDGED, commitment,
                TxTime.iso(stub), stub.getTxId(), null, null);
        state.writePledge(pledge);
        emit(stub, PLEDGE_EVENT, pledgeEvent("pledged", stub, request.contentHash()));
        return Json.write(pledge.publicView());
    }

    /**
     * Releases a pledge on repayment. Only the pledging bank, proven by presenting the same terms (transient
     * {@value TradeRequests#PLEDGE_TERMS}) and pledge ID.
     *
     * @param requestJson {@code {"contentHash","pledgeId"}}
     * @return the pledge, released; releasing again returns it
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_PLEDGED} (no standing pledge, or the terms or
     *     bank differ), {@code FORBIDDEN}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String releasePledge(Context ctx, String requestJson) {
        PledgeCall call = PledgeCall.of(ctx, requestJson);
        TradeRequests.Pledge request = call.request();
        ChaincodeStub stub = ctx.getStub();
        TradeState state = call.state();
        String commitment = call.commitment();
        Stored<PledgeRecord> existing = state.pledge(request.contentHash());
        if (existing == null || !existing.value().commitment().equals(commitment)) {
            throw LedgerError.NOT_PLEDGED.exception(
                    "the caller holds no pledge %s of the document with content hash %s on these terms",
                    request.pledgeId(), request.contentHash());
        }
        if (!existing.value().pledged()) {
            return Json.write(existing.value().publicView());
        }
        PledgeRecord old = existing.value();
        PledgeRecord released = new PledgeRecord(old.contentHash(), PledgeRecord.RELEASED, old.commitment(),
                old.pledgedAt(), old.pledgeTx(), TxTime.iso(stub), stub.getTxId());
        state.writePledge(released);
        emit(stub, PLEDGE_EVENT, pledgeEvent("released", stub, request.contentHash()));
        return Json.write(released.publicView());
    }

    /** What pledge and release both start with: the request, the calling bank and its commitment to the terms. */
    private record PledgeCall(TradeRequests.Pledge request, TradeState state, String commitment) {
        static PledgeCall of(Context ctx, String requestJson) {
            TradeRequests.Pledge request = Json.parseArgument(requestJson, TradeRequests.Pledge.class);
            Caller caller = Caller.of(ctx);
            caller.requireRole(Role.BANK);
            WalletId bank = party(caller);
            return new PledgeCall(request, new TradeState(ctx.getStub()),
                    TradeContract.commitment(ctx.getStub(), bank, request.pledgeId()));
        }
    }

    private static TradeEvent pledgeEvent(String action, ChaincodeStub stub, String contentHash) {
        return new TradeEvent(action, contentHash, null, null, null, null, null, stub.getTxId(), TxTime.iso(stub));
    }

    /**
     * Whether a document is pledged, as any member sees it: no bank, no terms.
     *
     * @param requestJson {@code {"contentHash"}}
     * @return {@code {"contentHash","status","pledgedAt",...}}; status {@code unpledged} when never pledged
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getPledge(Context ctx, String requestJson) {
        TradeRequests.HashRef request = Json.parseArgument(requestJson, TradeRequests.HashRef.class);
        Caller.of(ctx);
        Stored<PledgeRecord> pledge = new TradeState(ctx.getStub()).pledge(request.contentHash());
        return Json.write(pledge == null
                ? new PledgeRecord(request.contentHash(), "unpledged", null, null, null, null, null)
                : pledge.value().publicView());
    }

    /** Replaces the shim's generic message with a stable code. */
    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The caller as a party; identities named like contract custodians act as nobody. */
    static WalletId party(Caller caller) {
        WalletId id = caller.walletId();
        if (id.name().contains(":")) {
            throw LedgerError.FORBIDDEN.exception(
                    "enrollment ID %s contains ':', which only contract custodians have", id.name());
        }
        return id;
    }

    private static List<WalletId> withParty(List<WalletId> parties, WalletId party) {
        TreeSet<String> all = new TreeSet<>();
        parties.forEach(p -> all.add(p.value()));
        all.add(party.value());
        return all.stream().map(WalletId::of).toList();
    }

    private static void requireIssuer(DocumentRecord document, WalletId caller) {
        if (!document.issuer().equals(caller)) {
            throw LedgerError.FORBIDDEN.exception("only issuer %s may change document %s", document.issuer(),
                    document.documentId());
        }
    }

    static void requireActive(DocumentRecord document) {
        if (!document.active()) {
            throw LedgerError.DOCUMENT_VOID.exception("document %s was voided: %s", document.documentId(),
                    document.voidReason());
        }
    }

    /** Parties read a document's content; so do the customs authorities and courts of the parties' states. */
    private static void requireReader(Caller caller, DocumentRecord document) {
        WalletId id = caller.walletId();
        if (document.parties().contains(id)) {
            return;
        }
        boolean partyState = document.parties().stream().anyMatch(p -> p.mspId().equals(caller.mspId()));
        if (partyState && (caller.hasRole(Role.CUSTOMS) || caller.hasRole(Role.COURT))) {
            return;
        }
        throw LedgerError.FORBIDDEN.exception("%s is not a party to document %s, nor its states' customs or court",
                id, document.documentId());
    }

    private static boolean isRetry(BillRecord bill, int seen, String action, WalletId to, WalletId by) {
        CustodyEntry last = bill.lastLink();
        return bill.version() == seen + 1 && last.action().equals(action) && last.to().equals(to)
                && last.by().equals(by) && last.contract() == null;
    }

    private static void requireHolderStep(BillRecord bill, WalletId caller, int seen) {
        BillsOfLading.requireActive(bill);
        if (!bill.holder().equals(caller)) {
            throw LedgerError.NOT_HOLDER.exception("bill %s is held by %s; %s may not move it", bill.billId(),
                    bill.holder(), caller);
        }
        requireVersion(bill, seen);
    }

    private static void requireVersion(BillRecord bill, int seen) {
        if (bill.version() != seen) {
            throw LedgerError.CONFLICT.exception("bill %s is at version %d, the request was made at version %d",
                    bill.billId(), bill.version(), seen);
        }
    }

    /** The transient content, or null. */
    private static byte[] content(ChaincodeStub stub) {
        Map<String, byte[]> transientMap = stub.getTransient();
        return transientMap == null ? null : transientMap.get(TradeRequests.CONTENT);
    }

    private static String commitment(ChaincodeStub stub, WalletId bank, String pledgeId) {
        Map<String, byte[]> transientMap = stub.getTransient();
        byte[] terms = transientMap == null ? null : transientMap.get(TradeRequests.PLEDGE_TERMS);
        if (terms == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("the pledge terms are required as transient data '%s'",
                    TradeRequests.PLEDGE_TERMS);
        }
        TradeRequests.PledgeTerms parsed = Json.parseArgument(new String(terms, UTF_8), TradeRequests.PledgeTerms.class);
        return Digests.sha256Hex(Json.bytes(Map.of("bank", bank.value(), "pledgeId", pledgeId,
                "amount", parsed.amount(), "currency", parsed.currency(), "salt", parsed.salt())));
    }

    private static TradeEvent documentEvent(String action, DocumentRecord document) {
        return new TradeEvent(action, document.documentId(), document.type(), document.version(), document.parties(),
                null, document.elements().invoiceRef(), document.txId(), document.recordedAt());
    }

    private static TradeEvent billEvent(String action, BillRecord bill) {
        TreeSet<String> parties = new TreeSet<>();
        parties.add(bill.carrier().value());
        parties.add(bill.shipper().value());
        parties.add(bill.consignee().value());
        bill.custody().forEach(link -> parties.add(link.to().value()));
        return new TradeEvent(action, bill.billId(), DocumentType.BILL_OF_LADING, bill.version(),
                parties.stream().map(WalletId::of).toList(), bill.holder(), bill.invoiceRef(), bill.updatedTx(),
                bill.updatedAt());
    }

    private static void emit(ChaincodeStub stub, String name, TradeEvent event) {
        stub.setEvent(name, Json.bytes(event));
    }

    static String collectionFor(List<WalletId> parties) {
        TreeSet<String> states = new TreeSet<>();
        for (WalletId party : parties) {
            states.add(party.mspId().countryCode());
        }
        return states.size() == 2 ? String.join("_", states).toUpperCase(Locale.ROOT) : null;
    }
}
