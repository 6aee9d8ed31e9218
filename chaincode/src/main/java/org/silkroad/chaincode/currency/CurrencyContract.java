package org.silkroad.chaincode.currency;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ext.sbe.StateBasedEndorsement;
import org.hyperledger.fabric.shim.ext.sbe.impl.StateBasedEndorsementFactory;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.silkroad.chaincode.currency.CurrencyState.Stored;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.ChannelMembers;
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
 * Central-bank digital currencies held as unspent notes (UTXO).
 *
 * <p>Each central bank registers its currency and alone issues and redeems it. A payment names the notes it spends and
 * creates new notes for the payees and the change; inputs equal outputs exactly. Payments do point reads only and
 * write keys no other payment writes (new note keys derive from the transaction ID), so payments into the same wallet
 * never conflict. Invariant, checked by {@code audit}: per currency, issued - redeemed = unspent notes + quote reserves
 * + escrow.
 *
 * <p>Every transaction takes one JSON argument (or none) and returns JSON written by the shared canonical mapper. A
 * broken rule throws a {@link LedgerError} before anything is written.
 */
@Contract(
        name = CurrencyContract.NAME,
        info = @Info(title = "Silkroad currency", description = "Central-bank digital currencies as unspent notes"))
public final class CurrencyContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code currency:<transaction>}. */
    public static final String NAME = "currency";

    /** Chaincode event of {@code pay} and {@code crossBorderPay}; payload {@link PaymentEvent}. */
    public static final String PAYMENT_EVENT = "currency.Payment";

    /** How {@code crossBorderPay} converts, stated in every cross-border payment record. */
    public static final String ROUNDING = "floor; remainder stays in the provider's reserve";

    /** The tier every wallet has until its central bank assigns another. */
    public static final String DEFAULT_TIER = "default";

    // ---------------------------------------------------------------------------------------------------------------
    // Currencies, issuance, redemption

    /**
     * Registers the caller's state's currency. Role central-bank; the issuer is the caller's MSP ID.
     *
     * @param requestJson {@code {"code":"CNY","decimals":2}}
     * @return the currency record; a repeat by the same state with the same decimals returns the stored one
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (not a central bank),
     *     {@code CURRENCY_EXISTS} (registered by another state or with other decimals), {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerCurrency(Context ctx, String requestJson) {
        Requests.RegisterCurrency request = Json.parseArgument(requestJson, Requests.RegisterCurrency.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.CENTRAL_BANK);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);

        Stored<CurrencyRecord> existing = state.currency(request.code());
        if (existing != null) {
            CurrencyRecord first = existing.value();
            if (first.issuerMspId().equals(caller.mspId()) && first.decimals() == request.decimals()) {
                return existing.text();
            }
            throw LedgerError.CURRENCY_EXISTS.exception("currency %s is registered by %s with %d decimals",
                    request.code(), first.issuerMspId(), first.decimals());
        }
        CurrencyRecord currency = new CurrencyRecord(
                request.code(), request.decimals(), caller.mspId(), TxTime.iso(stub), stub.getTxId());
        String supplyKey = state.supplyKey(request.code());
        state.write(supplyKey, new SupplyRecord(request.code(), 0, 0));
        // Every issue and redeem writes the supply record, so this key-level policy makes the issuing state's own
        // peers' endorsement necessary for them, on top of the majority of states: no coalition of other states
        // can create or destroy this currency.
        StateBasedEndorsement issuerOnly = StateBasedEndorsementFactory.getInstance().newStateBasedEndorsement(null);
        issuerOnly.addOrgs(StateBasedEndorsement.RoleType.RoleTypePeer, caller.mspId().value());
        stub.setStateValidationParameter(supplyKey, issuerOnly.policy());
        return putAndReturn(stub, state.currencyKey(request.code()), currency);
    }

    /**
     * Issues new money as one note into an open wallet (of any state). Only the issuing state's central bank.
     *
     * @param requestJson {@code {"requestId","currency","wallet","amount"}}
     * @return {@code {"requestId","currency","wallet","amount","noteId","txId",...}}; a retry returns the first result
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code UNKNOWN_CURRENCY}, {@code NOT_ISSUER},
     *     {@code REQUEST_ID_REUSED}, {@code WALLET_NOT_FOUND}, {@code AMOUNT_OVERFLOW} (supply would pass 2^63-1),
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String issue(Context ctx, String requestJson) {
        Requests.Issue request = Json.parseArgument(requestJson, Requests.Issue.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        CurrencyRecord currency = state.requireCurrency(request.currency());
        requireIssuer(caller, currency);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String key = state.issuanceKey(caller.mspId(), request.requestId());
        Stored<IssuanceRecord> prior = state.read(key, IssuanceRecord.class);
        if (prior != null) {
            return retriedRequest(prior, prior.value().requestHash(), requestHash, request.requestId().value());
        }
        state.requireWallet(request.wallet());
        SupplyRecord supply = state.requireSupply(request.currency());
        long issued = Amounts.add(supply.issued(), request.amount());

        NoteId noteId = NoteId.of(stub.getTxId(), 0);
        state.create(request.wallet(), request.currency(), request.amount(), noteId);
        state.write(state.supplyKey(request.currency()), new SupplyRecord(request.currency(), issued, supply.redeemed()));
        return putAndReturn(stub, key, new IssuanceRecord(request.requestId(), requestHash, caller.mspId(),
                request.currency(), request.wallet(), request.amount(), noteId, stub.getTxId(), TxTime.iso(stub)));
    }

    /**
     * Retires notes held in the issuing central bank's own wallet (holders pay the central bank first).
     *
     * @param requestJson {@code {"requestId","currency","notes":[noteId...]}}
     * @return {@code {"requestId","currency","amount","notes","txId",...}}; a retry returns the first result
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code UNKNOWN_CURRENCY}, {@code NOT_ISSUER},
     *     {@code REQUEST_ID_REUSED}, {@code NOTE_NOT_FOUND}, {@code NOTE_SPENT}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String redeem(Context ctx, String requestJson) {
        Requests.Redeem request = Json.parseArgument(requestJson, Requests.Redeem.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        CurrencyRecord currency = state.requireCurrency(request.currency());
        requireIssuer(caller, currency);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String key = state.redemptionKey(caller.mspId(), request.requestId());
        Stored<RedemptionRecord> prior = state.read(key, RedemptionRecord.class);
        if (prior != null) {
            return retriedRequest(prior, prior.value().requestHash(), requestHash, request.requestId().value());
        }
        WalletId own = caller.walletId();
        List<NoteRecord> notes = state.unspent(own, request.currency(), request.notes());
        long amount = CurrencyState.total(notes);
        SupplyRecord supply = state.requireSupply(request.currency());
        long redeemed = Amounts.add(supply.redeemed(), amount);
        if (redeemed > supply.issued()) {
            throw LedgerError.INTERNAL.exception(
                    "%s would have %d redeemed of %d issued", request.currency(), redeemed, supply.issued());
        }

        state.spend(notes, null, request.requestId().value(), null);
        state.write(state.supplyKey(request.currency()), new SupplyRecord(request.currency(), supply.issued(), redeemed));
        return putAndReturn(stub, key, new RedemptionRecord(request.requestId(), requestHash, caller.mspId(),
                request.currency(), own, amount, request.notes(), stub.getTxId(), TxTime.iso(stub)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Wallets, tiers, freezes, devices

    /**
     * Opens the caller's own wallet, {@code <MSP ID>/<enrollment ID>}. Any role but device (devices are registered by
     * their owner). Idempotent.
     *
     * @return the wallet record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (no role, role device, or the ID is a
     *     device wallet)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String openWallet(Context ctx) {
        Caller caller = Caller.of(ctx);
        Role role = caller.role().orElseThrow(() -> LedgerError.FORBIDDEN.exception(
                "caller %s has no %s; a wallet is opened by an identity with a role", caller, Role.ATTRIBUTE));
        if (role == Role.DEVICE) {
            throw LedgerError.FORBIDDEN.exception("a device wallet is registered by its owner with registerDevice");
        }
        WalletId id = caller.walletId();
        Holdings.refuseAccountName(id);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        Stored<WalletRecord> existing = state.wallet(id);
        if (existing != null) {
            if (existing.value().kind() != WalletKind.STANDARD) {
                throw LedgerError.FORBIDDEN.exception(
                        "wallet %s is a device wallet registered by %s", id, existing.value().owner());
            }
            return existing.text();
        }
        return putAndReturn(stub, state.walletKey(id), new WalletRecord(id, caller.mspId(), WalletKind.STANDARD,
                DEFAULT_TIER, false, null, null, null, TxTime.iso(stub), stub.getTxId()));
    }

    /**
     * Registers (or updates the caps of) a device wallet {@code <caller's MSP ID>/<deviceId>} owned by the caller's
     * wallet. Role business or ehub; the device is an identity of the same state with role device.
     *
     * @param requestJson {@code {"deviceId","caps":{"<ccy>":amount}}}
     * @return the device's wallet record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code WALLET_NOT_FOUND} (the caller
     *     has no open wallet), {@code UNKNOWN_CURRENCY}, {@code CONFLICT} (the ID is another wallet's),
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String registerDevice(Context ctx, String requestJson) {
        Requests.RegisterDevice request = Json.parseArgument(requestJson, Requests.RegisterDevice.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BUSINESS, Role.EHUB);
        WalletId owner = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        state.requireWallet(owner);
        for (String code : request.caps().keySet()) {
            state.requireCurrency(CurrencyCode.of(code));
        }
        WalletId device = new WalletId(caller.mspId(), request.deviceId());
        Holdings.refuseAccountName(device);
        Stored<WalletRecord> existing = state.wallet(device);
        if (existing != null) {
            WalletRecord wallet = existing.value();
            if (wallet.kind() != WalletKind.DEVICE || !owner.equals(wallet.owner())) {
                throw LedgerError.CONFLICT.exception("wallet %s is already open and is not a device of %s", device, owner);
            }
            if (request.caps().equals(wallet.perPaymentCap())) {
                return existing.text();
            }
            return putAndReturn(stub, state.walletKey(device), wallet.withCaps(request.caps()));
        }
        return putAndReturn(stub, state.walletKey(device), new WalletRecord(device, caller.mspId(), WalletKind.DEVICE,
                DEFAULT_TIER, false, null, owner, request.caps(), TxTime.iso(stub), stub.getTxId()));
    }

    /**
     * Defines or replaces a limit tier for the wallets of the caller's state. Role central-bank.
     *
     * @param requestJson {@code {"tier","limits":{"<ccy>":{"perPayment","daily"}}}}
     * @return the tier record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String setTier(Context ctx, String requestJson) {
        Requests.SetTier request = Json.parseArgument(requestJson, Requests.SetTier.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.CENTRAL_BANK);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        return putAndReturn(stub, state.tierKey(caller.mspId(), request.tier()),
                new TierRecord(caller.mspId(), request.tier(), request.limits(), TxTime.iso(stub), stub.getTxId()));
    }

    /**
     * Assigns a tier to a wallet of the caller's state. Role central-bank of the wallet's state.
     *
     * @param requestJson {@code {"wallet","tier"}}
     * @return the wallet record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code NOT_JURISDICTION},
     *     {@code WALLET_NOT_FOUND}, {@code UNKNOWN_TIER} (not defined, other than {@code "default"})
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String assignTier(Context ctx, String requestJson) {
        Requests.AssignTier request = Json.parseArgument(requestJson, Requests.AssignTier.class);
        Caller caller = Caller.of(ctx);
        requireJurisdiction(caller, request.wallet());
        CurrencyState state = new CurrencyState(ctx.getStub());
        Stored<WalletRecord> wallet = requireStoredWallet(state, request.wallet());
        if (!DEFAULT_TIER.equals(request.tier())
                && state.read(state.tierKey(caller.mspId(), request.tier()), TierRecord.class) == null) {
            throw LedgerError.UNKNOWN_TIER.exception("%s has defined no tier %s", caller.mspId(), request.tier());
        }
        if (wallet.value().tier().equals(request.tier())) {
            return wallet.text();
        }
        return putAndReturn(ctx.getStub(), state.walletKey(request.wallet()), wallet.value().withTier(request.tier()));
    }

    /**
     * Freezes a wallet of the caller's state: it can no longer pay, it can still receive. Role central-bank of the
     * wallet's state.
     *
     * @param requestJson {@code {"wallet","reason"}}
     * @return the wallet record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code NOT_JURISDICTION},
     *     {@code WALLET_NOT_FOUND}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String freeze(Context ctx, String requestJson) {
        Requests.Freeze request = Json.parseArgument(requestJson, Requests.Freeze.class);
        Caller caller = Caller.of(ctx);
        requireJurisdiction(caller, request.wallet());
        CurrencyState state = new CurrencyState(ctx.getStub());
        Stored<WalletRecord> wallet = requireStoredWallet(state, request.wallet());
        if (wallet.value().frozen() && request.reason().equals(wallet.value().frozenReason())) {
            return wallet.text();
        }
        return putAndReturn(ctx.getStub(), state.walletKey(request.wallet()),
                wallet.value().withFrozen(true, request.reason()));
    }

    /**
     * Unfreezes a wallet of the caller's state. Role central-bank of the wallet's state.
     *
     * @param requestJson {@code {"wallet"}}
     * @return the wallet record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code NOT_JURISDICTION},
     *     {@code WALLET_NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String unfreeze(Context ctx, String requestJson) {
        Requests.WalletOnly request = Json.parseArgument(requestJson, Requests.WalletOnly.class);
        Caller caller = Caller.of(ctx);
        requireJurisdiction(caller, request.wallet());
        CurrencyState state = new CurrencyState(ctx.getStub());
        Stored<WalletRecord> wallet = requireStoredWallet(state, request.wallet());
        if (!wallet.value().frozen()) {
            return wallet.text();
        }
        return putAndReturn(ctx.getStub(), state.walletKey(request.wallet()), wallet.value().withFrozen(false, null));
    }

    /**
     * Moves notes of a wallet to a successor wallet of the caller's state, in two cases:
     * <ul>
     *   <li>The wallet is of the caller's state and frozen: its holder lost its key or its identity was revoked, or a
     *       court ordered it. Role central-bank of the wallet's state.
     *   <li>The wallet's state has left the channel (it is no longer an organisation of the channel's configuration,
     *       by each endorsing peer's own copy), and the notes are of the caller's own currency. Role central-bank of
     *       the currency's issuer. The state that left has no central bank on the channel to freeze or move anything,
     *       and its identities are refused, so nobody else could ever move these notes again; the issuer takes them
     *       back into its jurisdiction, where the holder's claim can be settled.
     * </ul>
     * The notes become one note of the successor ({@code <txId>:0}); the supply does not change, and the wallet's
     * limits do not apply (its holder pays nothing; a central bank moves what it holds). Recorded as a payment of kind
     * {@code recovery}, naming the central bank and the reason, in both wallets' history and streams.
     *
     * @param requestJson {@code {"paymentId","wallet","currency","notes":[noteId...],"successor","reason"}}
     * @return the payment record; a retry with the same request returns the first one and writes nothing
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN} (not a central bank; a contract's
     *     account on either side), {@code NOT_JURISDICTION} (the successor of another state; the wallet of another
     *     state that is still a member, or of a state that left when the currency is not the caller's),
     *     {@code WALLET_NOT_FOUND}, {@code WALLET_NOT_FROZEN}, {@code UNKNOWN_CURRENCY}, {@code NOTE_NOT_FOUND},
     *     {@code NOTE_SPENT}, {@code PAYMENT_ID_REUSED}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String recover(Context ctx, String requestJson) {
        Requests.Recover request = Json.parseArgument(requestJson, Requests.Recover.class);
        Caller caller = Caller.of(ctx);
        requireJurisdiction(caller, request.successor());
        boolean ownState = caller.mspId().equals(request.wallet().mspId());
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String paymentKey = state.paymentKey(request.paymentId());
        List<String> reads = new ArrayList<>(List.of(paymentKey, state.currencyKey(request.currency()),
                state.walletKey(request.wallet()), state.walletKey(request.successor())));
        for (NoteId noteId : request.notes()) {
            reads.add(state.noteKey(request.wallet(), request.currency(), noteId));
        }
        state.prefetch(reads);
        if (!ownState) {
            requireDepartedHolder(stub, caller, state.requireCurrency(request.currency()), request.wallet());
        }
        Stored<PaymentRecord> prior = state.read(paymentKey, PaymentRecord.class);
        if (prior != null) {
            return retriedPayment(prior, PaymentRecord.RECOVERY, request.wallet(), requestHash);
        }
        state.requireCurrency(request.currency());
        WalletRecord wallet = state.requireWallet(request.wallet());
        if (wallet.kind() == WalletKind.CONTRACT) {
            throw LedgerError.FORBIDDEN.exception("wallet %s is held by a contract, which alone moves its notes",
                    request.wallet());
        }
        if (ownState && !wallet.frozen()) {
            throw LedgerError.WALLET_NOT_FROZEN.exception(
                    "wallet %s is not frozen; its notes are moved only while it is", request.wallet());
        }
        if (state.requireWallet(request.successor()).kind() == WalletKind.CONTRACT) {
            throw LedgerError.FORBIDDEN.exception("wallet %s is held by a contract; a successor is an identity's wallet",
                    request.successor());
        }
        List<NoteRecord> notes = state.unspent(request.wallet(), request.currency(), request.notes());
        long total = CurrencyState.total(notes);

        String txId = stub.getTxId();
        state.spend(notes, request.paymentId(), null, null);
        NoteId noteId = NoteId.of(txId, 0);
        state.create(request.successor(), request.currency(), total, noteId);
        PaymentRecord payment = new PaymentRecord(request.paymentId(), PaymentRecord.RECOVERY, requestHash,
                request.wallet(), request.currency(), request.notes(),
                List.of(new PaymentOutput(request.successor(), request.currency(), total, noteId)), txId,
                TxTime.iso(stub), null, null, null, null, null, null, null, null, null, caller.mspId(),
                request.reason());
        return recordPayment(stub, paymentKey, payment);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Payments

    /**
     * Pays from the caller's own wallet: spends the named notes, creates one note per output ({@code <txId>:<i>}).
     * Point reads only: the payment record, the payer's wallet, its tier, each input, each output wallet, the currency,
     * and the payer's daily counter when its tier limits the currency daily.
     *
     * @param requestJson {@code {"paymentId","currency","inputs":[noteId...],"outputs":[{"wallet","amount"}...]}}
     * @return the payment record; a retry with the same request returns the first one and writes nothing
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code PAYMENT_ID_REUSED}, {@code UNKNOWN_CURRENCY},
     *     {@code WALLET_NOT_FOUND}, {@code FORBIDDEN}, {@code WALLET_FROZEN}, {@code NOTE_NOT_FOUND},
     *     {@code NOTE_SPENT}, {@code UNBALANCED}, {@code LIMIT_EXCEEDED}, {@code DEVICE_CAP_EXCEEDED},
     *     {@code AMOUNT_OVERFLOW}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String pay(Context ctx, String requestJson) {
        Requests.Pay request = Json.parseArgument(requestJson, Requests.Pay.class);
        Caller caller = Caller.of(ctx);
        WalletId payer = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String paymentKey = state.paymentKey(request.paymentId());
        // One round trip for every key a new payment reads before its limits; a retry reads the rest needlessly,
        // which costs a retry nothing but a slightly larger read set.
        List<String> reads = new ArrayList<>(List.of(paymentKey));
        reads.addAll(transferReads(state, payer, request.currency(), request.inputs(), request.outputs()));
        state.prefetch(reads);
        Stored<PaymentRecord> prior = state.read(paymentKey, PaymentRecord.class);
        if (prior != null) {
            return retriedPayment(prior, PaymentRecord.PAYMENT, payer, requestHash);
        }
        PaymentRecord payment = transfer(stub, state, caller, request.paymentId(), PaymentRecord.PAYMENT, requestHash,
                request.currency(), request.inputs(), request.outputs(), new HashSet<>(), 0);
        return recordPayment(stub, paymentKey, payment);
    }

    /**
     * Pays across currencies through a bank's quote, both legs in one transaction: the payer's base-currency notes pay
     * {@code baseAmount} to the quote's provider (change back to the payer), and the payee receives
     * floor(baseAmount × rateNumerator / rateDenominator) quote-currency minor units out of the quote's reserve. The
     * remainder of the division is not paid out: it stays in the reserve.
     *
     * @param requestJson {@code {"paymentId","quoteId","inputs":[noteId...],"baseAmount","payee","change"?}};
     *     {@code change}, when given, must equal the inputs minus baseAmount
     * @return the payment record, kind {@code "cross-border"}, with {@code "rounding"} stated
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code PAYMENT_ID_REUSED}, {@code NOT_FOUND} (quote),
     *     {@code QUOTE_CLOSED}, {@code QUOTE_EXPIRED}, {@code QUOTE_EXHAUSTED}, {@code AMOUNT_TOO_SMALL}, and those of
     *     {@link #pay}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String crossBorderPay(Context ctx, String requestJson) {
        Requests.CrossBorderPay request = Json.parseArgument(requestJson, Requests.CrossBorderPay.class);
        Caller caller = Caller.of(ctx);
        WalletId payer = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String paymentKey = state.paymentKey(request.paymentId());
        state.prefetch(List.of(paymentKey, state.quoteKey(request.quoteId()), state.walletKey(payer),
                state.walletKey(request.payee())));
        Stored<PaymentRecord> prior = state.read(paymentKey, PaymentRecord.class);
        if (prior != null) {
            return retriedPayment(prior, PaymentRecord.CROSS_BORDER, payer, requestHash);
        }
        PaymentRecord payment = convert(stub, state, caller, request.paymentId(), PaymentRecord.CROSS_BORDER,
                requestHash, request.quoteId(), request.inputs(), request.baseAmount(), request.payee(),
                request.change(), new HashSet<>(), 0);
        return recordPayment(stub, paymentKey, payment);
    }

    /**
     * What {@code pay} does once the request is known to be new: spends the caller's named notes, creates one note per
     * output ({@code <txId>:<firstIndex + i>}), writes the payer's daily counter. Writes no payment record.
     *
     * @param known wallets known to exist (not read again), e.g. a contract account opened in this transaction
     */
    static PaymentRecord transfer(ChaincodeStub stub, CurrencyState state, Caller caller, String paymentId, String kind,
            String requestHash, CurrencyCode currency, List<NoteId> inputIds, List<Requests.Output> requested,
            Set<WalletId> known, int firstIndex) {
        WalletId payer = caller.walletId();
        List<Requests.Output> others = new ArrayList<>();
        for (Requests.Output output : requested) {
            if (!known.contains(output.wallet())) {
                others.add(output);
            }
        }
        state.prefetch(transferReads(state, payer, currency, inputIds, others));
        state.requireCurrency(currency);
        WalletRecord payerWallet = payingWallet(state, caller, payer);
        List<NoteRecord> inputs = state.unspent(payer, currency, inputIds);

        known.add(payer);
        long outputTotal = 0;
        long toOthers = 0;
        for (Requests.Output output : requested) {
            if (known.add(output.wallet())) {
                state.requireWallet(output.wallet());
            }
            outputTotal = Amounts.add(outputTotal, output.amount());
            if (!output.wallet().equals(payer)) {
                toOthers = Amounts.add(toOthers, output.amount());
            }
        }
        long inputTotal = CurrencyState.total(inputs);
        if (inputTotal != outputTotal) {
            throw LedgerError.UNBALANCED.exception(
                    "inputs hold %d %s, outputs add up to %d", inputTotal, currency, outputTotal);
        }
        DailyOutflow outflow = checkLimits(state, payerWallet, currency, toOthers, TxTime.of(stub));

        String txId = stub.getTxId();
        state.spend(inputs, paymentId, null, null);
        List<PaymentOutput> outputs = new ArrayList<>(requested.size());
        for (int i = 0; i < requested.size(); i++) {
            Requests.Output output = requested.get(i);
            NoteId noteId = NoteId.of(txId, firstIndex + i);
            state.create(output.wallet(), currency, output.amount(), noteId);
            outputs.add(new PaymentOutput(output.wallet(), currency, output.amount(), noteId));
        }
        writeOutflow(state, outflow);
        return new PaymentRecord(paymentId, kind, requestHash, payer, currency, inputIds, outputs, txId,
                TxTime.iso(stub), null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The keys {@link #transfer} reads before it checks limits: the currency, the payer's wallet, the input notes, the
     * wallets of the outputs (the payer's own wallet once).
     */
    static List<String> transferReads(CurrencyState state, WalletId payer, CurrencyCode currency, List<NoteId> inputIds,
            List<Requests.Output> outputs) {
        List<String> keys = new ArrayList<>(3 + inputIds.size() + outputs.size());
        keys.add(state.currencyKey(currency));
        keys.add(state.walletKey(payer));
        for (NoteId noteId : inputIds) {
            keys.add(state.noteKey(payer, currency, noteId));
        }
        for (Requests.Output output : outputs) {
            if (!output.wallet().equals(payer)) {
                keys.add(state.walletKey(output.wallet()));
            }
        }
        return keys;
    }

    /**
     * What {@code crossBorderPay} does once the request is known to be new; writes no payment record. Output notes
     * are {@code <txId>:<firstIndex>} (provider), {@code +1} (payee), {@code +2} (change).
     *
     * @param change0 the change the caller expects, or null
     * @param known wallets known to exist (not read again)
     */
    static PaymentRecord convert(ChaincodeStub stub, CurrencyState state, Caller caller, String paymentId, String kind,
            String requestHash, String quoteId, List<NoteId> inputIds, long baseAmount, WalletId payee, Long change0,
            Set<WalletId> known, int firstIndex) {
        WalletId payer = caller.walletId();
        QuoteRecord quote = state.requireQuote(quoteId).value();
        if (quote.closed()) {
            throw LedgerError.QUOTE_CLOSED.exception("quote %s was closed in transaction %s", quote.quoteId(),
                    quote.closedTx());
        }
        Instant now = TxTime.of(stub);
        if (!now.isBefore(Instant.parse(quote.expiresAt()))) {
            throw LedgerError.QUOTE_EXPIRED.exception("quote %s expired at %s; the transaction is timestamped %s",
                    quote.quoteId(), quote.expiresAt(), TxTime.iso(stub));
        }
        CurrencyCode base = quote.baseCurrency();
        List<String> reads = new ArrayList<>(transferReads(state, payer, base, inputIds, List.of()));
        reads.remove(state.currencyKey(base)); // the quote names a registered currency: not read here
        if (!known.contains(payee)) {
            reads.add(state.walletKey(payee));
        }
        state.prefetch(reads);
        WalletRecord payerWallet = payingWallet(state, caller, payer);
        List<NoteRecord> inputs = state.unspent(payer, base, inputIds);
        long inputTotal = CurrencyState.total(inputs);
        long change = inputTotal - baseAmount;
        if (change < 0 || (change0 != null && change0 != change)) {
            throw LedgerError.UNBALANCED.exception("inputs hold %d %s, baseAmount %d%s", inputTotal, base, baseAmount,
                    change0 == null ? "" : " plus change " + change0);
        }
        known.add(payer);
        if (known.add(payee)) {
            state.requireWallet(payee);
        }
        BigInteger converted = BigInteger.valueOf(baseAmount)
                .multiply(BigInteger.valueOf(quote.rateNumerator()))
                .divide(BigInteger.valueOf(quote.rateDenominator()));
        if (converted.signum() == 0) {
            throw LedgerError.AMOUNT_TOO_SMALL.exception("%d %s converts to 0 %s at %d/%d", baseAmount, base,
                    quote.quoteCurrency(), quote.rateNumerator(), quote.rateDenominator());
        }
        if (baseAmount > quote.maxBase() - quote.usedBase()) {
            throw LedgerError.QUOTE_EXHAUSTED.exception("quote %s accepts %d more %s, the payment is %d",
                    quote.quoteId(), quote.maxBase() - quote.usedBase(), base, baseAmount);
        }
        if (converted.compareTo(BigInteger.valueOf(quote.reserve())) > 0) {
            throw LedgerError.QUOTE_EXHAUSTED.exception("quote %s holds %d %s, the payment converts to %s",
                    quote.quoteId(), quote.reserve(), quote.quoteCurrency(), converted);
        }
        long payout = converted.longValueExact();
        long toOthers = quote.provider().equals(payer) ? 0 : baseAmount;
        DailyOutflow outflow = checkLimits(state, payerWallet, base, toOthers, now);

        String txId = stub.getTxId();
        state.spend(inputs, paymentId, null, null);
        List<PaymentOutput> outputs = new ArrayList<>(3);
        outputs.add(new PaymentOutput(quote.provider(), base, baseAmount, NoteId.of(txId, firstIndex)));
        outputs.add(new PaymentOutput(payee, quote.quoteCurrency(), payout, NoteId.of(txId, firstIndex + 1)));
        if (change > 0) {
            outputs.add(new PaymentOutput(payer, base, change, NoteId.of(txId, firstIndex + 2)));
        }
        for (PaymentOutput output : outputs) {
            state.create(output.wallet(), output.currency(), output.amount(), output.noteId());
        }
        state.write(state.quoteKey(quote.quoteId()), quote.afterPayment(baseAmount, payout));
        writeOutflow(state, outflow);
        return new PaymentRecord(paymentId, kind, requestHash, payer,
                base, inputIds, outputs, txId, TxTime.iso(stub), quote.quoteId(), quote.provider(),
                payee, baseAmount, quote.quoteCurrency(), payout, quote.rateNumerator(),
                quote.rateDenominator(), ROUNDING, null, null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Quotes

    /**
     * Publishes a bank's quote and spends its funding notes (its own, in the quote currency) into the quote's reserve.
     * Role bank.
     *
     * @param requestJson {@code {"quoteId","baseCurrency","quoteCurrency","rateNumerator","rateDenominator","maxBase",
     *     "expiresAt","funding":[noteId...]}}
     * @return the quote record; a retry with the same request returns the quote as it is now
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code CONFLICT} (quoteId used for
     *     another quote), {@code UNKNOWN_CURRENCY}, {@code WALLET_NOT_FOUND}, {@code WALLET_FROZEN},
     *     {@code NOTE_NOT_FOUND}, {@code NOTE_SPENT}, {@code INVALID_ARGUMENT} (also: expiresAt not after the
     *     transaction time)
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String publishQuote(Context ctx, String requestJson) {
        Requests.PublishQuote request = Json.parseArgument(requestJson, Requests.PublishQuote.class);
        Caller caller = Caller.of(ctx);
        caller.requireRole(Role.BANK);
        WalletId provider = caller.walletId();
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);

        String requestHash = Digests.sha256Hex(Json.bytes(request));
        String key = state.quoteKey(request.quoteId());
        Stored<QuoteRecord> existing = state.read(key, QuoteRecord.class);
        if (existing != null) {
            if (existing.value().provider().equals(provider) && requestHash.equals(existing.value().requestHash())) {
                return existing.text();
            }
            throw LedgerError.CONFLICT.exception("quoteId %s is already used by %s for another quote",
                    request.quoteId(), existing.value().provider());
        }
        state.requireCurrency(request.baseCurrency());
        state.requireCurrency(request.quoteCurrency());
        if (!request.expiry().isAfter(TxTime.of(stub))) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "expiresAt %s is not after the transaction time %s", request.expiresAt(), TxTime.iso(stub));
        }
        WalletRecord wallet = state.requireWallet(provider);
        if (wallet.frozen()) {
            throw LedgerError.WALLET_FROZEN.exception("wallet %s is frozen: %s", provider, wallet.frozenReason());
        }
        List<NoteRecord> funding = state.unspent(provider, request.quoteCurrency(), request.funding());
        long reserve = CurrencyState.total(funding);

        state.spend(funding, null, null, request.quoteId());
        return putAndReturn(stub, key, new QuoteRecord(request.quoteId(), provider, request.baseCurrency(),
                request.quoteCurrency(), request.rateNumerator(), request.rateDenominator(), request.maxBase(), 0,
                reserve, request.expiresAt(), false, request.funding(), requestHash, TxTime.iso(stub), stub.getTxId(),
                null, null, null, null));
    }

    /**
     * Closes a quote and returns what is left of its reserve to the provider as a new note {@code <txId>:0} (none when
     * nothing is left). Only the provider; idempotent.
     *
     * @param requestJson {@code {"quoteId"}}
     * @return the quote record, closed, reserve 0, with returnedNoteId and returnedAmount
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}, {@code FORBIDDEN}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String closeQuote(Context ctx, String requestJson) {
        Requests.QuoteOnly request = Json.parseArgument(requestJson, Requests.QuoteOnly.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        Stored<QuoteRecord> stored = state.requireQuote(request.quoteId());
        QuoteRecord quote = stored.value();
        if (!quote.provider().equals(caller.walletId())) {
            throw LedgerError.FORBIDDEN.exception("only its provider %s may close quote %s", quote.provider(),
                    quote.quoteId());
        }
        if (quote.closed()) {
            return stored.text();
        }
        NoteId returned = null;
        if (quote.reserve() > 0) {
            returned = NoteId.of(stub.getTxId(), 0);
            state.create(quote.provider(), quote.quoteCurrency(), quote.reserve(), returned);
        }
        return putAndReturn(stub, state.quoteKey(quote.quoteId()),
                quote.closedBy(stub.getTxId(), TxTime.iso(stub), returned));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Queries

    /**
     * @param requestJson {@code {"code"}}
     * @return the currency record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code UNKNOWN_CURRENCY}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getCurrency(Context ctx, String requestJson) {
        Requests.CodeOnly request = Json.parseArgument(requestJson, Requests.CodeOnly.class);
        Caller.of(ctx);
        CurrencyState state = new CurrencyState(ctx.getStub());
        state.requireCurrency(request.code());
        return state.currency(request.code()).text();
    }

    /** @return {@code {"currencies":[currency record...]}}, by code */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String listCurrencies(Context ctx) {
        Caller.of(ctx);
        List<CurrencyRecord> currencies = new ArrayList<>();
        StateScan.forEach(ctx.getStub(), kv -> currencies.add(Json.parseState(kv.getValue(), CurrencyRecord.class,
                kv.getKey())), CurrencyKeys.CURRENCY);
        return Json.write(new Reports.CurrencyList(currencies));
    }

    /**
     * @param requestJson {@code {"wallet"}}
     * @return the wallet record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code WALLET_NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getWallet(Context ctx, String requestJson) {
        Requests.WalletOnly request = Json.parseArgument(requestJson, Requests.WalletOnly.class);
        Caller.of(ctx);
        return requireStoredWallet(new CurrencyState(ctx.getStub()), request.wallet()).text();
    }

    /**
     * One page of a wallet's unspent notes in one currency, in note ID order — what a gateway picks inputs from.
     *
     * @param requestJson {@code {"wallet","currency","limit"?,"bookmark"?}}; limit 1 to 1000, default 100
     * @return {@code {"notes":[note...],"total","bookmark"?}}; bookmark present when the page is full
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code WALLET_NOT_FOUND}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String unspentNotes(Context ctx, String requestJson) {
        Requests.UnspentNotes request = Json.parseArgument(requestJson, Requests.UnspentNotes.class);
        Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        state.requireWallet(request.wallet());
        List<NoteRecord> notes = new ArrayList<>();
        long total = 0;
        String bookmark;
        try (QueryResultsIteratorWithMetadata<KeyValue> page = stub.getStateByPartialCompositeKeyWithPagination(
                stub.createCompositeKey(CurrencyKeys.NOTE, request.wallet().value(), request.currency().value()),
                request.limit(), request.bookmark())) {
            for (KeyValue kv : page) {
                NoteRecord note = Json.parseState(kv.getValue(), NoteRecord.class, kv.getKey());
                notes.add(note);
                total = Amounts.add(total, note.amount());
            }
            bookmark = page.getMetadata() == null ? "" : page.getMetadata().getBookmark();
        }
        boolean full = notes.size() == request.limit() && !bookmark.isEmpty();
        return Json.write(new Reports.UnspentNotesPage(notes, total, full ? bookmark : null));
    }

    /**
     * @param requestJson {@code {"wallet"}}
     * @return {@code {"wallet","balances":{"<ccy>":minor units}}}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code WALLET_NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String balance(Context ctx, String requestJson) {
        Requests.WalletOnly request = Json.parseArgument(requestJson, Requests.WalletOnly.class);
        Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        new CurrencyState(stub).requireWallet(request.wallet());
        Map<String, Long> balances = new TreeMap<>();
        StateScan.forEach(stub, kv -> {
            NoteRecord note = Json.parseState(kv.getValue(), NoteRecord.class, kv.getKey());
            balances.merge(note.currency().value(), note.amount(), Amounts::add);
        }, CurrencyKeys.NOTE, request.wallet().value());
        return Json.write(new Reports.Balance(request.wallet(), balances));
    }

    /**
     * One page of the payments that touched a wallet (as payer, payee, provider or change), oldest first.
     *
     * @param requestJson {@code {"wallet","limit"?,"bookmark"?}}; limit 1 to 1000, default 100
     * @return {@code {"payments":[payment record...],"bookmark"?}}; bookmark present when the page is full
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code WALLET_NOT_FOUND}, {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String history(Context ctx, String requestJson) {
        Requests.History request = Json.parseArgument(requestJson, Requests.History.class);
        Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        state.requireWallet(request.wallet());
        List<PaymentRecord> payments = new ArrayList<>();
        String bookmark;
        try (QueryResultsIteratorWithMetadata<KeyValue> page = stub.getStateByPartialCompositeKeyWithPagination(
                stub.createCompositeKey(CurrencyKeys.HISTORY, request.wallet().value()),
                request.limit(), request.bookmark())) {
            for (KeyValue kv : page) {
                HistoryEntry entry = Json.parseState(kv.getValue(), HistoryEntry.class, kv.getKey());
                Stored<PaymentRecord> payment = state.read(state.recordKey(entry), PaymentRecord.class);
                if (payment == null) {
                    throw LedgerError.INTERNAL.exception("history names payment %s, which is missing", entry.paymentId());
                }
                payments.add(payment.value());
            }
            bookmark = page.getMetadata() == null ? "" : page.getMetadata().getBookmark();
        }
        boolean full = payments.size() == request.limit() && !bookmark.isEmpty();
        return Json.write(new Reports.HistoryPage(payments, full ? bookmark : null));
    }

    /**
     * @param requestJson {@code {"paymentId"}}
     * @return the payment record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getPayment(Context ctx, String requestJson) {
        Requests.PaymentOnly request = Json.parseArgument(requestJson, Requests.PaymentOnly.class);
        Caller.of(ctx);
        CurrencyState state = new CurrencyState(ctx.getStub());
        Stored<PaymentRecord> payment = state.read(state.paymentKey(request.paymentId()), PaymentRecord.class);
        if (payment == null) {
            throw LedgerError.NOT_FOUND.exception("no payment %s", request.paymentId());
        }
        return payment.text();
    }

    /**
     * @param requestJson {@code {"quoteId"}}
     * @return the quote record
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code NOT_FOUND}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getQuote(Context ctx, String requestJson) {
        Requests.QuoteOnly request = Json.parseArgument(requestJson, Requests.QuoteOnly.class);
        Caller.of(ctx);
        return new CurrencyState(ctx.getStub()).requireQuote(request.quoteId()).text();
    }

    /**
     * Recomputes a currency's money invariant from the whole state: issued - redeemed = unspent notes + quote reserves
     * + escrow. Role central-bank or regulator, of any state. Reads every note of every currency (notes are keyed by
     * owner first), page by page.
     *
     * @param requestJson {@code {"currency"}}
     * @return {@code {"currency","issued","redeemed","outstanding","unspentNotes","quoteReserves","escrowed",
     *     "balanced","noteCount"}}
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code UNKNOWN_CURRENCY}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String audit(Context ctx, String requestJson) {
        Requests.CurrencyOnly request = Json.parseArgument(requestJson, Requests.CurrencyOnly.class);
        Caller.of(ctx).requireRole(Role.CENTRAL_BANK, Role.REGULATOR);
        ChaincodeStub stub = ctx.getStub();
        CurrencyState state = new CurrencyState(stub);
        CurrencyCode currency = request.currency();
        state.requireCurrency(currency);
        SupplyRecord supply = state.requireSupply(currency);

        long[] notes = new long[3];
        StateScan.forEach(stub, kv -> {
            // Attributes of a note key: owner, currency, note ID; the other currencies' notes need no parsing.
            List<String> attributes = stub.splitCompositeKey(kv.getKey()).getAttributes();
            if (currency.value().equals(attributes.get(1))) {
                long amount = Json.parseState(kv.getValue(), NoteRecord.class, kv.getKey()).amount();
                // Notes of contract accounts (escrow, duty deposits; the only wallet IDs with ':') are reported apart.
                int slot = attributes.get(0).indexOf(':') >= 0 ? 2 : 0;
                notes[slot] = Amounts.add(notes[slot], amount);
                notes[1]++;
            }
        }, CurrencyKeys.NOTE);
        long[] reserves = new long[1];
        StateScan.forEach(stub, kv -> {
            QuoteRecord quote = Json.parseState(kv.getValue(), QuoteRecord.class, kv.getKey());
            if (!quote.closed() && quote.quoteCurrency().equals(currency)) {
                reserves[0] = Amounts.add(reserves[0], quote.reserve());
            }
        }, CurrencyKeys.QUOTE);
        long escrowed = notes[2];
        long outstanding = supply.issued() - supply.redeemed();
        boolean balanced = outstanding == Amounts.add(Amounts.add(notes[0], reserves[0]), escrowed);
        return Json.write(new Reports.Audit(currency, supply.issued(), supply.redeemed(), outstanding, notes[0],
                reserves[0], escrowed, balanced, notes[1]));
    }

    /**
     * What the wallets of one state hold in a currency: after a state leaves the channel, what the currency's issuer
     * may take back from them ({@link #recover}). Reads every unspent note of the ledger, as {@link #audit} does. Role
     * central-bank or regulator of any state.
     *
     * @param requestJson {@code {"currency","mspId"}}
     * @return {@code {"currency","mspId","wallets":[{"wallet","amount","notes"}...],"amount","notes"}}, wallets in ID
     *     order, only those holding the currency
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code FORBIDDEN}, {@code UNKNOWN_CURRENCY},
     *     {@code INVALID_ARGUMENT}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String holders(Context ctx, String requestJson) {
        Requests.Holders request = Json.parseArgument(requestJson, Requests.Holders.class);
        Caller.of(ctx).requireRole(Role.CENTRAL_BANK, Role.REGULATOR);
        ChaincodeStub stub = ctx.getStub();
        new CurrencyState(stub).requireCurrency(request.currency());
        String owners = request.mspId().value() + "/";
        Map<String, long[]> wallets = new TreeMap<>();
        StateScan.forEach(stub, kv -> {
            List<String> attributes = stub.splitCompositeKey(kv.getKey()).getAttributes();
            if (attributes.get(0).startsWith(owners) && request.currency().value().equals(attributes.get(1))) {
                long[] held = wallets.computeIfAbsent(attributes.get(0), wallet -> new long[2]);
                held[0] = Amounts.add(held[0], Json.parseState(kv.getValue(), NoteRecord.class, kv.getKey()).amount());
                held[1]++;
            }
        }, CurrencyKeys.NOTE);
        List<Reports.Holder> holders = new ArrayList<>();
        long amount = 0;
        long notes = 0;
        for (Map.Entry<String, long[]> each : wallets.entrySet()) {
            holders.add(new Reports.Holder(WalletId.of(each.getKey()), each.getValue()[0], each.getValue()[1]));
            amount = Amounts.add(amount, each.getValue()[0]);
            notes += each.getValue()[1];
        }
        return Json.write(new Reports.Holders(request.currency(), request.mspId(), holders, amount, notes));
    }

    /** Replaces the shim's generic message with a stable code. */
    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void requireIssuer(Caller caller, CurrencyRecord currency) {
        if (!caller.hasRole(Role.CENTRAL_BANK) || !caller.mspId().equals(currency.issuerMspId())) {
            throw LedgerError.NOT_ISSUER.exception("%s is issued by the central bank of %s; caller is %s",
                    currency.code(), currency.issuerMspId(), caller);
        }
    }

    private static void requireJurisdiction(Caller caller, WalletId wallet) {
        caller.requireRole(Role.CENTRAL_BANK);
        if (!caller.mspId().equals(wallet.mspId())) {
            throw LedgerError.NOT_JURISDICTION.exception(
                    "wallet %s is in the jurisdiction of %s, caller is the central bank of %s",
                    wallet, wallet.mspId(), caller.mspId());
        }
    }

    /**
     * A central bank moves notes out of another state's wallet only when that state has left the channel and the notes
     * are of its own currency. Membership is asked of the peer last, as it is the one check that leaves the chaincode.
     */
    private static void requireDepartedHolder(
            ChaincodeStub stub, Caller caller, CurrencyRecord currency, WalletId wallet) {
        if (!caller.mspId().equals(currency.issuerMspId())) {
            throw LedgerError.NOT_JURISDICTION.exception("wallet %s is in the jurisdiction of %s, caller is the central"
                    + " bank of %s, which did not issue %s", wallet, wallet.mspId(), caller.mspId(), currency.code());
        }
        if (ChannelMembers.of(stub).contains(wallet.mspId().value())) {
            throw LedgerError.NOT_JURISDICTION.exception("wallet %s is in the jurisdiction of %s, which is a member of"
                    + " the channel: its own central bank moves its notes", wallet, wallet.mspId());
        }
    }

    private static Stored<WalletRecord> requireStoredWallet(CurrencyState state, WalletId wallet) {
        Stored<WalletRecord> stored = state.wallet(wallet);
        if (stored == null) {
            throw LedgerError.WALLET_NOT_FOUND.exception("no wallet %s is open", wallet);
        }
        return stored;
    }

    /** The caller's wallet, checked fit to pay: open, of the caller's kind (device or not), not frozen. */
    static WalletRecord payingWallet(CurrencyState state, Caller caller, WalletId payer) {
        WalletRecord wallet = state.requireWallet(payer);
        boolean deviceCaller = caller.hasRole(Role.DEVICE);
        if (wallet.kind() == WalletKind.CONTRACT) {
            throw LedgerError.FORBIDDEN.exception("wallet %s is held by a contract; no identity pays from it", payer);
        }
        if (deviceCaller != (wallet.kind() == WalletKind.DEVICE)) {
            // An identity must not spend a wallet of the other kind that happens to carry its name.
            throw LedgerError.FORBIDDEN.exception(
                    "wallet %s is a %s wallet; caller %s may not pay from it", payer, wallet.kind(), caller);
        }
        if (wallet.frozen()) {
            throw LedgerError.WALLET_FROZEN.exception("wallet %s is frozen: %s", payer, wallet.frozenReason());
        }
        return wallet;
    }

    /**
     * Checks the payer's tier and device cap for what a payment sends to others.
     *
     * @return the daily counter to write, or null when the tier has no daily limit in the currency (or nothing goes
     *     to others)
     */
    static DailyOutflow checkLimits(
            CurrencyState state, WalletRecord payer, CurrencyCode currency, long toOthers, Instant now) {
        Stored<TierRecord> tier = state.read(state.tierKey(payer.mspId(), payer.tier()), TierRecord.class);
        TierLimit limit = tier == null ? null : tier.value().limits().get(currency.value());
        if (limit != null && limit.perPayment() != null && toOthers > limit.perPayment()) {
            throw LedgerError.LIMIT_EXCEEDED.exception("tier %s of %s allows %d %s per payment, the payment sends %d",
                    payer.tier(), payer.mspId(), limit.perPayment(), currency, toOthers);
        }
        if (payer.kind() == WalletKind.DEVICE && toOthers > 0) {
            Long cap = payer.perPaymentCap() == null ? null : payer.perPaymentCap().get(currency.value());
            if (cap == null) {
                throw LedgerError.DEVICE_CAP_EXCEEDED.exception(
                        "device %s has no cap in %s, so it may not pay in it", payer.walletId(), currency);
            }
            if (toOthers > cap) {
                throw LedgerError.DEVICE_CAP_EXCEEDED.exception("device %s may send %d %s per payment, the payment sends %d",
                        payer.walletId(), cap, currency, toOthers);
            }
        }
        if (limit == null || limit.daily() == null || toOthers == 0) {
            return null;
        }
        String date = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        Stored<DailyOutflow> sofar =
                state.read(state.outflowKey(payer.walletId(), currency, date), DailyOutflow.class);
        long after = Amounts.add(sofar == null ? 0 : sofar.value().outflow(), toOthers);
        if (after > limit.daily()) {
            throw LedgerError.LIMIT_EXCEEDED.exception(
                    "tier %s of %s allows %d %s per day, %s has sent %d on %s and the payment sends %d",
                    payer.tier(), payer.mspId(), limit.daily(), currency, payer.walletId(),
                    sofar == null ? 0 : sofar.value().outflow(), date, toOthers);
        }
        return new DailyOutflow(payer.walletId(), currency, date, after);
    }

    static void writeOutflow(CurrencyState state, DailyOutflow outflow) {
        if (outflow != null) {
            state.write(state.outflowKey(outflow.wallet(), outflow.currency(), outflow.date()), outflow);
        }
    }

    private static String retriedPayment(
            Stored<PaymentRecord> prior, String kind, WalletId payer, String requestHash) {
        PaymentRecord first = prior.value();
        if (first.kind().equals(kind) && first.payer().equals(payer) && requestHash.equals(first.requestHash())) {
            return prior.text();
        }
        throw LedgerError.PAYMENT_ID_REUSED.exception(
                "paymentId %s was already used by %s for a different %s in transaction %s",
                first.paymentId(), first.payer(), first.kind(), first.txId());
    }

    private static String retriedRequest(Stored<?> prior, String firstHash, String requestHash, String requestId) {
        if (Objects.equals(firstHash, requestHash)) {
            return prior.text();
        }
        throw LedgerError.REQUEST_ID_REUSED.exception(
                "requestId %s was already used for a different request", requestId);
    }

    private static String recordPayment(ChaincodeStub stub, String key, PaymentRecord payment) {
        byte[] json = Json.bytes(payment);
        stub.putState(key, json);
        recordHistory(stub, payment);
        stub.setEvent(PAYMENT_EVENT, Json.bytes(PaymentEvent.of(payment)));
        return new String(json, UTF_8);
    }

    /** One history line for the payer and for every other wallet the payment paid; writes only, no reads. */
    static void recordHistory(ChaincodeStub stub, PaymentRecord payment) {
        Instant at = TxTime.of(stub);
        String when = String.format(Locale.ROOT, "%020d",
                Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano()));
        byte[] entry = Json.bytes(new HistoryEntry(payment.paymentId(), payment.kind()));
        Set<WalletId> wallets = new LinkedHashSet<>();
        wallets.add(payment.payer());
        for (PaymentOutput output : payment.outputs()) {
            wallets.add(output.wallet());
        }
        for (WalletId wallet : wallets) {
            stub.putState(StateKeys.composite(CurrencyKeys.HISTORY, wallet.value(), when, payment.paymentId()), entry);
        }
    }

    private static String putAndReturn(ChaincodeStub stub, String key, Object record) {
        byte[] json = Json.bytes(record);
        stub.putState(key, json);
        return new String(json, UTF_8);
    }
}
