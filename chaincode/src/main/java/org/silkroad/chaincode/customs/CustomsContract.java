package org.silkroad.chaincode.customs;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.currency.Held;
import org.silkroad.chaincode.currency.Holdings;
import org.silkroad.chaincode.currency.PaymentOutput;
import org.silkroad.chaincode.currency.Payout;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerContract;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.Role;
import org.silkroad.chaincode.shared.StateScan;
import org.silkroad.chaincode.shared.Stored;
import org.silkroad.chaincode.shared.TxTime;
import org.silkroad.chaincode.shared.WalletId;
import org.silkroad.chaincode.trade.BillRecord;
import org.silkroad.chaincode.trade.BillsOfLading;
import org.silkroad.chaincode.trade.DocumentRecord;
import org.silkroad.chaincode.trade.DocumentType;
import org.silkroad.chaincode.trade.Documents;
import org.silkroad.chaincode.trade.GoodsLine;

/**
 * Customs clearance in Digital Free Trade Zones.
 *
 * <p>Each state's customs (role {@code customs}) defines its zones and their rules as data: de minimis value, duty
 * rates by HS chapter (standard and preferential), customs exchange rates, the revenue wallet. Rules are versioned and
 * take effect from a stated time, never retroactively; a declaration is assessed under the version in force at its
 * submission's transaction time.
 *
 * <p>An importer declares in its own state's zone, referencing the registered invoice, bill of lading and (optionally)
 * certificate of origin; the contract cross-checks them and computes the duty, which the importer deposits in the same
 * transaction ({@link Holdings#hold}) into the declaration's account. Only the deciding state's customs decides (and
 * the declaration's key-level endorsement policy makes that state's peers' endorsement necessary): hold for
 * inspection, clear (the deposit goes to the revenue wallet in the same transaction), or reject (the deposit goes back).
 * Every step is timestamped; {@link #clearanceStats} reports clearance times per zone.
 */
@Contract(
        name = CustomsContract.NAME,
        info = @Info(title = "Silkroad customs", description = "Digital Free Trade Zones, declarations, clearance"))
