package org.silkroad.chaincode.credit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.dispute.DisputeRecord;
import org.silkroad.chaincode.dispute.Disputes;
import org.silkroad.chaincode.escrow.EscrowRecord;
import org.silkroad.chaincode.escrow.Escrows;
import org.silkroad.chaincode.escrow.PartyEntry;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerContract;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.Role;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.StateScan;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;

/**
 * Credit attestations about businesses, and the explainable trade record they can rest on.
 *
 * <p>A bank attests a rating band, a credit limit and its basis. Only a salted hash of those details, the subject, the
 * attester and the validity go on the public state; the details themselves are private data: in the bank's state's
 * implicit collection and, when the subject is of another state, in the collection of the two states. The subject can
 * share them with a lender by consent; the details are then copied into the collection of the bank's and the lender's
 * states. Submit transactions never read private data (the client passes the details it read as transient data, and the
 * chaincode checks them against the public hash): a transaction that only writes private data can be endorsed by any
 * majority of states, not only by members of the collection.
 *
 * <p>Attestations are about businesses only. A business is an identity that registered itself here with role
 * {@code business} or {@code ehub}, which only its state's CA can put in its certificate; a natural person has no such
 * role, cannot register, and so cannot be attested about.
 */
@Contract(
        name = CreditContract.NAME,
        info = @Info(title = "Silkroad credit", description = "Credit attestations about businesses; trade records"))
