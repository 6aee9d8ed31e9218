package org.silkroad.ops.faults;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.silkroad.ops.shared.Parallel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Payments through every state's REST gateway: several payers per state, each paying small random amounts of its
 * state's fault-suite currency ({@code F<ST>}, e.g. {@code FCN}, registered by that state's central bank so the
 * suite never touches the currencies other tests assert on) to random payers of any state, every payment with a
 * fresh payment ID. A payment whose outcome is unknown is retried at the end with the same ID and body.
 *
 * <p>Afterwards: every ambiguous payment has exactly one outcome; refused and resolved payments read the same on every
 * state's peer; every wallet's balance on every peer equals its balance before the load plus what the acknowledged
 * payments moved; no note is an input of two payments (from the ledger's own payment history); every currency's
 * audit is balanced on every peer.
 */
final class PaymentWorkload implements FaultWorkload {

    static final List<String> PAYERS = List.of("business-1", "business-2", "carrier", "ehub", "bank");
    static final String CENTRAL_BANK = "central-bank";
    static final int DECIMALS = 2;
    /** Notes issued to a payer short of money, and their size in minor units (200.00). */
    static final int NOTES_PER_PAYER = 3;
    static final long NOTE = 20_000;
    /** Payments are 0.01 to 1.00. */
    static final long MAX_AMOUNT = 100;
    /** The label of every payment's outcome. */
    static final String STEP = "payments";

    private record Payer(String state, String name, String wallet, String currency) {
    }

    /** A payment as sent, and what became of it. */
    private static final class Sent {
        final String paymentId;
        final long sequence;
        final Payer payer;
        final String payee;
        final long amount;
        final ObjectNode body;
        volatile FaultWorkload.Outcome.Kind kind;
        volatile String txId;
        volatile String code;
        /** Its first answer was ambiguous and it was sent again with the same ID. */
        volatile boolean retried;

        Sent(String paymentId, long sequence, Payer payer, String payee, long amount, ObjectNode body) {
            this.paymentId = paymentId;
            this.sequence = sequence;
            this.payer = payer;
            this.payee = payee;
            this.amount = amount;
            this.body = body;
        }
    }

    private final GatewayClient gateways;
    private final String runTag;
    private final List<Payer> payers = new ArrayList<>();
    private final ConcurrentMap<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final SplittableRandom seed = new SplittableRandom(20261128L);
    private final ThreadLocal<SplittableRandom> random = ThreadLocal.withInitial(this::split);
    /** Balances per wallet and currency before the load, in minor units. */
    private final Map<String, Long> before = new ConcurrentHashMap<>();

    PaymentWorkload(GatewayClient gateways, String runTag) {
        this.gateways = Objects.requireNonNull(gateways, "gateways");
        this.runTag = Objects.requireNonNull(runTag, "runTag");
        gateways.network().states().values().forEach(state -> {
            for (String name : PAYERS) {
                payers.add(new Payer(state.code(), name, state.mspId() + "/" + name, currency(state.code())));
            }
        });
    }

    private synchronized SplittableRandom split() {
        return seed.split();
    }

    static String currency(String state) {
        return "F" + state;
    }

    @Override
    public String name() {
        return "payments";
    }

    @Override
    public List<String> steps() {
        return List.of(STEP);
    }

    @Override
    public int workers() {
        return payers.size();
    }

    @Override
    public void prepare(PrintStream progress) throws InterruptedException {
        List<String> states = List.copyOf(gateways.network().states().keySet());
        progress.println("payments: currencies " + states.stream().map(PaymentWorkload::currency).toList()
                + ", wallets and notes of " + payers.size() + " payers");
        Parallel.forEach(states, states.size(), "setup", state -> {
            ObjectNode register = GatewayClient.JSON.createObjectNode().put("code", currency(state))
                    .put("decimals", DECIMALS);
            Workloads.require(gateways.post(state, CENTRAL_BANK, "/api/v1/currencies", register),
                    "register " + currency(state) + " as " + state + " central bank");
            for (Payer payer : payers) {
                if (payer.state().equals(state)) {
                    Workloads.require(gateways.put(state, payer.name(), "/api/v1/wallets/me", null),
                            "open " + payer.wallet());
                }
            }
        });
        // A payer may be paid in every state's currency; the wallets must exist before anyone pays them.
        Parallel.forEach(states, states.size(), "setup", state -> {
            for (Payer payer : payers) {
                if (!payer.state().equals(state)) {
                    continue;
                }
                long held = balances(state, payer.wallet()).getOrDefault(payer.currency(), 0L);
                for (int i = 0; held < NOTES_PER_PAYER * NOTE / 2 && i < NOTES_PER_PAYER; i++) {
                    ObjectNode issue = GatewayClient.JSON.createObjectNode()
                            .put("requestId", "faults-" + runTag + "-issue-" + payer.name() + "-" + i)
                            .put("wallet", payer.wallet()).put("amount", decimal(NOTE));
                    Workloads.require(Workloads.retrying(() -> gateways.post(state, CENTRAL_BANK,
                            "/api/v1/currencies/" + payer.currency() + "/issuances", issue)),
                            "issue to " + payer.wallet());
                }
            }
        });
        for (Payer payer : payers) {
            Map<String, Long> held = balances(payer.state(), payer.wallet());
            for (String state : states) {
                before.put(payer.wallet() + " " + currency(state), held.getOrDefault(currency(state), 0L));
            }
        }
    }

    @Override
    public Outcome step(int worker) throws InterruptedException {
        Payer payer = payers.get(worker);
        SplittableRandom r = random.get();
        Payer payee;
        do {
            payee = payers.get(r.nextInt(payers.size()));
        } while (payee == payer);
        long amount = 1 + r.nextLong(MAX_AMOUNT);
        long number = sequence.getAndIncrement();
        String paymentId = "faults-" + runTag + "-" + worker + "-" + number;
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("paymentId", paymentId)
                .put("currency", payer.currency()).put("payee", payee.wallet()).put("amount", decimal(amount));
        Sent payment = new Sent(paymentId, number, payer, payee.wallet(), amount, body);
        sent.put(paymentId, payment);
        GatewayClient.Reply reply = gateways.post(payer.state(), payer.name(), "/api/v1/payments", body);
        Outcome.Kind kind = record(payment, reply);
        return new Outcome(kind, reply.ok() ? null : reply.code(), payer.state(), reply.status(),
                reply.retryAfter() != null, retryAfterMillis(reply.retryAfter()), reply.latencyNanos(), STEP);
    }

    private static Outcome.Kind record(Sent payment, GatewayClient.Reply reply) {
        Outcome.Kind kind = reply.ok() ? Outcome.Kind.ACKNOWLEDGED
                : reply.ambiguous() ? Outcome.Kind.AMBIGUOUS : Outcome.Kind.REFUSED;
        payment.kind = kind;
        payment.code = reply.ok() ? null : reply.code();
        if (reply.ok()) {
            payment.txId = reply.body().path("txId").asString(null);
        }
        return kind;
    }

    @Override
    public Set<String> acknowledgedTransactions() {
        Set<String> ids = new HashSet<>();
        for (Sent payment : sent.values()) {
            if (payment.kind == Outcome.Kind.ACKNOWLEDGED && payment.txId != null) {
                ids.add(payment.txId);
            }
        }
        return ids;
    }

    @Override
    public List<CheckResult> verify(PrintStream progress) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        results.add(resolveAmbiguous(progress));
        results.add(sameOnEveryPeer(progress));
        results.add(balancesReconcile(progress));
        results.add(noNoteSpentTwice(progress));
        results.add(auditsBalanced(progress));
        return results;
    }

    /** Retries each payment whose outcome was unknown, same ID and body, until the gateway gives a definite answer. */
    private CheckResult resolveAmbiguous(PrintStream progress) throws InterruptedException {
        List<Sent> ambiguous = sent.values().stream().filter(s -> s.kind == Outcome.Kind.AMBIGUOUS).toList();
        progress.println("payments: retrying " + ambiguous.size() + " ambiguous payments with their payment IDs");
        Map<String, Integer> firstCodes = new TreeMap<>();
        ambiguous.forEach(s -> firstCodes.merge(s.code, 1, Integer::sum));
        // Each payer's payments are retried in the order they were sent, payers side by side.
        List<String> unresolved = java.util.Collections.synchronizedList(new ArrayList<>());
        Workloads.inOrderPerOwner(ambiguous, s -> s.payer, s -> s.sequence, "retrying ambiguous payments", payment -> {
            payment.retried = true;
            GatewayClient.Reply reply = Workloads.retrying(() -> gateways.post(payment.payer.state(),
                    payment.payer.name(), "/api/v1/payments", payment.body));
            if (record(payment, reply) == Outcome.Kind.AMBIGUOUS) {
                unresolved.add(payment.paymentId + " " + reply.code());
            }
        });
        long committed = ambiguous.stream().filter(s -> s.kind == Outcome.Kind.ACKNOWLEDGED).count();
        long refused = ambiguous.stream().filter(s -> s.kind == Outcome.Kind.REFUSED).count();
        return CheckResult.of("ambiguous payments retried with their IDs have one outcome", unresolved.isEmpty(),
                ambiguous.size() + " ambiguous (first answers " + firstCodes + "): " + committed + " committed, "
                        + refused + " refused on retry" + (unresolved.isEmpty() ? "" : ", unresolved " + unresolved));
    }

    /**
     * Every payment that was ambiguous or refused reads the same through every state's gateway (each evaluates on its
     * own state's peer): a committed one with the same transaction, a refused one nowhere.
     */
    private CheckResult sameOnEveryPeer(PrintStream progress) throws InterruptedException {
        List<Sent> doubtful = sent.values().stream()
                .filter(s -> s.kind == Outcome.Kind.REFUSED || s.retried)
                .toList();
        progress.println("payments: reading " + doubtful.size() + " refused or retried payments on every peer");
        List<String> wrong = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> states = List.copyOf(gateways.network().states().keySet());
        Parallel.forEach(doubtful, 8, "reading payments", payment -> {
            for (String state : states) {
                GatewayClient.Reply reply = gateways.get(state, "business-1", "/api/v1/payments/" + payment.paymentId);
                boolean fine = switch (payment.kind) {
                    case REFUSED -> reply.status() == 404;
                    case ACKNOWLEDGED -> reply.ok()
                            && Objects.equals(payment.txId, reply.body().path("txId").asString(null));
                    case AMBIGUOUS -> true; // already reported as unresolved
                };
                if (!fine) {
                    wrong.add(payment.paymentId + "@" + state + " " + payment.kind + " but " + reply.code());
                }
            }
        });
        long refused = doubtful.stream().filter(s -> s.kind == Outcome.Kind.REFUSED).count();
        return CheckResult.of("refused payments absent and retried ones identical on every peer", wrong.isEmpty(),
                refused + " refused, " + (doubtful.size() - refused) + " retried, "
                        + gateways.network().states().size() + " peers each" + (wrong.isEmpty() ? "" : "; wrong: "
                        + wrong.subList(0, Math.min(5, wrong.size()))));
    }

    /** Balance of every payer wallet on every peer = before + received - paid by the acknowledged payments. */
    private CheckResult balancesReconcile(PrintStream progress) throws InterruptedException {
        Map<String, Long> expected = new HashMap<>(before);
        int acknowledged = 0;
        for (Sent payment : sent.values()) {
            if (payment.kind != Outcome.Kind.ACKNOWLEDGED) {
                continue;
            }
            acknowledged++;
            expected.merge(payment.payer.wallet() + " " + payment.payer.currency(), -payment.amount, Math::addExact);
            expected.merge(payment.payee + " " + payment.payer.currency(), payment.amount, Math::addExact);
        }
        progress.println("payments: balances of " + payers.size() + " wallets on every peer");
        List<String> wrong = Workloads.balanceMismatches(gateways, payers.stream().map(Payer::wallet).toList(),
                PaymentWorkload::currency, expected);
        return CheckResult.of("every balance = before + acknowledged payments, on every peer", wrong.isEmpty(),
                acknowledged + " acknowledged payments, " + payers.size() + " wallets x "
                        + gateways.network().states().size() + " currencies x " + gateways.network().states().size()
                        + " peers" + (wrong.isEmpty() ? "" : "; wrong: " + wrong.subList(0, Math.min(5, wrong.size()))));
    }

    /** From the ledger's own history of each payer: no note is an input of two payments. */
    private CheckResult noNoteSpentTwice(PrintStream progress) throws InterruptedException {
        progress.println("payments: payment history of " + payers.size() + " wallets");
        Map<String, String> spentBy = new HashMap<>();
        List<String> twice = new ArrayList<>();
        int payments = 0;
        for (Payer payer : payers) {
            String bookmark = null;
            do {
                String path = "/api/v1/wallets/" + payer.wallet() + "/payments?limit=1000"
                        + (bookmark == null ? "" : "&bookmark=" + java.net.URLEncoder.encode(bookmark,
                        java.nio.charset.StandardCharsets.UTF_8));
                GatewayClient.Reply page = Workloads.require(gateways.get(payer.state(), payer.name(), path),
                        "history of " + payer.wallet());
                for (JsonNode payment : page.body().path("payments")) {
                    if (!payer.wallet().equals(payment.path("payer").asString(""))) {
                        continue;
                    }
                    payments++;
                    String id = payment.path("paymentId").asString("");
                    for (JsonNode input : payment.path("inputs")) {
                        String previous = spentBy.put(input.asString(), id);
                        if (previous != null && !previous.equals(id)) {
                            twice.add(input.asString() + " by " + previous + " and " + id);
                        }
                    }
                }
                bookmark = page.body().path("bookmark").asString(null);
            } while (bookmark != null && !bookmark.isEmpty());
        }
        return CheckResult.of("no note spent twice", twice.isEmpty(), spentBy.size() + " notes spent by " + payments
                + " payments in the ledger's history" + (twice.isEmpty() ? "" : "; twice: " + twice));
    }

    /** Every fault-suite currency's audit, on every state's peer. */
    private CheckResult auditsBalanced(PrintStream progress) throws InterruptedException {
        progress.println("payments: audits on every peer");
        List<String> lines = new ArrayList<>();
        boolean all = true;
        for (String code : gateways.network().states().keySet().stream().map(PaymentWorkload::currency).toList()) {
            for (String state : gateways.network().states().keySet()) {
                GatewayClient.Reply reply = gateways.get(state, CENTRAL_BANK, "/api/v1/currencies/" + code + "/audit");
                boolean balanced = reply.ok() && reply.body().path("balanced").asBoolean(false);
                all &= balanced;
                if (!balanced || state.equals(gateways.network().states().keySet().iterator().next())) {
                    lines.add(code + "@" + state + (reply.ok() ? " issued " + reply.body().path("issued").asString()
                            + " redeemed " + reply.body().path("redeemed").asString() + " unspent "
                            + reply.body().path("unspentNotes").asString() + " balanced " + balanced
                            : " " + reply.code()));
                }
            }
        }
        return CheckResult.of("per currency issued - redeemed = unspent notes, on every peer", all,
                String.join("; ", lines));
    }

    private Map<String, Long> balances(String state, String wallet) throws InterruptedException {
        return Workloads.balances(gateways, state, wallet);
    }

    /** {@code Retry-After} in delta-seconds (the gateway's form) as milliseconds; 0 when absent or another form. */
    static long retryAfterMillis(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Math.min(60_000, Long.parseLong(header.strip()) * 1000);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String decimal(long minor) {
        return BigDecimal.valueOf(minor, DECIMALS).toPlainString();
    }
}
