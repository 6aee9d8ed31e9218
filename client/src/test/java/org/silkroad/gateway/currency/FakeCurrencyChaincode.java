package org.silkroad.gateway.currency;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The chaincode's {@code currency} contract in memory, behind a {@link FakeLedger}: enough of its rules (notes spent
 * once, inputs = outputs, idempotent IDs, frozen wallets, quotes) for the gateway's selection, locking and retry logic
 * to be tested against. Callers' wallets are {@code CNMSP/<identity name>}. Every {@code pay} and
 * {@code crossBorderPay} first waits {@link #endorsementDelayMillis} <em>without</em> holding the state, like an
 * endorsement in flight, so concurrent requests see notes that are about to be spent.
 */
final class FakeCurrencyChaincode {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Note(String noteId, String currency, String owner, long amount, String createdTx) {
    }

    private final Map<String, Integer> decimals = new TreeMap<>();
    private final Map<String, String> issuers = new TreeMap<>();
    private final Map<String, Note> unspent = new LinkedHashMap<>();
    private final Set<String> spent = new HashSet<>();
    private final Map<String, ObjectNode> wallets = new TreeMap<>();
    /** States that left the channel (the chaincode asks the peer's channel configuration). */
    private final Set<String> departed = new HashSet<>();
    private final Map<String, String> payments = new LinkedHashMap<>();
    private final Map<String, String> paymentRequests = new LinkedHashMap<>();
    private final Map<String, String> redemptions = new LinkedHashMap<>();
    private final Map<String, String> redemptionRequests = new LinkedHashMap<>();
    private final Map<String, ObjectNode> quotes = new LinkedHashMap<>();
    private final Map<String, String> quoteRequests = new LinkedHashMap<>();
    /** Seeded notes get IDs unique across tests (the lock table outlives one test). */
    private static final AtomicLong SEEDS = new AtomicLong();
    private final AtomicLong block = new AtomicLong(100);
    /** Every {@code pay}/{@code crossBorderPay}/{@code redeem}/{@code publishQuote} request as submitted. */
    final List<JsonNode> spends = new CopyOnWriteArrayList<>();
    /** Refusals given by this fake, by code. */
    final Map<String, AtomicInteger> refusals = new java.util.concurrent.ConcurrentHashMap<>();
    volatile long endorsementDelayMillis;
    /** How long {@code unspentNotes} takes to answer, after taking its snapshot of the notes. */
    volatile long readDelayMillis;
    /** How many {@code unspentNotes} snapshots were taken. */
    final AtomicInteger notesRead = new AtomicInteger();
    /** Runs before a spending transaction is applied; may throw to inject a failure (after or instead of it). */
    volatile Function<FakeLedger.Call, LedgerException> beforeApply = call -> null;
    /** Runs after a spending transaction was applied; may throw (e.g. a timeout whose transaction committed). */
    volatile Function<FakeLedger.Call, LedgerException> afterApply = call -> null;

    private final FakeLedger ledger;

    FakeCurrencyChaincode(FakeLedger ledger) {
        this.ledger = ledger;
        ledger.on("currency:getCurrency", call -> getCurrency(arg(call).path("code").asString()));
        ledger.on("currency:registerCurrency", this::registerCurrency);
        ledger.on("currency:listCurrencies", call -> listCurrencies());
        ledger.on("currency:openWallet", this::openWallet);
        ledger.on("currency:getWallet", call -> wallet(arg(call).path("wallet").asString()));
        ledger.on("currency:freeze", call -> freeze(arg(call).path("wallet").asString(), arg(call).path("reason")
                .asString()));
        ledger.on("currency:balance", call -> balance(arg(call).path("wallet").asString()));
        ledger.on("currency:unspentNotes", this::unspentNotes);
        ledger.on("currency:issue", this::issue);
        ledger.on("currency:pay", call -> spend(call, this::pay));
        ledger.on("currency:crossBorderPay", call -> spend(call, this::crossBorderPay));
        ledger.on("currency:redeem", call -> spend(call, this::redeem));
        ledger.on("currency:publishQuote", call -> spend(call, this::publishQuote));
        ledger.on("currency:recover", call -> recover(call));
        ledger.on("currency:getPayment", call -> getPayment(arg(call).path("paymentId").asString()));
        ledger.on("currency:getQuote", call -> getQuote(arg(call).path("quoteId").asString()));
    }

    // Set-up helpers

    synchronized FakeCurrencyChaincode currency(String code, int places, String issuerMspId) {
        decimals.put(code, places);
        issuers.put(code, issuerMspId);
        return this;
    }

    synchronized FakeCurrencyChaincode openWallet(String wallet) {
        ObjectNode record = JSON.createObjectNode();
        record.put("walletId", wallet);
        record.put("mspId", wallet.substring(0, wallet.indexOf('/')));
        record.put("kind", "standard");
        record.put("tier", "default");
        record.put("frozen", false);
        wallets.putIfAbsent(wallet, record);
        return this;
    }

    synchronized FakeCurrencyChaincode leaveChannel(String mspId) {
        departed.add(mspId);
        return this;
    }

    synchronized String give(String wallet, String currency, long amount) {
        openWallet(wallet);
        String noteId = "seed" + SEEDS.incrementAndGet() + ":0";
        unspent.put(noteId, new Note(noteId, currency, wallet, amount, noteId.substring(0, noteId.indexOf(':'))));
        return noteId;
    }

    synchronized void freeze(String wallet) {
        openWallet(wallet);
        wallets.get(wallet).put("frozen", true);
        wallets.get(wallet).put("frozenReason", "test");
    }

    synchronized List<Note> notesOf(String wallet, String currency) {
        return unspent.values().stream().filter(n -> n.owner().equals(wallet) && n.currency().equals(currency))
                .toList();
    }

    synchronized long balanceOf(String wallet, String currency) {
        return notesOf(wallet, currency).stream().mapToLong(Note::amount).sum();
    }

    synchronized boolean isSpent(String noteId) {
        return spent.contains(noteId);
    }

    synchronized int paymentCount() {
        return payments.size();
    }

    synchronized void putQuote(String quoteId, String provider, String base, String quote, long num, long den,
                               long maxBase, long reserve, String expiresAt) {
        ObjectNode record = JSON.createObjectNode();
        record.put("quoteId", quoteId);
        record.put("provider", provider);
        record.put("baseCurrency", base);
        record.put("quoteCurrency", quote);
        record.put("rateNumerator", num);
        record.put("rateDenominator", den);
        record.put("maxBase", maxBase);
        record.put("usedBase", 0);
        record.put("reserve", reserve);
        record.put("expiresAt", expiresAt);
        record.put("closed", false);
        record.putArray("funding");
        quotes.put(quoteId, record);
    }

    int refusals(String code) {
        AtomicInteger count = refusals.get(code);
        return count == null ? 0 : count.get();
    }

    /** A commit of a payment made elsewhere (another gateway, an earlier request), applied directly. */
    synchronized String commitPayment(String payer, String paymentId, String currency, List<String> inputs,
                                      List<Map.Entry<String, Long>> outputs, String txId) {
        ObjectNode request = JSON.createObjectNode();
        request.put("paymentId", paymentId);
        request.put("currency", currency);
        ArrayNode in = request.putArray("inputs");
        inputs.forEach(in::add);
        ArrayNode out = request.putArray("outputs");
        outputs.forEach(o -> out.addObject().put("wallet", o.getKey()).put("amount", o.getValue()));
        return pay(payer, request, txId);
    }

    // Transactions

    private String spend(FakeLedger.Call call, Applier applier) {
        JsonNode request = arg(call);
        spends.add(request);
        if (endorsementDelayMillis > 0) {
            try {
                Thread.sleep(endorsementDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LedgerException before = beforeApply.apply(call);
        if (before != null) {
            count(before);
            throw before;
        }
        String result;
        synchronized (this) {
            try {
                result = applier.apply(Wallets.own(call.as()), request, call.transactionId());
            } catch (LedgerException e) {
                count(e);
                throw e;
            }
        }
        LedgerException after = afterApply.apply(call);
        if (after != null) {
            throw after;
        }
        return result;
    }

    private void count(LedgerException e) {
        refusals.computeIfAbsent(e.code().orElse(e.kind().name()), code -> new AtomicInteger()).incrementAndGet();
    }

    @FunctionalInterface
    private interface Applier {
        String apply(String caller, JsonNode request, String txId);
    }

    private synchronized String pay(String payer, JsonNode request, String txId) {
        String paymentId = request.path("paymentId").asString();
        String canonical = request.toString();
        String prior = prior(paymentId, canonical, txId);
        if (prior != null) {
            return prior;
        }
        String currency = request.path("currency").asString();
        requireCurrency(currency, txId);
        requireWallet(payer, txId);
        if (wallets.get(payer).path("frozen").asBoolean()) {
            throw LedgerException.rejected("WALLET_FROZEN", "wallet " + payer + " is frozen", txId);
        }
        List<Note> inputs = inputs(payer, currency, request.path("inputs"), txId);
        long in = inputs.stream().mapToLong(Note::amount).sum();
        long out = 0;
        for (JsonNode output : request.path("outputs")) {
            requireWallet(output.path("wallet").asString(), txId);
            out += output.path("amount").asLong();
        }
        if (in != out) {
            throw LedgerException.rejected("UNBALANCED", "inputs " + in + ", outputs " + out, txId);
        }
        inputs.forEach(note -> {
            unspent.remove(note.noteId());
            spent.add(note.noteId());
        });
        ObjectNode record = JSON.createObjectNode();
        record.put("paymentId", paymentId);
        record.put("kind", "payment");
        record.put("payer", payer);
        record.put("currency", currency);
        record.set("inputs", request.path("inputs"));
        ArrayNode outputs = record.putArray("outputs");
        int i = 0;
        for (JsonNode output : request.path("outputs")) {
            String noteId = txId + ":" + i++;
            unspent.put(noteId, new Note(noteId, currency, output.path("wallet").asString(),
                    output.path("amount").asLong(), txId));
            outputs.addObject().put("wallet", output.path("wallet").asString()).put("currency", currency)
                    .put("amount", output.path("amount").asLong()).put("noteId", noteId);
        }
        record.put("txId", txId);
        record.put("timestamp", "2026-11-28T12:00:00Z");
        return recordPayment(paymentId, canonical, record);
    }

    /** The chaincode's recover: the wallet's central bank moves named notes of the frozen wallet into one note. */
    private synchronized String recover(FakeLedger.Call call) {
        JsonNode request = arg(call);
        String txId = call.transactionId();
        String paymentId = request.path("paymentId").asString();
        String canonical = request.toString();
        String prior = prior(paymentId, canonical, txId);
        if (prior != null) {
            return prior;
        }
        String wallet = request.path("wallet").asString();
        String successor = request.path("successor").asString();
        if (!call.as().role().orElse("").equals("central-bank")) {
            throw LedgerException.rejected("FORBIDDEN", "not a central bank", txId);
        }
        String currency = request.path("currency").asString();
        String walletState = wallet.substring(0, wallet.indexOf('/'));
        boolean ownState = walletState.equals(call.as().mspId());
        if (!successor.startsWith(call.as().mspId() + "/") || !ownState
                && (!call.as().mspId().equals(issuers.get(currency)) || !departed.contains(walletState))) {
            throw LedgerException.rejected("NOT_JURISDICTION", "not the caller's to move", txId);
        }
        requireWallet(wallet, txId);
        requireWallet(successor, txId);
        if (ownState && !wallets.get(wallet).path("frozen").asBoolean()) {
            throw LedgerException.rejected("WALLET_NOT_FROZEN", "wallet " + wallet + " is not frozen", txId);
        }
        requireCurrency(currency, txId);
        List<Note> inputs = inputs(wallet, currency, request.path("notes"), txId);
        long total = inputs.stream().mapToLong(Note::amount).sum();
        inputs.forEach(note -> {
            unspent.remove(note.noteId());
            spent.add(note.noteId());
        });
        String noteId = txId + ":0";
        unspent.put(noteId, new Note(noteId, currency, successor, total, txId));
        ObjectNode record = JSON.createObjectNode();
        record.put("paymentId", paymentId);
        record.put("kind", "recovery");
        record.put("payer", wallet);
        record.put("currency", currency);
        record.set("inputs", request.path("notes"));
        record.putArray("outputs").addObject().put("wallet", successor).put("currency", currency).put("amount", total)
                .put("noteId", noteId);
        record.put("txId", txId);
        record.put("timestamp", "2026-11-28T12:00:00Z");
        record.put("authority", call.as().mspId());
        record.put("reason", request.path("reason").asString());
        return recordPayment(paymentId, canonical, record);
    }

    /** The first result of a retry (the same request under the payment ID), or null for a new payment ID. */
    private String prior(String paymentId, String canonical, String txId) {
        if (!payments.containsKey(paymentId)) {
            return null;
        }
        if (paymentRequests.get(paymentId).equals(canonical)) {
            return payments.get(paymentId);
        }
        throw LedgerException.rejected("PAYMENT_ID_REUSED", "paymentId " + paymentId + " was used", txId);
    }

    private String recordPayment(String paymentId, String canonical, ObjectNode record) {
        String json = record.toString();
        payments.put(paymentId, json);
        paymentRequests.put(paymentId, canonical);
        ObjectNode event = JSON.createObjectNode();
        for (String field : List.of("paymentId", "kind", "currency", "payer", "outputs", "txId", "timestamp",
                "quoteId")) {
            if (record.has(field)) {
                event.set(field, record.get(field));
            }
        }
        ledger.emit(new Ledger.ChaincodeEvent(block.incrementAndGet(), record.path("txId").asString(),
                "currency.Payment", event.toString().getBytes(StandardCharsets.UTF_8)));
        return json;
    }

    private synchronized String crossBorderPay(String payer, JsonNode request, String txId) {
        String paymentId = request.path("paymentId").asString();
        String canonical = request.toString();
        String prior = prior(paymentId, canonical, txId);
        if (prior != null) {
            return prior;
        }
        ObjectNode quote = quotes.get(request.path("quoteId").asString());
        if (quote == null) {
            throw LedgerException.rejected("NOT_FOUND", "no quote", txId);
        }
        if (quote.path("expiresAt").asString().compareTo("2026-11-28T12:00:00Z") <= 0) {
            throw LedgerException.rejected("QUOTE_EXPIRED", "quote expired", txId);
        }
        String base = quote.path("baseCurrency").asString();
        List<Note> inputs = inputs(payer, base, request.path("inputs"), txId);
        long in = inputs.stream().mapToLong(Note::amount).sum();
        long baseAmount = request.path("baseAmount").asLong();
        if (in < baseAmount) {
            throw LedgerException.rejected("UNBALANCED", "inputs " + in, txId);
        }
        long payout = BigInteger.valueOf(baseAmount).multiply(BigInteger.valueOf(quote.path("rateNumerator").asLong()))
                .divide(BigInteger.valueOf(quote.path("rateDenominator").asLong())).longValueExact();
        if (payout > quote.path("reserve").asLong()) {
            throw LedgerException.rejected("QUOTE_EXHAUSTED", "reserve too small", txId);
        }
        inputs.forEach(note -> {
            unspent.remove(note.noteId());
            spent.add(note.noteId());
        });
        String provider = quote.path("provider").asString();
        String payee = request.path("payee").asString();
        String quoteCurrency = quote.path("quoteCurrency").asString();
        List<Note> created = new ArrayList<>();
        created.add(new Note(txId + ":0", base, provider, baseAmount, txId));
        created.add(new Note(txId + ":1", quoteCurrency, payee, payout, txId));
        if (in > baseAmount) {
            created.add(new Note(txId + ":2", base, payer, in - baseAmount, txId));
        }
        ObjectNode record = JSON.createObjectNode();
        record.put("paymentId", paymentId);
        record.put("kind", "cross-border");
        record.put("payer", payer);
        record.put("currency", base);
        record.set("inputs", request.path("inputs"));
        ArrayNode outputs = record.putArray("outputs");
        for (Note note : created) {
            unspent.put(note.noteId(), note);
            outputs.addObject().put("wallet", note.owner()).put("currency", note.currency())
                    .put("amount", note.amount()).put("noteId", note.noteId());
        }
        quote.put("usedBase", quote.path("usedBase").asLong() + baseAmount);
        quote.put("reserve", quote.path("reserve").asLong() - payout);
        record.put("txId", txId);
        record.put("timestamp", "2026-11-28T12:00:00Z");
        record.put("quoteId", quote.path("quoteId").asString());
        record.put("provider", provider);
        record.put("payee", payee);
        record.put("baseAmount", baseAmount);
        record.put("quoteCurrency", quoteCurrency);
        record.put("quoteAmount", payout);
        record.put("rateNumerator", quote.path("rateNumerator").asLong());
        record.put("rateDenominator", quote.path("rateDenominator").asLong());
        record.put("rounding", "floor");
        return recordPayment(paymentId, canonical, record);
    }

    private synchronized String redeem(String caller, JsonNode request, String txId) {
        String requestId = request.path("requestId").asString();
        String canonical = request.toString();
        if (redemptions.containsKey(requestId)) {
            if (redemptionRequests.get(requestId).equals(canonical)) {
                return redemptions.get(requestId);
            }
            throw LedgerException.rejected("REQUEST_ID_REUSED", "requestId " + requestId + " was used", txId);
        }
        String currency = request.path("currency").asString();
        List<Note> notes = inputs(caller, currency, request.path("notes"), txId);
        notes.forEach(note -> {
            unspent.remove(note.noteId());
            spent.add(note.noteId());
        });
        ObjectNode record = JSON.createObjectNode();
        record.put("requestId", requestId);
        record.put("issuerMspId", "CNMSP");
        record.put("currency", currency);
        record.put("wallet", caller);
        record.put("amount", notes.stream().mapToLong(Note::amount).sum());
        record.set("notes", request.path("notes"));
        record.put("txId", txId);
        record.put("timestamp", "2026-11-28T12:00:00Z");
        redemptions.put(requestId, record.toString());
        redemptionRequests.put(requestId, canonical);
        return record.toString();
    }

    private synchronized String publishQuote(String caller, JsonNode request, String txId) {
        String quoteId = request.path("quoteId").asString();
        if (quotes.containsKey(quoteId)) {
            if (request.toString().equals(quoteRequests.get(quoteId))) {
                return quotes.get(quoteId).toString();
            }
            throw LedgerException.rejected("CONFLICT", "quoteId used", txId);
        }
        String quoteCurrency = request.path("quoteCurrency").asString();
        List<Note> funding = inputs(caller, quoteCurrency, request.path("funding"), txId);
        funding.forEach(note -> {
            unspent.remove(note.noteId());
            spent.add(note.noteId());
        });
        putQuote(quoteId, caller, request.path("baseCurrency").asString(), quoteCurrency,
                request.path("rateNumerator").asLong(), request.path("rateDenominator").asLong(),
                request.path("maxBase").asLong(), funding.stream().mapToLong(Note::amount).sum(),
                request.path("expiresAt").asString());
        quotes.get(quoteId).set("funding", request.path("funding"));
        quoteRequests.put(quoteId, request.toString());
        return quotes.get(quoteId).toString();
    }

    private List<Note> inputs(String owner, String currency, JsonNode ids, String txId) {
        List<Note> notes = new ArrayList<>();
        for (JsonNode id : ids) {
            String noteId = id.asString();
            Note note = unspent.get(noteId);
            if (note == null && spent.contains(noteId)) {
                throw LedgerException.rejected("NOTE_SPENT", "note " + noteId + " was spent", txId);
            }
            if (note == null || !note.owner().equals(owner) || !note.currency().equals(currency)) {
                throw LedgerException.rejected("NOTE_NOT_FOUND", "note " + noteId + " is not unspent", txId);
            }
            notes.add(note);
        }
        return notes;
    }

    private synchronized String issue(FakeLedger.Call call) {
        JsonNode request = arg(call);
        String currency = request.path("currency").asString();
        requireCurrency(currency, call.transactionId());
        if (!issuers.get(currency).equals(call.as().mspId()) || !call.as().role().orElse("").equals("central-bank")) {
            throw LedgerException.rejected("NOT_ISSUER", currency + " is not the caller's", call.transactionId());
        }
        String wallet = request.path("wallet").asString();
        requireWallet(wallet, call.transactionId());
        String noteId = call.transactionId() + ":0";
        unspent.put(noteId, new Note(noteId, currency, wallet, request.path("amount").asLong(),
                call.transactionId()));
        ObjectNode record = ((ObjectNode) request).deepCopy();
        record.put("noteId", noteId);
        record.put("txId", call.transactionId());
        record.put("timestamp", "2026-11-28T12:00:00Z");
        return record.toString();
    }

    // Queries and simple submits

    private synchronized String getCurrency(String code) {
        if (!decimals.containsKey(code)) {
            throw LedgerException.rejected("UNKNOWN_CURRENCY", "no currency " + code + " is registered", null);
        }
        return "{\"code\":\"%s\",\"decimals\":%d,\"issuerMspId\":\"%s\",\"registeredAt\":\"2026-11-28T12:00:00Z\",\"registeredTx\":\"tx-reg\"}"
                .formatted(code, decimals.get(code), issuers.get(code));
    }

    private synchronized String registerCurrency(FakeLedger.Call call) {
        JsonNode request = arg(call);
        String code = request.path("code").asString();
        int places = request.path("decimals").asInt();
        if (decimals.containsKey(code) && (decimals.get(code) != places
                || !issuers.get(code).equals(call.as().mspId()))) {
            throw LedgerException.rejected("CURRENCY_EXISTS", code + " exists", call.transactionId());
        }
        currency(code, places, call.as().mspId());
        return getCurrency(code);
    }

    private synchronized String listCurrencies() {
        List<String> list = decimals.keySet().stream().map(this::getCurrency).toList();
        return "{\"currencies\":[" + String.join(",", list) + "]}";
    }

    private synchronized String openWallet(FakeLedger.Call call) {
        String wallet = Wallets.own(call.as());
        openWallet(wallet);
        return wallets.get(wallet).toString();
    }

    private synchronized String wallet(String wallet) {
        requireWallet(wallet, null);
        return wallets.get(wallet).toString();
    }

    private synchronized String freeze(String wallet, String reason) {
        requireWallet(wallet, null);
        wallets.get(wallet).put("frozen", true);
        wallets.get(wallet).put("frozenReason", reason);
        return wallets.get(wallet).toString();
    }

    private synchronized String balance(String wallet) {
        requireWallet(wallet, null);
        Map<String, Long> balances = new TreeMap<>();
        unspent.values().stream().filter(n -> n.owner().equals(wallet))
                .forEach(n -> balances.merge(n.currency(), n.amount(), Long::sum));
        ObjectNode record = JSON.createObjectNode();
        record.put("wallet", wallet);
        ObjectNode map = record.putObject("balances");
        balances.forEach(map::put);
        return record.toString();
    }

    private String unspentNotes(FakeLedger.Call call) {
        String page = unspentNotesNow(call);
        notesRead.incrementAndGet();
        if (readDelayMillis > 0) {
            try {
                Thread.sleep(readDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return page;
    }

    private synchronized String unspentNotesNow(FakeLedger.Call call) {
        JsonNode request = arg(call);
        String wallet = request.path("wallet").asString();
        requireWallet(wallet, null);
        List<Note> all = notesOf(wallet, request.path("currency").asString());
        int from = request.path("bookmark").isString() ? Integer.parseInt(request.path("bookmark").asString()) : 0;
        int to = Math.min(all.size(), from + request.path("limit").asInt(100));
        List<Note> notes = all.subList(Math.min(from, to), to);
        ObjectNode page = JSON.createObjectNode();
        ArrayNode array = page.putArray("notes");
        notes.forEach(note -> array.addPOJO(note));
        page.put("total", notes.stream().mapToLong(Note::amount).sum());
        if (to < all.size()) {
            page.put("bookmark", Integer.toString(to));
        }
        return JSON.writeValueAsString(page);
    }

    private synchronized String getPayment(String paymentId) {
        String payment = payments.get(paymentId);
        if (payment == null) {
            throw LedgerException.rejected("NOT_FOUND", "no payment " + paymentId, null);
        }
        return payment;
    }

    private synchronized String getQuote(String quoteId) {
        ObjectNode quote = quotes.get(quoteId);
        if (quote == null) {
            throw LedgerException.rejected("NOT_FOUND", "no quote " + quoteId, null);
        }
        return quote.toString();
    }

    private void requireCurrency(String code, String txId) {
        if (!decimals.containsKey(code)) {
            throw LedgerException.rejected("UNKNOWN_CURRENCY", "no currency " + code, txId);
        }
    }

    private void requireWallet(String wallet, String txId) {
        if (!wallets.containsKey(wallet)) {
            throw LedgerException.rejected("WALLET_NOT_FOUND", "no wallet " + wallet + " is open", txId);
        }
    }

    private static JsonNode arg(FakeLedger.Call call) {
        return JSON.readTree(call.arguments().get(0));
    }
}