public final class CreditContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code credit:<transaction>}. */
    public static final String NAME = "credit";

    /** Chaincode events; payloads are public records only, never attestation details. */
    public static final String BUSINESS_REGISTERED_EVENT = "credit.BusinessRegistered";
    public static final String ATTESTED_EVENT = "credit.Attested";
    public static final String REVOKED_EVENT = "credit.Revoked";
    public static final String CONSENT_GRANTED_EVENT = "credit.ConsentGranted";
    public static final String CONSENT_WITHDRAWN_EVENT = "credit.ConsentWithdrawn";
    public static final String CONTESTED_EVENT = "credit.Contested";

    /**
     * Registers the caller as a business that banks may attest about. Role business or ehub; idempotent.
     *
     * @return the business record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (any other role, or none)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerBusiness(Context ctx) {
        Caller caller = Caller.of(ctx);
        Role role = caller.requireRole(Role.BUSINESS, Role.EHUB);
        WalletId business = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        String key = key(stub, CreditKeys.BUSINESS, business.value());
        byte[] existing = stub.getState(key);
        if (existing != null && existing.length > 0) {
            return new String(existing, UTF_8);
        }
        BusinessRecord record = new BusinessRecord(business, role, TxTime.iso(stub), stub.getTxId());
        stub.putState(key, Json.bytes(record));
        return emit(stub, BUSINESS_REGISTERED_EVENT, record);
    }

    /**
     * A bank attests about a registered business. The details come as transient data {@code details}:
     * {@code {"ratingBand","creditLimit","currency","basis","salt"}}.
     *
     * @param requestJson {@code {"attestationId","subject","validFrom","validUntil"}}
     * @return the public attestation record; the same attestation again returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (not a bank), {@code NOT_A_BUSINESS},
     *     {@code CONFLICT} (ID taken), {@code INVALID_ARGUMENT} (also: validUntil not after the transaction time)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String attest(Context ctx, String requestJson) {
        CreditRequests.Attest request = Json.parseArgument(requestJson, CreditRequests.Attest.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BANK);
        WalletId attester = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        CreditRequests.Details given = Json.parseArgument(transientText(stub), CreditRequests.Details.class);
        AttestationDetails details = new AttestationDetails(request.attestationId(), request.subject(), attester,
                request.validFrom(), request.validUntil(), given.ratingBand(), given.creditLimit(), given.currency(),
                given.basis(), given.salt());
        String hash = Digests.sha256Hex(Json.bytes(details));

        String key = key(stub, CreditKeys.ATTESTATION, request.attestationId());
        AttestationRecord existing = read(stub, key, AttestationRecord.class);
        if (existing != null) {
            if (existing.attester().equals(attester) && existing.detailsHash().equals(hash)) {
                return Json.write(existing);
            }
            throw LedgerError.CONFLICT.exception("attestationId %s is already used by %s", request.attestationId(),
                    existing.attester());
        }
        if (read(stub, key(stub, CreditKeys.BUSINESS, request.subject().value()), BusinessRecord.class) == null) {
            throw LedgerError.NOT_A_BUSINESS.exception(
                    "%s is not a registered business; attestations are about businesses only, never natural persons",
                    request.subject());
        }
        if (!Instant.parse(request.validUntil()).isAfter(TxTime.of(stub))) {
            throw LedgerError.INVALID_ARGUMENT.exception("validUntil %s is not after the transaction time %s",
                    request.validUntil(), TxTime.iso(stub));
        }
        TreeSet<String> collections = new TreeSet<>();
        collections.add(PrivateCollections.between(attester.mspId(), attester.mspId()));
        collections.add(PrivateCollections.between(attester.mspId(), request.subject().mspId()));
        String detailsKey = key(stub, CreditKeys.DETAILS, request.attestationId());
        for (String collection : collections) {
            stub.putPrivateData(collection, detailsKey, Json.bytes(details));
        }
        AttestationRecord record = new AttestationRecord(request.attestationId(), request.subject(), attester,
                request.validFrom(), request.validUntil(), hash, AttestationRecord.ACTIVE, List.copyOf(collections),
                TxTime.iso(stub), stub.getTxId(), null, null, null);
        stub.putState(key, Json.bytes(record));
        stub.putState(key(stub, CreditKeys.BY_SUBJECT, request.subject().value(), request.attestationId()),
                Json.bytes(request.attestationId()));
        return emit(stub, ATTESTED_EVENT, record);
    }

    /**
     * Revokes an attestation. Only the bank that made it; repeated, it changes nothing.
     *
     * @param requestJson {@code {"attestationId","reason"}}
     * @return the attestation record, revoked
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revoke(Context ctx, String requestJson) {
        CreditRequests.Revoke request = Json.parseArgument(requestJson, CreditRequests.Revoke.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BANK);
        ChaincodeStub stub = ctx.getStub();
        AttestationRecord attestation = requireAttestation(stub, request.attestationId());
        if (!attestation.attester().equals(caller.walletId())) {
            throw LedgerError.FORBIDDEN.exception("only %s revokes attestation %s", attestation.attester(),
                    attestation.attestationId());
        }
        if (!attestation.active()) {
            return Json.write(attestation);
        }
        AttestationRecord revoked = attestation.revoked(request.reason(), TxTime.iso(stub), stub.getTxId());
        stub.putState(key(stub, CreditKeys.ATTESTATION, request.attestationId()), Json.bytes(revoked));
        return emit(stub, REVOKED_EVENT, revoked);
    }

    /**
     * The subject consents that a lender may read an attestation's details; the details, passed as transient data
     * {@code details} exactly as {@link #getDetails} returned them, are checked against the public hash and copied
     * into the collection of the attester's and the lender's states.
     *
     * @param requestJson {@code {"attestationId","lender"}}
     * @return the consent record; an existing consent is returned unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN} (not the subject),
     *     {@code ATTESTATION_REVOKED}, {@code ATTESTATION_MISMATCH}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String grantConsent(Context ctx, String requestJson) {
        CreditRequests.Consent request = Json.parseArgument(requestJson, CreditRequests.Consent.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        AttestationRecord attestation = requireAttestation(stub, request.attestationId());
        requireSubject(caller, attestation);
        if (request.lender().equals(attestation.subject()) || request.lender().name().contains(":")) {
            throw LedgerError.INVALID_ARGUMENT.exception("lender %s must be another identity than the subject",
                    request.lender());
        }
        String consentKey = key(stub, CreditKeys.CONSENT, request.attestationId(), request.lender().value());
        ConsentRecord existing = read(stub, consentKey, ConsentRecord.class);
        if (existing != null && existing.granted()) {
            return Json.write(existing);
        }
        if (!attestation.active()) {
            throw LedgerError.ATTESTATION_REVOKED.exception("attestation %s was revoked in transaction %s",
                    attestation.attestationId(), attestation.revokedTx());
        }
        byte[] details = transientText(stub).getBytes(UTF_8);
        AttestationDetails presented = Json.parseArgument(new String(details, UTF_8), AttestationDetails.class);
        if (!Digests.sha256Hex(Json.bytes(presented)).equals(attestation.detailsHash())) {
            throw LedgerError.ATTESTATION_MISMATCH.exception(
                    "the details presented for attestation %s do not hash to the attested hash",
                    attestation.attestationId());
        }
        String collection = PrivateCollections.between(attestation.attester().mspId(), request.lender().mspId());
        if (!attestation.collections().contains(collection)) {
            stub.putPrivateData(collection, key(stub, CreditKeys.DETAILS, attestation.attestationId()),
                    Json.bytes(presented));
        }
        ConsentRecord consent = new ConsentRecord(attestation.attestationId(), attestation.subject(),
                request.lender(), collection, ConsentRecord.GRANTED, TxTime.iso(stub), stub.getTxId(), null, null);
        stub.putState(consentKey, Json.bytes(consent));
        return emit(stub, CONSENT_GRANTED_EVENT, consent);
    }

    /**
     * The subject withdraws a consent: the lender can no longer read the details through the ledger, and the copy made
     * for it is deleted (what the lender saw before cannot be unseen).
     *
     * @param requestJson {@code {"attestationId","lender"}}
     * @return the consent record, withdrawn; repeated, it changes nothing
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String withdrawConsent(Context ctx, String requestJson) {
        CreditRequests.Consent request = Json.parseArgument(requestJson, CreditRequests.Consent.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        AttestationRecord attestation = requireAttestation(stub, request.attestationId());
        requireSubject(caller, attestation);
        String consentKey = key(stub, CreditKeys.CONSENT, request.attestationId(), request.lender().value());
        ConsentRecord consent = read(stub, consentKey, ConsentRecord.class);
        if (consent == null) {
            throw LedgerError.NOT_FOUND.exception("%s has no consent to read attestation %s", request.lender(),
                    request.attestationId());
        }
        if (!consent.granted()) {
            return Json.write(consent);
        }
        if (!attestation.collections().contains(consent.collection())) {
            stub.delPrivateData(consent.collection(), key(stub, CreditKeys.DETAILS, attestation.attestationId()));
        }
        ConsentRecord withdrawn = consent.withdrawn(TxTime.iso(stub), stub.getTxId());
        stub.putState(consentKey, Json.bytes(withdrawn));
        return emit(stub, CONSENT_WITHDRAWN_EVENT, withdrawn);
    }

    /**
     * The public record of an attestation: subject, attester, validity, salted hash, status. Any member.
     *
     * @param requestJson {@code {"attestationId"}}
     * @return the attestation record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getAttestation(Context ctx, String requestJson) {
        CreditRequests.AttestationOnly request = Json.parseArgument(requestJson, CreditRequests.AttestationOnly.class);
        Caller.of(ctx);
        return Json.write(requireAttestation(ctx.getStub(), request.attestationId()));
    }

    /**
     * The private details of an attestation, read from the collection the caller's state's peer holds: for the
     * attesting bank, the subject, and lenders the subject consented to (while the consent stands).
     *
     * @param requestJson {@code {"attestationId"}}
     * @return the details, as hashed
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code NO_CONSENT} (anyone else)
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getDetails(Context ctx, String requestJson) {
        CreditRequests.AttestationOnly request = Json.parseArgument(requestJson, CreditRequests.AttestationOnly.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        AttestationRecord attestation = requireAttestation(stub, request.attestationId());
        String collection = readableCollection(stub, caller, attestation);
        byte[] details = stub.getPrivateData(collection, key(stub, CreditKeys.DETAILS, attestation.attestationId()));
        if (details == null || details.length == 0) {
            throw LedgerError.NOT_FOUND.exception(
                    "the details of attestation %s are not (yet) on this peer in collection %s",
                    attestation.attestationId(), collection);
        }
        return new String(details, UTF_8);
    }

    /**
     * Answers whether an attestation a business presents is genuine (its details, passed as transient data
     * {@code details}, hash to the ledger's salted hash) and current (not revoked, and this query's transaction time
     * lies in the validity window). Any member.
     *
     * @param requestJson {@code {"attestationId"}}
     * @return the verification
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String verify(Context ctx, String requestJson) {
        CreditRequests.AttestationOnly request = Json.parseArgument(requestJson, CreditRequests.AttestationOnly.class);
        Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        AttestationRecord attestation = requireAttestation(stub, request.attestationId());
        AttestationDetails presented = Json.parseArgument(transientText(stub), AttestationDetails.class);
        boolean genuine = request.attestationId().equals(presented.attestationId())
                && Digests.sha256Hex(Json.bytes(presented)).equals(attestation.detailsHash());
        Instant now = TxTime.of(stub);
        String reason = null;
        if (!genuine) {
            reason = "the presented details do not hash to the attested hash";
        } else if (!attestation.active()) {
            reason = "revoked: " + attestation.revocationReason();
        } else if (now.isBefore(Instant.parse(attestation.validFrom()))) {
            reason = "not valid before " + attestation.validFrom();
        } else if (!attestation.validAt(now)) {
            reason = "expired at " + attestation.validUntil();
        }
        return Json.write(new Verification(attestation.attestationId(), genuine, reason == null, attestation.status(),
                attestation.subject(), attestation.attester(), attestation.validFrom(), attestation.validUntil(),
                TxTime.iso(stub), reason));
    }

    /**
     * Computes a business's trade record from the ledger: settled escrows (count, volume per currency), disputes filed
     * and lost, customs holds and rejections, each with the entries it counts, and the business's contests. The
     * business itself, banks, courts and regulators may read it. A query: it reads the business's index keys by range.
     *
     * @param requestJson {@code {"business"}}
     * @return the trade record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String tradeRecord(Context ctx, String requestJson) {
        CreditRequests.BusinessOnly request = Json.parseArgument(requestJson, CreditRequests.BusinessOnly.class);
        Caller caller = Caller.of(ctx);
        WalletId business = request.business();
        boolean self = caller.enrollmentId().isPresent() && caller.walletId().equals(business);
        if (!self && !caller.hasRole(Role.BANK) && !caller.hasRole(Role.COURT) && !caller.hasRole(Role.REGULATOR)) {
            throw LedgerError.FORBIDDEN.exception(
                    "a trade record is read by the business itself, banks, courts and regulators, not %s", caller);
        }
        ChaincodeStub stub = ctx.getStub();
        return Json.write(new TradeRecord(business, TxTime.iso(stub), escrowFigures(ctx, business),
                disputeFigures(ctx, business), CustomsHistory.figures(ctx, business), contests(stub, business)));
    }

    /**
     * The business contests entries of its trade record; the contest stays attached to the record.
     *
     * @param requestJson {@code {"contestId","items":["escrow:<id>"|"dispute:<id>"|"customs:<id>"...],"statement"}}
     * @return the contest record; the same contest again returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (not a registered business),
     *     {@code CONFLICT} (ID used for another contest), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String contest(Context ctx, String requestJson) {
        CreditRequests.Contest request = Json.parseArgument(requestJson, CreditRequests.Contest.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BUSINESS, Role.EHUB);
        WalletId business = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String key = key(stub, CreditKeys.CONTEST, business.value(), request.contestId());
        ContestRecord existing = read(stub, key, ContestRecord.class);
        if (existing != null) {
            if (existing.requestHash().equals(requestHash)) {
                return Json.write(existing);
            }
            throw LedgerError.CONFLICT.exception("contestId %s is already used for another contest",
                    request.contestId());
        }
        ContestRecord contest = new ContestRecord(request.contestId(), business, request.items(), request.statement(),
                requestHash, TxTime.iso(stub), stub.getTxId());
        stub.putState(key, Json.bytes(contest));
        return emit(stub, CONTESTED_EVENT, contest);
    }

    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static TradeRecord.EscrowFigures escrowFigures(Context ctx, WalletId business) {
        Escrows escrows = Escrows.of(ctx);
        List<TradeRecord.EscrowEntry> entries = new ArrayList<>();
        Map<String, Long> volume = new TreeMap<>();
        int settled = 0;
        for (PartyEntry party : escrows.forParty(business)) {
            EscrowRecord escrow = escrows.require(party.escrowId());
            entries.add(new TradeRecord.EscrowEntry("escrow:" + escrow.escrowId(), party.role(), escrow.status(),
                    escrow.price().currency().value(), escrow.price().amount(), escrow.closedAt(), escrow.closedTx()));
            if (EscrowRecord.SETTLED.equals(escrow.status())) {
                settled++;
                volume.merge(escrow.price().currency().value(), escrow.price().amount(), Math::addExact);
            }
        }
        return new TradeRecord.EscrowFigures(settled, volume, entries);
    }

    private static TradeRecord.DisputeFigures disputeFigures(Context ctx, WalletId business) {
        Escrows escrows = Escrows.of(ctx);
        List<TradeRecord.DisputeEntry> entries = new ArrayList<>();
        int filed = 0;
        int lost = 0;
        for (DisputeRecord dispute : Disputes.of(ctx).forParty(business)) {
            EscrowRecord escrow = escrows.require(dispute.escrowId());
            boolean byBusiness = dispute.claimant().equals(business);
            boolean against = business.equals(dispute.loser(escrow.buyer(), escrow.seller()));
            filed += byBusiness ? 1 : 0;
            lost += against ? 1 : 0;
            entries.add(new TradeRecord.DisputeEntry("dispute:" + dispute.disputeId(), dispute.escrowId(), byBusiness,
                    dispute.status(), dispute.ruling() == null ? null : dispute.ruling().outcome(), against,
                    dispute.ruling() == null ? null : dispute.ruling().ruledTx()));
        }
        return new TradeRecord.DisputeFigures(filed, lost, entries);
    }

    private static List<ContestRecord> contests(ChaincodeStub stub, WalletId business) {
        List<ContestRecord> contests = new ArrayList<>();
        StateScan.forEach(stub, kv -> contests.add(Json.parseState(kv.getValue(), ContestRecord.class, kv.getKey())),
                CreditKeys.CONTEST, business.value());
        return contests;
    }

    private static String readableCollection(ChaincodeStub stub, Caller caller, AttestationRecord attestation) {
        if (caller.enrollmentId().isPresent()) {
            WalletId who = caller.walletId();
            if (who.equals(attestation.attester()) && caller.hasRole(Role.BANK)) {
                return PrivateCollections.between(who.mspId(), who.mspId());
            }
            if (who.equals(attestation.subject())) {
                return PrivateCollections.between(attestation.attester().mspId(), who.mspId());
            }
            if (caller.hasRole(Role.BANK)) {
                ConsentRecord consent = read(stub, key(stub, CreditKeys.CONSENT, attestation.attestationId(),
                        who.value()), ConsentRecord.class);
                if (consent != null && consent.granted()) {
                    return consent.collection();
                }
            }
        }
        throw LedgerError.NO_CONSENT.exception(
                "%s may not read the details of attestation %s: only its attester, its subject and lenders the subject "
                        + "consented to", caller, attestation.attestationId());
    }

    private static void requireSubject(Caller caller, AttestationRecord attestation) {
        if (!attestation.subject().equals(caller.walletId())) {
            throw LedgerError.FORBIDDEN.exception("only the subject %s decides who reads attestation %s",
                    attestation.subject(), attestation.attestationId());
        }
    }

    private static AttestationRecord requireAttestation(ChaincodeStub stub, String attestationId) {
        AttestationRecord record = read(stub, key(stub, CreditKeys.ATTESTATION, attestationId),
                AttestationRecord.class);
        if (record == null) {
            throw LedgerError.NOT_FOUND.exception("no attestation %s", attestationId);
        }
        return record;
    }

    private static String transientText(ChaincodeStub stub) {
        byte[] bytes = stub.getTransient().get(CreditRequests.DETAILS);
        if (bytes == null || bytes.length == 0) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "the attestation details are required as transient data under key %s", CreditRequests.DETAILS);
        }
        return new String(bytes, UTF_8);
    }

    private static <T> T read(ChaincodeStub stub, String key, Class<T> type) {
        byte[] bytes = stub.getState(key);
        return bytes == null || bytes.length == 0 ? null : Json.parseState(bytes, type, key);
    }

    private static String key(ChaincodeStub stub, String type, String... attributes) {
        return StateKeys.composite(type, attributes);
    }

    private static String emit(ChaincodeStub stub, String event, Object record) {
        byte[] bytes = Json.bytes(record);
        stub.setEvent(event, bytes);
        return new String(bytes, UTF_8);
    }
}