public final class CustomsContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code customs:<transaction>}. */
    public static final String NAME = "customs";

    /** Chaincode event of every declaration step; payload {@link CustomsEvent}. */
    public static final String DECLARATION_EVENT = "customs.Declaration";
    /** Chaincode event of zone and rule changes; payload {@link CustomsEvent}. */
    public static final String ZONE_EVENT = "customs.Zone";

    /** How an assessment rounds, stated on each. */
    public static final String ROUNDING =
            "per line: customs value = floor(value x numerator / denominator), duty = floor(customs value x rate / 10000)";

    // ---------------------------------------------------------------------------------------------------------------
    // Zones and rules

    /**
     * Defines (or redefines) a zone of the caller's state with its ports. Role customs. A port belongs to one zone, and
     * only to a zone of the state its UN/LOCODE names.
     *
     * @param requestJson {@code {"zoneId","name","ports":[...]}}
     * @return the zone record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code FOREIGN_CUSTOMS} (a port of
     *     another country), {@code CONFLICT} (a port of another zone), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String defineZone(Context ctx, String requestJson) {
        CustomsRequests.DefineZone request = Json.parseArgument(requestJson, CustomsRequests.DefineZone.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.CUSTOMS);
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        MspId own = caller.mspId();
        for (String port : request.ports()) {
            if (!port.startsWith(own.countryCode())) {
                throw LedgerError.FOREIGN_CUSTOMS.exception("port %s is in %s; customs of %s defines zones in %s only",
                        port, port.substring(0, 2), own, own.countryCode());
            }
            PortEntry entry = state.port(port);
            if (entry != null && !entry.zoneId().equals(request.zoneId())) {
                throw LedgerError.CONFLICT.exception("port %s belongs to zone %s", port, entry.zoneId());
            }
        }
        ZoneRecord existing = state.zone(own, request.zoneId());
        List<ZoneRecord.RulesVersion> rules = existing == null ? List.of() : existing.rules();
        if (existing != null && existing.name().equals(request.name()) && existing.ports().equals(request.ports())) {
            return Json.write(existing);
        }
        if (existing != null) {
            for (String port : existing.ports()) {
                if (!request.ports().contains(port)) {
                    state.deletePort(port);
                }
            }
        }
        for (String port : request.ports()) {
            state.writePort(new PortEntry(port, own, request.zoneId()));
        }
        ZoneRecord zone = new ZoneRecord(own, request.zoneId(), request.name(), request.ports(), rules,
                TxTime.iso(stub), stub.getTxId());
        state.writeZone(zone);
        stub.setEvent(ZONE_EVENT, Json.bytes(new CustomsEvent("zone-defined", null, null, own, zone.zoneId(), null,
                null, null, null, null, null, null, null, null, stub.getTxId(), TxTime.iso(stub))));
        return Json.write(zone);
    }

    /**
     * Sets a new version of a zone's rules, in force from {@code effectiveFrom} (not before this transaction, and after
     * the previous version's start). Role customs of the zone's state.
     *
     * @param requestJson see {@link CustomsRequests.SetRules}
     * @return the rules record; the same request again returns it
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code NOT_FOUND} (zone),
     *     {@code FOREIGN_CUSTOMS} (revenue wallet of another state), {@code CONFLICT} (version is not the next),
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String setRules(Context ctx, String requestJson) {
        CustomsRequests.SetRules request = Json.parseArgument(requestJson, CustomsRequests.SetRules.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.CUSTOMS);
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        MspId own = caller.mspId();
        ZoneRecord zone = state.requireZone(own, request.zoneId());
        if (!request.revenueWallet().mspId().equals(own)) {
            throw LedgerError.FOREIGN_CUSTOMS.exception("revenue wallet %s is not of %s", request.revenueWallet(), own);
        }
        int next = zone.rules().size() + 1;
        if (request.version() < next) {
            RulesRecord stored = state.rules(own, request.zoneId(), request.version());
            if (stored != null && sameRules(stored, request)) {
                return Json.write(stored);
            }
            throw LedgerError.CONFLICT.exception("zone %s has rules version %d already; the next is %d",
                    request.zoneId(), request.version(), next);
        }
        if (request.version() != next) {
            throw LedgerError.CONFLICT.exception("zone %s: the next rules version is %d, not %d", request.zoneId(), next,
                    request.version());
        }
        Instant from = Instant.parse(request.effectiveFrom());
        Instant now = TxTime.of(stub);
        if (from.isBefore(now)) {
            throw LedgerError.INVALID_ARGUMENT.exception("effectiveFrom %s is before the transaction time %s; rules "
                    + "never apply retroactively", request.effectiveFrom(), TxTime.iso(stub));
        }
        if (!zone.rules().isEmpty()
                && !from.isAfter(Instant.parse(zone.rules().get(zone.rules().size() - 1).effectiveFrom()))) {
            throw LedgerError.INVALID_ARGUMENT.exception("effectiveFrom must be after the previous version's start");
        }
        String effectiveFrom = from.toString();
        RulesRecord rules = new RulesRecord(own, request.zoneId(), next, effectiveFrom, request.currency(),
                request.deMinimis(), request.defaultRate(), request.chapterRates(), request.exchangeRates(),
                request.revenueWallet(), request.exportDeclarationRequired(), caller.walletId(), stub.getTxId(),
                TxTime.iso(stub));
        List<ZoneRecord.RulesVersion> versions = new ArrayList<>(zone.rules());
        versions.add(new ZoneRecord.RulesVersion(next, effectiveFrom));
        state.writeZone(new ZoneRecord(own, zone.zoneId(), zone.name(), zone.ports(), versions, TxTime.iso(stub),
                stub.getTxId()));
        state.writeRules(rules);
        stub.setEvent(ZONE_EVENT, Json.bytes(new CustomsEvent("rules-set", null, null, own, zone.zoneId(), null, null,
                null, null, null, null, request.currency(), null, next, stub.getTxId(), TxTime.iso(stub))));
        return Json.write(rules);
    }

    /**
     * @param requestJson {@code {"state","zoneId"}}
     * @return the zone record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getZone(Context ctx, String requestJson) {
        CustomsRequests.ZoneRef request = Json.parseArgument(requestJson, CustomsRequests.ZoneRef.class);
        Caller.of(ctx);
        return Json.write(new CustomsState(ctx.getStub()).requireZone(request.state(), request.zoneId()));
    }

    /**
     * @param requestJson {@code {"state","zoneId","at"?}} (at: default the transaction time)
     * @return the rules version in force at that time
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code NO_RULES_IN_FORCE}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String rulesInForce(Context ctx, String requestJson) {
        CustomsRequests.ZoneRef request = Json.parseArgument(requestJson, CustomsRequests.ZoneRef.class);
        Caller.of(ctx);
        CustomsState state = new CustomsState(ctx.getStub());
        ZoneRecord zone = state.requireZone(request.state(), request.zoneId());
        Instant at = request.at() == null ? TxTime.of(ctx.getStub()) : Instant.parse(request.at());
        return Json.write(state.inForce(zone, at));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Declarations

    /**
     * Submits an import declaration in a zone of the importer's state (role business): the caller is the importer,
     * or a broker the importer appointed ({@code importer} names it; the broker's notes pay the deposit).
     * Cross-checks the documents, assesses the duty under the rules in force and deposits it from the named notes
     * (change back to the importer) into the declaration's account {@code <state>/customs:<declarationId>}.
     *
     * @param requestJson see {@link CustomsRequests.DeclareImport}; {@code dutyInputs} required when duty is due,
     *     refused when none is ({@link #assessImport} tells which)
     * @return the declaration record, status submitted; a retry returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code NOT_FOUND} (zone, document),
     *     {@code DOCUMENT_VOID}, {@code DOCUMENT_MISMATCH}, {@code NO_RULES_IN_FORCE}, {@code UNKNOWN_CURRENCY} (no
     *     exchange rate), {@code CONFLICT} (ID taken, or the bill has an open or cleared declaration),
     *     {@code FORBIDDEN} (not appointed broker of the importer), the codes of
     *     {@code pay} for the deposit, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String declareImport(Context ctx, String requestJson) {
        CustomsRequests.DeclareImport request = Json.parseArgument(requestJson, CustomsRequests.DeclareImport.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        String requestHash = Digests.sha256Hex(Json.bytes(request));
        Stored<DeclarationRecord> prior = state.declaration(request.declarationId());
        WalletId declarant = declarant(caller);
        if (prior != null) {
            return retried(prior, declarant, requestHash);
        }
        WalletId importer = importerFor(state, request, declarant);
        Prepared prepared = prepareImport(ctx, request, importer);
        DeclarationRecord.Assessment assessment = prepared.assessment();
        Held deposit = null;
        if (assessment.duty() > 0) {
            if (request.dutyInputs().isEmpty()) {
                throw LedgerError.INVALID_ARGUMENT.exception("duty of %d %s is due; name dutyInputs to deposit it",
                        assessment.duty(), assessment.currency());
            }
            deposit = Holdings.of(ctx).hold(caller, assessment.currency(), request.dutyInputs(), assessment.duty(),
                    Holdings.account(importer.mspId(), NAME, request.declarationId()),
                    reference(request.declarationId(), "duty"));
        } else if (!request.dutyInputs().isEmpty()) {
            throw LedgerError.INVALID_ARGUMENT.exception("no duty is due (%s); dutyInputs must be empty",
                    assessment.belowDeMinimis() ? "below de minimis" : "zero rate");
        }
        String now = TxTime.iso(stub);
        DeclarationRecord declaration = new DeclarationRecord(request.declarationId(), DeclarationRecord.IMPORT,
                importer.mspId(), request.zoneId(), prepared.rules().version(), declarant, importer,
                request.invoiceId(), request.billId(), request.certificateId(), request.exportDeclarationId(),
                request.lines(), request.currency(), request.origin(), assessment, deposit, DeclarationRecord.SUBMITTED,
                List.of(new DeclarationRecord.Step(DeclarationRecord.SUBMITTED, declarant, null, stub.getTxId(), now)),
                null, now, null, null, requestHash);
        state.writeDeclaration(declaration, true);
        state.indexBill(request.billId(), request.declarationId());
        emit(stub, CustomsEvent.of("submitted", declaration, null, stub.getTxId(), now));
        return Json.write(declaration);
    }

    /**
     * Assesses an import declaration as {@link #declareImport} would now, writing nothing: the duty to deposit.
     *
     * @param requestJson as {@link #declareImport} ({@code dutyInputs} ignored)
     * @return the assessment, with {@code rulesVersion}
     * @throws org.hyperledger.fabric.shim.ChaincodeException as {@link #declareImport}, without the deposit's
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String assessImport(Context ctx, String requestJson) {
        CustomsRequests.DeclareImport request = Json.parseArgument(requestJson, CustomsRequests.DeclareImport.class);
        Caller caller = Caller.of(ctx);
        Prepared prepared = prepareImport(ctx, request.withoutInputs(),
                importerFor(new CustomsState(ctx.getStub()), request, declarant(caller)));
        return Json.write(Map.of("assessment", prepared.assessment(), "rulesVersion", prepared.rules().version(),
                "zoneId", request.zoneId(), "state", caller.mspId()));
    }

    /**
     * Submits an export declaration in a zone of the caller's state, the caller being the invoice's issuer (role
     * business). No duty; the exporter's customs clears, holds or rejects it.
     *
     * @param requestJson {@code {"declarationId","zoneId","invoiceId","lines":[...],"currency"}}
     * @return the declaration record; a retry returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code NOT_FOUND},
     *     {@code DOCUMENT_VOID}, {@code DOCUMENT_MISMATCH}, {@code NO_RULES_IN_FORCE}, {@code CONFLICT},
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String declareExport(Context ctx, String requestJson) {
        CustomsRequests.DeclareExport request = Json.parseArgument(requestJson, CustomsRequests.DeclareExport.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        String requestHash = Digests.sha256Hex(Json.bytes(request));
        WalletId exporter = declarant(caller);
        Stored<DeclarationRecord> prior = state.declaration(request.declarationId());
        if (prior != null) {
            return retried(prior, exporter, requestHash);
        }
        ZoneRecord zone = state.requireZone(exporter.mspId(), request.zoneId());
        RulesRecord rules = state.inForce(zone, TxTime.of(stub));
        DocumentRecord invoice = requireDocument(ctx, request.invoiceId(), DocumentType.COMMERCIAL_INVOICE);
        if (!invoice.issuer().equals(exporter)) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("invoice %s was issued by %s, not by the exporter %s",
                    invoice.documentId(), invoice.issuer(), exporter);
        }
        requireSameGoods(invoice, request.currency(), request.lines());
        String now = TxTime.iso(stub);
        DeclarationRecord declaration = new DeclarationRecord(request.declarationId(), DeclarationRecord.EXPORT,
                exporter.mspId(), request.zoneId(), rules.version(), exporter, null, request.invoiceId(), null, null,
                null,
                request.lines(), request.currency(), null, null, null, DeclarationRecord.SUBMITTED,
                List.of(new DeclarationRecord.Step(DeclarationRecord.SUBMITTED, exporter, null, stub.getTxId(), now)),
                null, now, null, null, requestHash);
        state.writeDeclaration(declaration, true);
        state.indexExport(request.invoiceId(), request.declarationId());
        emit(stub, CustomsEvent.of("submitted", declaration, null, stub.getTxId(), now));
        return Json.write(declaration);
    }

    /**
     * Holds a declaration for inspection. Role customs of the deciding state; a reason is required.
     *
     * @param requestJson {@code {"declarationId","reason"}}
     * @return the declaration, held; holding again for the same reason returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN},
     *     {@code FOREIGN_CUSTOMS}, {@code DECLARATION_CLOSED}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String holdDeclaration(Context ctx, String requestJson) {
        CustomsRequests.Decide request = Json.parseArgument(requestJson, CustomsRequests.Decide.class);
        CustomsRequests.text("reason", request.reason(), 500, true);
        Decision decision = decision(ctx, request.declarationId());
        DeclarationRecord declaration = decision.declaration().value();
        DeclarationRecord.Step last = declaration.steps().get(declaration.steps().size() - 1);
        if (declaration.status().equals(DeclarationRecord.HELD) && request.reason().equals(last.reason())) {
            return decision.declaration().text();
        }
        requireOpen(declaration);
        ChaincodeStub stub = ctx.getStub();
        DeclarationRecord held = declaration.decided(DeclarationRecord.HELD,
                decision.step(DeclarationRecord.HELD, request.reason()),
                null, null, null);
        new CustomsState(stub).writeDeclaration(held, false);
        emit(stub, CustomsEvent.of("held", held, request.reason(), stub.getTxId(), TxTime.iso(stub)));
        return Json.write(held);
    }

    /**
     * Clears a declaration; for an import with duty, pays the deposit to the revenue wallet of the rules it was
     * assessed under, in this transaction. Role customs of the deciding state.
     *
     * @param requestJson {@code {"declarationId"}}
     * @return the declaration, cleared, with {@code clearanceMillis}; clearing again returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN},
     *     {@code FOREIGN_CUSTOMS}, {@code DECLARATION_CLOSED} (rejected), {@code WALLET_NOT_FOUND} (revenue wallet)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String clearDeclaration(Context ctx, String requestJson) {
        CustomsRequests.Decide request = Json.parseArgument(requestJson, CustomsRequests.Decide.class);
        Decision decision = decision(ctx, request.declarationId());
        DeclarationRecord declaration = decision.declaration().value();
        if (declaration.cleared()) {
            return decision.declaration().text();
        }
        requireOpen(declaration);
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        List<PaymentOutput> paid = null;
        if (declaration.deposit() != null) {
            RulesRecord rules = state.rules(declaration.state(), declaration.zoneId(), declaration.rulesVersion());
            if (rules == null) {
                throw LedgerError.INTERNAL.exception("declaration %s names rules version %d, which is missing",
                        declaration.declarationId(), declaration.rulesVersion());
            }
            paid = Holdings.of(ctx).release(declaration.deposit(),
                    List.of(new Payout(rules.revenueWallet(), declaration.deposit().amount())),
                    reference(declaration.declarationId(), "paid"));
        }
        Instant now = TxTime.of(stub);
        long millis = Duration.between(Instant.parse(declaration.submittedAt()), now).toMillis();
        DeclarationRecord cleared = declaration.decided(DeclarationRecord.CLEARED,
                decision.step(DeclarationRecord.CLEARED, request.reason()),
                paid, TxTime.iso(stub), millis);
        state.writeDeclaration(cleared, false);
        emit(stub, CustomsEvent.of("cleared", cleared, request.reason(), stub.getTxId(), TxTime.iso(stub)));
        return Json.write(cleared);
    }

    /**
     * Rejects a declaration and refunds the duty deposit to the declarant in this transaction. Role customs of the
     * deciding state; a reason is required. The importer may declare the bill again under a new ID.
     *
     * @param requestJson {@code {"declarationId","reason"}}
     * @return the declaration, rejected; rejecting again returns it unchanged
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN},
     *     {@code FOREIGN_CUSTOMS}, {@code DECLARATION_CLOSED} (cleared), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String rejectDeclaration(Context ctx, String requestJson) {
        CustomsRequests.Decide request = Json.parseArgument(requestJson, CustomsRequests.Decide.class);
        CustomsRequests.text("reason", request.reason(), 500, true);
        Decision decision = decision(ctx, request.declarationId());
        DeclarationRecord declaration = decision.declaration().value();
        if (declaration.status().equals(DeclarationRecord.REJECTED)) {
            return decision.declaration().text();
        }
        requireOpen(declaration);
        ChaincodeStub stub = ctx.getStub();
        List<PaymentOutput> refund = null;
        if (declaration.deposit() != null) {
            refund = Holdings.of(ctx).release(declaration.deposit(),
                    List.of(new Payout(declaration.declarant(), declaration.deposit().amount())),
                    reference(declaration.declarationId(), "refund"));
        }
        DeclarationRecord rejected = declaration.decided(DeclarationRecord.REJECTED,
                decision.step(DeclarationRecord.REJECTED, request.reason()),
                refund, TxTime.iso(stub), null);
        new CustomsState(stub).writeDeclaration(rejected, false);
        emit(stub, CustomsEvent.of("rejected", rejected, request.reason(), stub.getTxId(), TxTime.iso(stub)));
        return Json.write(rejected);
    }

    /**
     * Appoints a customs broker, who may then declare imports in the caller's name. Role business; the broker is a
     * party of the caller's state. Appointing again changes nothing.
     *
     * @param requestJson {@code {"broker"}}
     * @return the appointment
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (role, or a broker of another state),
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String appointBroker(Context ctx, String requestJson) {
        CustomsRequests.BrokerRef request = Json.parseArgument(requestJson, CustomsRequests.BrokerRef.class);
        WalletId importer = declarant(Caller.of(ctx));
        WalletId broker = request.broker();
        if (!broker.mspId().equals(importer.mspId()) || broker.equals(importer) || broker.name().contains(":")) {
            throw LedgerError.FORBIDDEN.exception("%s cannot be broker of %s: a broker is another party of %s", broker,
                    importer, importer.mspId());
        }
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        Stored<BrokerRecord> existing = state.broker(importer, broker);
        if (existing != null) {
            return existing.text();
        }
        BrokerRecord appointment = new BrokerRecord(importer, broker, TxTime.iso(stub), stub.getTxId());
        state.writeBroker(appointment);
        return Json.write(appointment);
    }

    /**
     * Revokes a broker's appointment; declarations it made stay. Role business, the importer.
     *
     * @param requestJson {@code {"broker"}}
     * @return {@code {"importer","broker","revoked":true}}; revoking again changes nothing
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revokeBroker(Context ctx, String requestJson) {
        CustomsRequests.BrokerRef request = Json.parseArgument(requestJson, CustomsRequests.BrokerRef.class);
        WalletId importer = declarant(Caller.of(ctx));
        CustomsState state = new CustomsState(ctx.getStub());
        if (state.broker(importer, request.broker()) != null) {
            state.deleteBroker(importer, request.broker());
        }
        return Json.write(Map.of("importer", importer, "broker", request.broker(), "revoked", true));
    }

    /**
     * @param requestJson {@code {"declarationId"}}
     * @return the declaration record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getDeclaration(Context ctx, String requestJson) {
        CustomsRequests.DeclarationRef request = Json.parseArgument(requestJson, CustomsRequests.DeclarationRef.class);
        Caller.of(ctx);
        return new CustomsState(ctx.getStub()).requireDeclaration(request.declarationId()).text();
    }

    /**
     * @param requestJson {@code {"billId"}}
     * @return the bill's latest import declaration
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String declarationForBill(Context ctx, String requestJson) {
        CustomsRequests.BillRef request = Json.parseArgument(requestJson, CustomsRequests.BillRef.class);
        Caller.of(ctx);
        return Json.write(Declarations.of(ctx).forBill(request.billId()).orElseThrow(() ->
                LedgerError.NOT_FOUND.exception("no import declaration references bill %s", request.billId())));
    }

    /**
     * Clearance times per zone from the transaction timestamps of submission and clearance, over every cleared
     * declaration (a full scan: a report, not a hot path).
     *
     * @param requestJson {@code {"state"?}}
     * @return {@code {"zones":[{"state","zoneId","cleared","open","rejected","medianMillis","p90Millis","maxMillis"}]}}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String clearanceStats(Context ctx, String requestJson) {
        CustomsRequests.Stats request = Json.parseArgument(requestJson, CustomsRequests.Stats.class);
        Caller.of(ctx);
        Map<String, List<Long>> times = new TreeMap<>();
        Map<String, int[]> counts = new TreeMap<>();
        StateScan.forEach(ctx.getStub(), kv -> {
            DeclarationRecord d = Json.parseState(kv.getValue(), DeclarationRecord.class, kv.getKey());
            if (request.state() != null && !request.state().equals(d.state())) {
                return;
            }
            String zone = d.state() + "/" + d.zoneId();
            int[] c = counts.computeIfAbsent(zone, z -> new int[3]);
            times.computeIfAbsent(zone, z -> new ArrayList<>());
            if (d.cleared()) {
                c[0]++;
                times.get(zone).add(d.clearanceMillis());
            } else if (d.open()) {
                c[1]++;
            } else {
                c[2]++;
            }
        }, CustomsKeys.DECLARATION);
        List<ZoneStats> zones = new ArrayList<>();
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            List<Long> sorted = times.get(entry.getKey()).stream().sorted().toList();
            String[] parts = entry.getKey().split("/", 2);
            int[] c = entry.getValue();
            zones.add(new ZoneStats(MspId.of(parts[0]), parts[1], c[0], c[1], c[2], median(sorted),
                    percentile(sorted, 90), sorted.isEmpty() ? null : sorted.get(sorted.size() - 1)));
        }
        return Json.write(Map.of("zones", zones));
    }

    /** One zone's line of {@link #clearanceStats}. */
    record ZoneStats(MspId state, String zoneId, int cleared, int open, int rejected, Long medianMillis,
            Long p90Millis, Long maxMillis) {}

    /** Replaces the shim's generic message with a stable code. */
    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Assessment

    /** What a valid import declaration is assessed under, and the result. */
    record Prepared(ZoneRecord zone, RulesRecord rules, DeclarationRecord.Assessment assessment) {}

    private static Prepared prepareImport(Context ctx, CustomsRequests.DeclareImport request, WalletId importer) {
        ChaincodeStub stub = ctx.getStub();
        CustomsState state = new CustomsState(stub);
        Instant now = TxTime.of(stub);
        ZoneRecord zone = state.requireZone(importer.mspId(), request.zoneId());
        RulesRecord rules = state.inForce(zone, now);

        DocumentRecord invoice = requireDocument(ctx, request.invoiceId(), DocumentType.COMMERCIAL_INVOICE);
        requireSameGoods(invoice, request.currency(), request.lines());
        if (!importer.equals(invoice.elements().consignee())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("invoice %s consigns the goods to %s, not to the importer %s",
                    invoice.documentId(), invoice.elements().consignee(), importer);
        }
        BillRecord bill = BillsOfLading.of(ctx).find(request.billId()).orElseThrow(() ->
                LedgerError.NOT_FOUND.exception("no bill of lading %s", request.billId()));
        if (BillRecord.VOID.equals(bill.status())) {
            throw LedgerError.DOCUMENT_VOID.exception("bill of lading %s was voided", bill.billId());
        }
        if (!request.invoiceId().equals(bill.invoiceRef())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("bill %s belongs to invoice %s, not %s", bill.billId(),
                    bill.invoiceRef(), request.invoiceId());
        }
        if (!importer.equals(bill.consignee()) && !importer.equals(bill.holder())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("bill %s names consignee %s and is held by %s; the importer "
                    + "%s is neither", bill.billId(), bill.consignee(), bill.holder(), importer);
        }
        if (!zone.ports().contains(bill.portOfDischarge())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("bill %s discharges at %s, which is not a port of zone %s %s",
                    bill.billId(), bill.portOfDischarge(), zone.zoneId(), zone.ports());
        }
        Declarations declarations = Declarations.of(ctx);
        declarations.forBill(bill.billId()).ifPresent(existing -> {
            if (!DeclarationRecord.REJECTED.equals(existing.status())) {
                throw LedgerError.CONFLICT.exception("bill %s is declared already in %s (%s)", bill.billId(),
                        existing.declarationId(), existing.status());
            }
        });
        requireExportCleared(state, declarations, request, bill, now);

        boolean preferential = false;
        if (request.certificateId() != null) {
            DocumentRecord certificate =
                    requireDocument(ctx, request.certificateId(), DocumentType.CERTIFICATE_OF_ORIGIN);
            preferential = checkCertificate(certificate, request, importer);
        }
        return new Prepared(zone, rules, assess(rules, request.currency(), request.lines(), preferential));
    }

    /**
     * Computes the duty: each line's value converted at the zone's customs rate (floor), summed; below de minimis none
     * is due; otherwise each line pays its chapter's rate (preferential or standard) on its customs value (floor).
     */
    static DeclarationRecord.Assessment assess(RulesRecord rules, CurrencyCode invoiceCurrency, List<GoodsLine> lines,
            boolean preferential) {
        ExchangeRate rate;
        if (invoiceCurrency.equals(rules.currency())) {
            rate = new ExchangeRate(1L, 1L);
        } else {
            rate = rules.exchangeRates().get(invoiceCurrency.value());
            if (rate == null) {
                throw LedgerError.UNKNOWN_CURRENCY.exception("zone %s has no customs exchange rate for %s",
                        rules.zoneId(), invoiceCurrency);
            }
        }
        List<long[]> converted = new ArrayList<>();
        long customsValue = 0;
        for (GoodsLine line : lines) {
            long value = BigInteger.valueOf(line.value()).multiply(BigInteger.valueOf(rate.numerator()))
                    .divide(BigInteger.valueOf(rate.denominator())).longValueExact();
            converted.add(new long[] {value});
            customsValue = Amounts.add(customsValue, value);
        }
        boolean below = customsValue < rules.deMinimis();
        List<DeclarationRecord.LineDuty> duties = new ArrayList<>();
        long duty = 0;
        for (int i = 0; i < lines.size(); i++) {
            GoodsLine line = lines.get(i);
            RatePair rates = rules.ratesFor(line.chapter());
            int bp = below ? 0 : preferential ? rates.preferential() : rates.standard();
            long value = converted.get(i)[0];
            long lineDuty = BigInteger.valueOf(value).multiply(BigInteger.valueOf(bp))
                    .divide(BigInteger.valueOf(10_000)).longValueExact();
            duties.add(new DeclarationRecord.LineDuty(line.hsCode(), value, bp, lineDuty));
            duty = Amounts.add(duty, lineDuty);
        }
        return new DeclarationRecord.Assessment(rules.currency(), customsValue, rules.deMinimis(), below,
                preferential && !below, duty, duties, ROUNDING);
    }

    /**
     * A certificate must agree with the declaration (invoice, consignee, origin, every HS code); it earns the
     * preferential rates when it was issued in the member state of the goods' origin.
     */
    private static boolean checkCertificate(DocumentRecord certificate, CustomsRequests.DeclareImport request,
            WalletId importer) {
        if (!request.invoiceId().equals(certificate.elements().invoiceRef())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("certificate %s belongs to invoice %s, not %s",
                    certificate.documentId(), certificate.elements().invoiceRef(), request.invoiceId());
        }
        if (!importer.equals(certificate.elements().consignee())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("certificate %s names consignee %s, not the importer %s",
                    certificate.documentId(), certificate.elements().consignee(), importer);
        }
        if (!request.origin().equals(certificate.elements().origin())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("the declared origin %s contradicts certificate %s (%s)",
                    request.origin(), certificate.documentId(), certificate.elements().origin());
        }
        Set<String> covered = new HashSet<>();
        certificate.elements().lines().forEach(line -> covered.add(line.hsCode()));
        for (GoodsLine line : request.lines()) {
            if (!covered.contains(line.hsCode())) {
                throw LedgerError.DOCUMENT_MISMATCH.exception("certificate %s does not cover HS %s",
                        certificate.documentId(), line.hsCode());
            }
        }
        return certificate.issuer().mspId().countryCode().equals(request.origin());
    }

    /** When the zone of the bill's port of loading requires it, a cleared export declaration of the same invoice. */
    private static void requireExportCleared(CustomsState state, Declarations declarations,
            CustomsRequests.DeclareImport request, BillRecord bill, Instant now) {
        PortEntry loading = state.port(bill.portOfLoading());
        if (loading == null) {
            return;
        }
        ZoneRecord exportZone = state.requireZone(loading.state(), loading.zoneId());
        RulesRecord exportRules = state.inForceOrNull(exportZone, now);
        if (exportRules == null || !exportRules.exportDeclarationRequired()) {
            return;
        }
        String id = request.exportDeclarationId();
        DeclarationRecord export = id == null ? null : declarations.find(id).orElse(null);
        if (export == null || !DeclarationRecord.EXPORT.equals(export.kind())
                || !export.invoiceId().equals(request.invoiceId()) || !export.cleared()) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("zone %s of %s requires a cleared export declaration of "
                    + "invoice %s for goods loaded at %s; exportDeclarationId %s is not one", exportZone.zoneId(),
                    loading.state(), request.invoiceId(), bill.portOfLoading(), id);
        }
    }

    private static DocumentRecord requireDocument(Context ctx, String documentId, DocumentType type) {
        DocumentRecord document = Documents.of(ctx).find(documentId).orElseThrow(() ->
                LedgerError.NOT_FOUND.exception("no document %s is registered", documentId));
        if (!document.active()) {
            throw LedgerError.DOCUMENT_VOID.exception("document %s was voided: %s", documentId,
                    document.voidReason());
        }
        if (document.type() != type) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("document %s is a %s, not a %s", documentId,
                    document.type(), type);
        }
        return document;
    }

    private static void requireSameGoods(DocumentRecord invoice, CurrencyCode currency, List<GoodsLine> lines) {
        if (!currency.equals(invoice.elements().currency())) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("declared currency %s, invoice %s is in %s", currency,
                    invoice.documentId(), invoice.elements().currency());
        }
        List<GoodsLine> invoiced = invoice.elements().lines();
        if (invoiced.size() != lines.size()) {
            throw LedgerError.DOCUMENT_MISMATCH.exception("declared %d lines, invoice %s has %d", lines.size(),
                    invoice.documentId(), invoiced.size());
        }
        for (int i = 0; i < lines.size(); i++) {
            GoodsLine declared = lines.get(i);
            GoodsLine billed = invoiced.get(i);
            if (!declared.equals(billed)) {
                throw LedgerError.DOCUMENT_MISMATCH.exception(
                        "line %d: declared HS %s, quantity %d, value %d; invoice %s states HS %s, quantity %d, value %d",
                        i + 1, declared.hsCode(), declared.quantity(), declared.value(), invoice.documentId(),
                        billed.hsCode(), billed.quantity(), billed.value());
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A decision's declaration, checked to be the caller's to decide. */
    private record Decision(Stored<DeclarationRecord> declaration, WalletId by, String txId,
            String at) {
        DeclarationRecord.Step step(String status, String reason) {
            return new DeclarationRecord.Step(status, by, reason, txId, at);
        }
    }

    private static Decision decision(Context ctx, String declarationId) {
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.CUSTOMS);
        ChaincodeStub stub = ctx.getStub();
        Stored<DeclarationRecord> stored = new CustomsState(stub).requireDeclaration(declarationId);
        if (!caller.mspId().equals(stored.value().state())) {
            throw LedgerError.FOREIGN_CUSTOMS.exception("declaration %s is decided by customs of %s, not of %s",
                    declarationId, stored.value().state(), caller.mspId());
        }
        return new Decision(stored, caller.walletId(), stub.getTxId(), TxTime.iso(stub));
    }

    private static void requireOpen(DeclarationRecord declaration) {
        if (!declaration.open()) {
            throw LedgerError.DECLARATION_CLOSED.exception("declaration %s was %s in transaction %s",
                    declaration.declarationId(), declaration.status(),
                    declaration.steps().get(declaration.steps().size() - 1).txId());
        }
    }

    private static WalletId declarant(Caller caller) {
        caller.requireRole(Role.BUSINESS);
        WalletId id = caller.walletId();
        if (id.name().contains(":")) {
            throw LedgerError.FORBIDDEN.exception("enrollment ID %s contains ':', which only contract accounts have",
                    id.name());
        }
        return id;
    }

    /** The importer a declaration is for: the declarant itself, or the importer that appointed it broker. */
    private static WalletId importerFor(CustomsState state, CustomsRequests.DeclareImport request,
            WalletId declarant) {
        WalletId importer = request.importer();
        if (importer == null || importer.equals(declarant)) {
            return declarant;
        }
        if (state.broker(importer, declarant) == null) {
            throw LedgerError.FORBIDDEN.exception("%s is not a broker appointed by %s", declarant, importer);
        }
        return importer;
    }

    private static String retried(Stored<DeclarationRecord> prior, WalletId declarant,
            String requestHash) {
        DeclarationRecord first = prior.value();
        if (first.declarant().equals(declarant) && first.requestHash().equals(requestHash)) {
            return prior.text();
        }
        throw LedgerError.CONFLICT.exception("declarationId %s is used by %s for another declaration",
                first.declarationId(), first.declarant());
    }

    private static boolean sameRules(RulesRecord stored, CustomsRequests.SetRules request) {
        return Instant.parse(stored.effectiveFrom()).equals(Instant.parse(request.effectiveFrom()))
                && stored.currency().equals(request.currency()) && stored.deMinimis() == request.deMinimis()
                && stored.defaultRate().equals(request.defaultRate())
                && stored.chapterRates().equals(request.chapterRates())
                && stored.exchangeRates().equals(request.exchangeRates())
                && stored.revenueWallet().equals(request.revenueWallet())
                && stored.exportDeclarationRequired() == request.exportDeclarationRequired();
    }

    static String reference(String declarationId, String what) {
        return NAME + ":" + declarationId + ":" + what;
    }

    private static Long median(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Nearest-rank percentile. */
    private static Long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (p * sorted.size() + 99) / 100;
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void emit(ChaincodeStub stub, CustomsEvent event) {
        stub.setEvent(DECLARATION_EVENT, Json.bytes(event));
    }

    static byte[] endorsedBy(MspId state) {
        StateBasedEndorsement policy = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        policy.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, state.value());
        return policy.policy();
    }
}
