package org.silkroad.ops.faults;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.Parallel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Escrow settlements through every state's REST gateway, beside the payments: per state two buyers (its
 * {@code business-1} and {@code business-2}) each run escrows with the business of the same name in the next state, in
 * the buyer's state's escrow-suite currency ({@code E<ST>}, e.g. {@code ECN}, registered by that state's central bank,
 * so neither the payment load's balances nor other tests' audits move). The simplest honest flow: the buyer creates the
 * escrow with one condition, delivery confirmed by its state's eHub, against a bill of lading the seller's state's
 * carrier issued for the pair at setup; the eHub confirms; the buyer settles. Every step goes through the buyer's
 * state's gateway; the escrow ID is the request ID of all three steps (create is idempotent on it, confirm and settle
 * return the escrow when repeated).
 *
 * <p>A step with an ambiguous answer (no answer, a 5xx) parks its escrow and the worker starts a new one; at the end
 * the parked step is sent again with the same ID and body until its answer is definite. A refused create abandons the
 * escrow (it must not exist); a refused confirm or settle is sent again on the worker's next turn.
 *
 * <p>Afterwards: every parked step has one definite outcome; every escrow reads on every peer as the client's
 * acknowledgements say (absent, funded, confirmed, settled — never refunded, a settled one paying its price to the
 * seller once with the closing transaction the client saw); every buyer's and seller's balance on every peer = before −
 * what its escrows hold + what settlements paid it; per currency the audit's {@code escrowed} = before + the open
 * escrows of this run, and the audit balanced, on every peer; the pairs' bills untouched.
 */
final class EscrowWorkload implements FaultWorkload {

    static final List<String> BUYERS = List.of("business-1", "business-2");
    static final String EHUB = "ehub";
    static final String CARRIER = "carrier";
    static final String READER = "regulator";
    /**
     * Notes issued to a buyer short of money, and their size in minor units (50.00). Many small notes rather than a
     * few large ones: the gateway holds the note an ambiguous create spent until its outcome is known (2 min), and a
     * create spends one note and returns the change as one, so a buyer with 3 notes stops after 3 ambiguous answers.
     */
    static final int NOTES_PER_BUYER = 10;
    static final long NOTE = 5_000;
    /** Escrows hold 0.01 to 1.00. */
    static final long MAX_AMOUNT = 100;
    /** Reads of an escrow that disagrees with the client, a second apart, before it counts as wrong. */
    static final int CATCH_UP_READS = 10;

    static final String CREATED = "escrows created";
    static final String CONFIRMED = "escrows confirmed";
    static final String SETTLED = "escrows settled";

    /** One escrow step, with its REST path and the label its outcome carries. */
    enum Step {
        CREATE(CREATED), CONFIRM(CONFIRMED), SETTLE(SETTLED);

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    /** What a worker does after a step's answer. */
    enum Next {
        /** Acknowledged: go on to the escrow's next step. */
        ADVANCE,
        /** Acknowledged settlement: the escrow is done, start a new one. */
        DONE,
        /** Refused confirm or settle: send the same step again next turn (it changed nothing). */
        REPEAT,
        /** Refused create: the escrow does not exist; start a new one. */
        ABANDON,
        /** Ambiguous: leave the step for the end, start a new escrow. */
        PARK
    }

    static Next next(Step step, Outcome.Kind kind) {
        return switch (kind) {
            case ACKNOWLEDGED -> step == Step.SETTLE ? Next.DONE : Next.ADVANCE;
            case REFUSED -> step == Step.CREATE ? Next.ABANDON : Next.REPEAT;
            case AMBIGUOUS -> Next.PARK;
        };
    }

    /** What the ledger must show for an escrow after the run, from the steps the client saw acknowledged. */
    enum Expected {
        ABSENT, FUNDED, CONFIRMED, SETTLED;

        /** The API's {@code status} for it ({@code null}: not found). */
        String status() {
            return switch (this) {
                case ABSENT -> null;
                case FUNDED, CONFIRMED -> "funded";
                case SETTLED -> "settled";
            };
        }
    }

    /** A buyer-seller pair and the bill their escrows reference. */
    record Pair(String state, String buyerName, String buyer, String sellerState, String sellerName, String seller,
                String ehub, String currency, String billId, String invoiceRef) {
    }

    /** An escrow as sent, and what became of each of its steps. */
    static final class Escrow {
        final String escrowId;
        final long sequence;
        final Pair pair;
        final long amount;
        final ObjectNode createBody;
        /** The last step whose answer was acknowledged; null before the create is. */
        volatile Step acknowledged;
        /** The step sent next (or parked). */
        volatile Step pending = Step.CREATE;
        volatile boolean abandoned;
        /** The pending step's first answer was ambiguous: it waits for the end. */
        volatile boolean parked;
        volatile String parkedCode;
        /** The step was sent again at the end with the same ID. */
        volatile boolean retried;
        volatile boolean unresolved;
        volatile String createdTx;
        volatile String closedTx;

        Escrow(String escrowId, long sequence, Pair pair, long amount, ObjectNode createBody) {
            this.escrowId = escrowId;
            this.sequence = sequence;
            this.pair = pair;
            this.amount = amount;
            this.createBody = createBody;
        }

        /** Files a step's answer and says what the worker does next. */
        synchronized Next record(Step step, Outcome.Kind kind, JsonNode body, String code) {
            Next next = next(step, kind);
            switch (next) {
                case ADVANCE, DONE -> {
                    acknowledged = step;
                    parked = false;
                    if (step == Step.CREATE) {
                        createdTx = body == null ? null : body.path("createdTx").asString(null);
                    }
                    if (step == Step.SETTLE) {
                        closedTx = body == null ? null : body.path("closedTx").asString(null);
                    }
                    pending = next == Next.DONE ? null : Step.values()[step.ordinal() + 1];
                }
                case ABANDON -> {
                    abandoned = true;
                    parked = false;
                    pending = null;
                }
                case REPEAT -> parked = false;
                case PARK -> {
                    parked = true;
                    parkedCode = code;
                }
            }
            return next;
        }

        Expected expected() {
            if (abandoned || acknowledged == null) {
                return Expected.ABSENT;
            }
            return switch (acknowledged) {
                case CREATE -> Expected.FUNDED;
                case CONFIRM -> Expected.CONFIRMED;
                case SETTLE -> Expected.SETTLED;
            };
        }
    }

    private final GatewayClient gateways;
    private final String runTag;
    private final String expiresAt;
    private final List<Pair> pairs = new ArrayList<>();
    /** Each worker's escrow in progress (null: start a new one). */
    private final Escrow[] current;
    private final ConcurrentMap<String, Escrow> escrows = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final SplittableRandom seed = new SplittableRandom(20261128L ^ 0xE5C);
    private final ThreadLocal<SplittableRandom> random = ThreadLocal.withInitial(this::split);
    /** Balances per "wallet currency" before the load, in minor units. */
    private final Map<String, Long> before = new ConcurrentHashMap<>();
    /** The audit's escrowed amount per "currency@state" before the load, in minor units. */
    private final Map<String, Long> escrowedBefore = new ConcurrentHashMap<>();

    EscrowWorkload(GatewayClient gateways, String runTag, Instant now) {
        this.gateways = Objects.requireNonNull(gateways, "gateways");
        this.runTag = Objects.requireNonNull(runTag, "runTag");
        // Far beyond the run: nobody can take the money back, so open escrows stay open.
        this.expiresAt = now.plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        List<NetworkState> states = gateways.network().states().values().stream()
                .map(s -> new NetworkState(s.code(), s.mspId())).toList();
        for (int i = 0; i < states.size(); i++) {
            NetworkState buyer = states.get(i);
            NetworkState seller = states.get((i + 1) % states.size());
            for (String name : BUYERS) {
                String billId = "faults-" + runTag + "-bl-" + buyer.code() + "-" + name;
                pairs.add(new Pair(buyer.code(), name, buyer.mspId() + "/" + name, seller.code(), name,
                        seller.mspId() + "/" + name, buyer.mspId() + "/" + EHUB, currency(buyer.code()), billId,
                        "faults-" + runTag + "-inv-" + buyer.code() + "-" + name));
            }
        }
        current = new Escrow[pairs.size()];
    }

    private record NetworkState(String code, String mspId) {
    }

    private synchronized SplittableRandom split() {
        return seed.split();
    }

    static String currency(String state) {
        return "E" + state;
    }

    @Override
    public String name() {
        return "escrows";
    }

    @Override
    public List<String> steps() {
        return List.of(CREATED, CONFIRMED, SETTLED);
    }

    @Override
    public int workers() {
        return pairs.size();
    }

    @Override
    public void prepare(PrintStream progress) throws InterruptedException {
        List<String> states = List.copyOf(gateways.network().states().keySet());
        progress.println("escrows: currencies " + states.stream().map(EscrowWorkload::currency).toList() + ", "
                + pairs.size() + " buyer-seller pairs, a bill of lading each");
        Parallel.forEach(states, states.size(), "escrow setup", state -> {
            ObjectNode register = GatewayClient.JSON.createObjectNode().put("code", currency(state))
                    .put("decimals", PaymentWorkload.DECIMALS);
            Workloads.require(gateways.post(state, PaymentWorkload.CENTRAL_BANK, "/api/v1/currencies",
                    register), "register " + currency(state) + " as " + state + " central bank");
            for (String name : BUYERS) {
                Workloads.require(gateways.put(state, name, "/api/v1/wallets/me", null),
                        "open the wallet of " + name + " of " + state);
            }
        });
        // One thread per state: issuances of one currency one after the other (they update the same supply record).
        Parallel.forEach(states, states.size(), "escrow setup", state -> {
            for (Pair pair : pairs) {
                if (pair.state().equals(state)) {
                    fund(pair);
                    issueBill(pair);
                }
            }
        });
        // Every seller is another pair's buyer: each wallet read once, through its own state's gateway, whose peer has
        // committed the issuance it just acknowledged.
        for (Pair pair : pairs) {
            Map<String, Long> held = Workloads.balances(gateways, pair.state(), pair.buyer());
            for (String state : states) {
                before.put(pair.buyer() + " " + currency(state), held.getOrDefault(currency(state), 0L));
            }
        }
        for (String code : states.stream().map(EscrowWorkload::currency).toList()) {
            for (String state : states) {
                GatewayClient.Reply audit = Workloads.require(Workloads.retrying(() -> gateways.get(state,
                        PaymentWorkload.CENTRAL_BANK, "/api/v1/currencies/" + code + "/audit")), "audit " + code);
                escrowedBefore.put(code + "@" + state, minor(audit.body().path("escrowed").asString("0")));
            }
        }
    }

    /** Issues notes to the pair's buyer while it holds less than half of what {@link #NOTES_PER_BUYER} notes are. */
    private void fund(Pair pair) throws InterruptedException {
        long held = Workloads.balances(gateways, pair.state(), pair.buyer()).getOrDefault(pair.currency(), 0L);
        for (int i = 0; held < NOTES_PER_BUYER * NOTE / 2 && i < NOTES_PER_BUYER; i++) {
            ObjectNode issue = GatewayClient.JSON.createObjectNode()
                    .put("requestId", "faults-" + runTag + "-escrow-issue-" + pair.state() + "-" + pair.buyerName()
                            + "-" + i)
                    .put("wallet", pair.buyer()).put("amount", PaymentWorkload.decimal(NOTE));
            Workloads.require(Workloads.retrying(() -> gateways.post(pair.state(), PaymentWorkload.CENTRAL_BANK,
                    "/api/v1/currencies/" + pair.currency() + "/issuances", issue)),
                    "issue " + pair.currency() + " to " + pair.buyer());
        }
    }

    /**
     * The seller registers the pair's commercial invoice (content to the two states' collection) and the seller's
     * state's carrier issues the bill of lading for it to the seller.
     */
    private void issueBill(Pair pair) throws InterruptedException {
        String invoiceText = "Commercial invoice " + pair.invoiceRef() + " for the fault suite: " + pair.seller()
                + " to " + pair.buyer();
        ObjectNode invoice = GatewayClient.JSON.createObjectNode().put("documentId", pair.invoiceRef())
                .put("type", "commercial-invoice").put("mediaType", "text/plain").put("content", base64(invoiceText));
        invoice.putArray("parties").add(pair.buyer());
        ObjectNode invoiceElements = invoice.putObject("elements").put("currency", pair.currency())
                .put("amount", 100_000).put("consignee", pair.buyer());
        invoiceElements.putArray("lines").addObject().put("hsCode", "847130").put("quantity", 1).put("value", 100_000);
        createOnce(pair.sellerState(), pair.sellerName(), "/api/v1/documents", invoice,
                "/api/v1/documents/" + pair.invoiceRef(), "invoice " + pair.invoiceRef());

        String billText = "Bill of lading " + pair.billId() + " for the fault suite: " + pair.seller() + " to "
                + pair.buyer();
        ObjectNode bill = GatewayClient.JSON.createObjectNode().put("billId", pair.billId())
                .put("shipper", pair.seller()).put("mediaType", "text/plain").put("content", base64(billText));
        bill.putObject("elements").put("portOfLoading", port(pair.sellerState()))
                .put("portOfDischarge", port(pair.state())).put("consignee", pair.buyer())
                .put("invoiceRef", pair.invoiceRef());
        // Issuing the bill is endorsed by other states' peers too: each must have the invoice first.
        visibleEverywhere("/api/v1/documents/" + pair.invoiceRef(), "invoice " + pair.invoiceRef());
        createOnce(pair.sellerState(), CARRIER, "/api/v1/bills", bill, "/api/v1/bills/" + pair.billId(),
                "bill " + pair.billId());
        // Likewise the escrows that name it.
        visibleEverywhere("/api/v1/bills/" + pair.billId(), "bill " + pair.billId());
    }

    /**
     * Setup creation with a fresh ID: sent again while ambiguous; a refusal after an ambiguous first attempt is fine
     * when the record is there (the first attempt committed).
     */
    private void createOnce(String state, String caller, String path, ObjectNode body, String readPath, String what)
            throws InterruptedException {
        GatewayClient.Reply created = Workloads.retrying(() -> gateways.post(state, caller, path, body));
        if (!created.ok() && !gateways.get(state, caller, readPath).ok()) {
            throw new OpsException("setup failed: " + what + ": " + created.code());
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until every state's peer has a record the setup just created (read as each state's regulator). */
    private void visibleEverywhere(String path, String what) throws InterruptedException {
        for (String state : gateways.network().states().keySet()) {
            GatewayClient.Reply reply = gateways.get(state, READER, path);
            for (int read = 1; read < CATCH_UP_READS * 3 && !reply.ok(); read++) {
                Thread.sleep(1000);
                reply = gateways.get(state, READER, path);
            }
            Workloads.require(reply, what + " visible in " + state);
        }
    }

    /** A UN/LOCODE-shaped port of the state (the suite's bills only need a well-formed one). */
    static String port(String state) {
        return state + "FLT";
    }

    @Override
    public Outcome step(int worker) throws InterruptedException {
        Escrow escrow = current[worker];
        if (escrow == null) {
            Pair pair = pairs.get(worker);
            long amount = 1 + random.get().nextLong(MAX_AMOUNT);
            long number = sequence.getAndIncrement();
            String escrowId = "faults-" + runTag + "-e" + worker + "-" + number;
            escrow = new Escrow(escrowId, number, pair, amount, createBody(escrowId, pair, amount, expiresAt));
            escrows.put(escrowId, escrow);
            current[worker] = escrow;
        }
        Step step = escrow.pending;
        GatewayClient.Reply reply = send(escrow, step);
        Outcome.Kind kind = kind(reply);
        Next next = escrow.record(step, kind, reply.body(), reply.ok() ? null : reply.code());
        if (next != Next.ADVANCE && next != Next.REPEAT) {
            current[worker] = null;
        }
        return new Outcome(kind, reply.ok() ? null : reply.code(), escrow.pair.state(), reply.status(),
                reply.retryAfter() != null, PaymentWorkload.retryAfterMillis(reply.retryAfter()), reply.latencyNanos(),
                step.label);
    }

    static ObjectNode createBody(String escrowId, Pair pair, long amount, String expiresAt) {
        ObjectNode body = GatewayClient.JSON.createObjectNode().put("escrowId", escrowId).put("seller", pair.seller())
                .put("invoiceRef", pair.invoiceRef()).put("billId", pair.billId()).put("expiresAt", expiresAt);
        body.putObject("conditions").put("deliveryConfirmedBy", pair.ehub());
        body.putObject("price").put("currency", pair.currency()).put("amount", PaymentWorkload.decimal(amount));
        return body;
    }

    private GatewayClient.Reply send(Escrow escrow, Step step) throws InterruptedException {
        Pair pair = escrow.pair;
        String path = "/api/v1/escrows/" + escrow.escrowId;
        return switch (step) {
            case CREATE -> gateways.post(pair.state(), pair.buyerName(), "/api/v1/escrows", escrow.createBody);
            case CONFIRM -> gateways.post(pair.state(), EHUB, path + "/delivery-confirmation", null);
            case SETTLE -> gateways.post(pair.state(), pair.buyerName(), path + "/settlement", null);
        };
    }

    static Outcome.Kind kind(GatewayClient.Reply reply) {
        return reply.ok() ? Outcome.Kind.ACKNOWLEDGED
                : reply.ambiguous() ? Outcome.Kind.AMBIGUOUS : Outcome.Kind.REFUSED;
    }

    @Override
    public Set<String> acknowledgedTransactions() {
        Set<String> ids = new HashSet<>();
        for (Escrow escrow : escrows.values()) {
            if (escrow.acknowledged != null && escrow.createdTx != null) {
                ids.add(escrow.createdTx);
            }
            if (escrow.acknowledged == Step.SETTLE && escrow.closedTx != null) {
                ids.add(escrow.closedTx);
            }
        }
        return ids;
    }

    @Override
    public List<CheckResult> verify(PrintStream progress) throws InterruptedException {
        List<CheckResult> results = new ArrayList<>();
        results.add(resolveParked(progress));
        results.add(recordsOnEveryPeer(progress));
        results.add(balancesReconcile(progress));
        results.add(escrowedAndAudits(progress));
        return results;
    }

    /** Sends every parked step again, same escrow ID and body, until its answer is definite. */
    private CheckResult resolveParked(PrintStream progress) throws InterruptedException {
        List<Escrow> parked = escrows.values().stream().filter(e -> e.parked).toList();
        progress.println("escrows: retrying " + parked.size() + " ambiguous escrow steps with their escrow IDs");
        Map<String, Integer> firstAnswers = new TreeMap<>();
        parked.forEach(e -> firstAnswers.merge(e.pending + " " + e.parkedCode, 1, Integer::sum));
        // Each pair's escrows in the order they were started, pairs side by side.
        List<String> unresolved = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Workloads.inOrderPerOwner(parked, e -> e.pair, e -> e.sequence, "retrying ambiguous escrow steps", escrow -> {
            escrow.retried = true;
            Step step = escrow.pending;
            GatewayClient.Reply reply = Workloads.retrying(() -> send(escrow, step));
            switch (escrow.record(step, kind(reply), reply.body(), reply.ok() ? null : reply.code())) {
                case PARK -> {
                    escrow.unresolved = true;
                    unresolved.add(escrow.escrowId + " " + step + " " + reply.code());
                }
                case ADVANCE, DONE -> acknowledged.incrementAndGet();
                case REPEAT, ABANDON -> refused.incrementAndGet();
            }
        });
        return CheckResult.of("ambiguous escrow steps retried with their IDs have one outcome", unresolved.isEmpty(),
                parked.size() + " ambiguous (first answers " + firstAnswers + "): " + acknowledged + " acknowledged, "
                        + refused + " refused on retry" + (unresolved.isEmpty() ? "" : ", unresolved " + unresolved));
    }

    /** Every escrow of the run reads on every state's peer as the acknowledged steps say. */
    private CheckResult recordsOnEveryPeer(PrintStream progress) throws InterruptedException {
        List<Escrow> all = List.copyOf(escrows.values());
        List<String> states = List.copyOf(gateways.network().states().keySet());
        progress.println("escrows: reading " + all.size() + " escrows and " + pairs.size() + " bills on every peer");
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        Parallel.forEach(all, 8, "reading escrows", escrow -> {
            for (String state : states) {
                if (escrow.unresolved) {
                    continue; // already reported
                }
                // A peer may still be committing the block of a step retried a moment ago: read again for a while.
                String mismatch = null;
                for (int read = 0; read < CATCH_UP_READS; read++) {
                    GatewayClient.Reply reply = gateways.get(state, READER, "/api/v1/escrows/" + escrow.escrowId);
                    mismatch = mismatch(escrow, reply.status(), reply.ok() ? reply.body() : null);
                    if (mismatch == null) {
                        break;
                    }
                    Thread.sleep(1000);
                }
                if (mismatch != null) {
                    wrong.add(escrow.escrowId + "@" + state + " " + mismatch);
                }
            }
        });
        for (Pair pair : pairs) {
            for (String state : states) {
                GatewayClient.Reply reply = gateways.get(state, READER, "/api/v1/bills/" + pair.billId());
                String untouched = reply.ok() ? billUntouched(pair, reply.body()) : reply.code();
                if (untouched != null) {
                    wrong.add("bill " + pair.billId() + "@" + state + " " + untouched);
                }
            }
        }
        Map<Expected, Integer> counts = new TreeMap<>();
        all.forEach(e -> counts.merge(e.expected(), 1, Integer::sum));
        return CheckResult.of("escrows read on every peer as acknowledged (settled once, never refunded)",
                wrong.isEmpty(), all.size() + " escrows " + counts + " x " + states.size() + " peers, "
                        + pairs.size() + " bills still with their sellers"
                        + (wrong.isEmpty() ? "" : "; wrong: " + wrong.subList(0, Math.min(5, wrong.size()))));
    }

    /**
     * Why a pair's bill is no longer as issued (the escrows do not take it into custody: only delivery is a condition);
     * null when it is: active, version 1, held by the seller, custody intact.
     */
    static String billUntouched(Pair pair, JsonNode view) {
        JsonNode bill = view.path("bill");
        if (!pair.seller().equals(bill.path("holder").asString("")) || !"active".equals(bill.path("status")
                .asString("")) || bill.path("version").asInt(0) != 1 || !view.path("custodyIntact").asBoolean(false)) {
            return "expected active version 1 held by " + pair.seller() + " with custody intact, is "
                    + bill.path("status").asString("-") + " version " + bill.path("version").asInt(0) + " held by "
                    + bill.path("holder").asString("-") + " custodyIntact "
                    + view.path("custodyIntact").asBoolean(false);
        }
        return null;
    }

    /**
     * Why an escrow's record, as one peer answered for it, contradicts what the client saw acknowledged; null when it
     * agrees. A settled escrow paid exactly its price to its seller in the closing transaction the client saw.
     */
    static String mismatch(Escrow escrow, int status, JsonNode view) {
        Expected expected = escrow.expected();
        if (expected == Expected.ABSENT) {
            return status == 404 ? null : "expected absent, answered " + status
                    + (view == null ? "" : " " + view.path("status").asString(""));
        }
        if (view == null) {
            return "expected " + expected.status() + ", answered " + status;
        }
        String seen = view.path("status").asString("");
        if (!expected.status().equals(seen)) {
            return "expected " + expected.status() + ", is " + seen;
        }
        if (!escrow.pair.buyer().equals(view.path("buyer").asString("")) || !escrow.pair.seller().equals(
                view.path("seller").asString("")) || minor(view.path("held").path("amount").asString("0"))
                != escrow.amount || !escrow.pair.currency().equals(view.path("held").path("currency").asString(""))) {
            return "parties or held amount differ from the create request";
        }
        if (escrow.createdTx != null && !escrow.createdTx.equals(view.path("createdTx").asString(""))) {
            return "created by " + view.path("createdTx").asString("-") + ", acknowledged " + escrow.createdTx;
        }
        boolean confirmed = !view.path("deliveryConfirmedAt").asString("").isEmpty();
        if (expected != Expected.FUNDED && !confirmed) {
            return "delivery confirmation acknowledged but not recorded";
        }
        if (expected == Expected.SETTLED) {
            if (escrow.closedTx != null && !escrow.closedTx.equals(view.path("closedTx").asString(""))) {
                return "closed by " + view.path("closedTx").asString("-") + ", acknowledged " + escrow.closedTx;
            }
            long toSeller = 0;
            int payouts = 0;
            for (JsonNode payout : view.path("payouts")) {
                if (escrow.pair.seller().equals(payout.path("wallet").asString(""))) {
                    toSeller += minor(payout.path("amount").asString("0"));
                    payouts++;
                }
            }
            if (payouts != 1 || toSeller != escrow.amount) {
                return "paid the seller " + toSeller + " in " + payouts + " payouts, the price is " + escrow.amount;
            }
        }
        return null;
    }

    /**
     * Every buyer's and seller's balance in every escrow-suite currency, as each peer has it: before − what the escrows
     * it bought hold or paid out + what settlements paid it as the seller.
     */
    private CheckResult balancesReconcile(PrintStream progress) throws InterruptedException {
        Map<String, Long> expected = expectedBalances(before, escrows.values());
        List<String> states = List.copyOf(gateways.network().states().keySet());
        Set<String> wallets = new java.util.TreeSet<>();
        pairs.forEach(p -> {
            wallets.add(p.buyer());
            wallets.add(p.seller());
        });
        progress.println("escrows: balances of " + wallets.size() + " wallets on every peer");
        List<String> wrong = Workloads.balanceMismatches(gateways, wallets, EscrowWorkload::currency, expected);
        long created = escrows.values().stream().filter(e -> e.expected() != Expected.ABSENT).count();
        long settled = escrows.values().stream().filter(e -> e.expected() == Expected.SETTLED).count();
        return CheckResult.of("every buyer's and seller's balance = before - escrowed + settled, on every peer",
                wrong.isEmpty(), created + " escrows funded, " + settled + " settled; " + wallets.size()
                        + " wallets x " + states.size() + " currencies x " + states.size() + " peers"
                        + (wrong.isEmpty() ? "" : "; wrong: " + wrong.subList(0, Math.min(5, wrong.size()))));
    }

    /**
     * Expected balances per {@code "wallet currency"}: the buyer pays each escrow that exists once, the seller receives
     * each settled one's price once.
     */
    static Map<String, Long> expectedBalances(Map<String, Long> before, Collection<Escrow> escrows) {
        Map<String, Long> expected = new HashMap<>(before);
        for (Escrow escrow : escrows) {
            Expected state = escrow.expected();
            if (state == Expected.ABSENT) {
                continue;
            }
            expected.merge(escrow.pair.buyer() + " " + escrow.pair.currency(), -escrow.amount, Math::addExact);
            if (state == Expected.SETTLED) {
                expected.merge(escrow.pair.seller() + " " + escrow.pair.currency(), escrow.amount, Math::addExact);
            }
        }
        return expected;
    }

    /** Per currency, what the run's escrows still hold: those created and not settled. */
    static Map<String, Long> openAmounts(Collection<Escrow> escrows) {
        Map<String, Long> open = new TreeMap<>();
        for (Escrow escrow : escrows) {
            Expected state = escrow.expected();
            if (state == Expected.FUNDED || state == Expected.CONFIRMED) {
                open.merge(escrow.pair.currency(), escrow.amount, Math::addExact);
            }
        }
        return open;
    }

    /** Per currency and peer: the audit balanced, and its {@code escrowed} = before + the run's open escrows. */
    private CheckResult escrowedAndAudits(PrintStream progress) throws InterruptedException {
        progress.println("escrows: audits on every peer");
        Map<String, Long> open = openAmounts(escrows.values());
        List<String> lines = new ArrayList<>();
        boolean all = true;
        List<String> states = List.copyOf(gateways.network().states().keySet());
        for (String code : states.stream().map(EscrowWorkload::currency).toList()) {
            for (String state : states) {
                GatewayClient.Reply reply = gateways.get(state, PaymentWorkload.CENTRAL_BANK,
                        "/api/v1/currencies/" + code + "/audit");
                long want = escrowedBefore.getOrDefault(code + "@" + state, 0L) + open.getOrDefault(code, 0L);
                boolean balanced = reply.ok() && reply.body().path("balanced").asBoolean(false);
                long escrowed = reply.ok() ? minor(reply.body().path("escrowed").asString("0")) : -1;
                boolean fine = balanced && escrowed == want;
                all &= fine;
                if (!fine || state.equals(states.get(0))) {
                    lines.add(code + "@" + state + (reply.ok() ? " escrowed " + PaymentWorkload.decimal(escrowed)
                            + " (before " + PaymentWorkload.decimal(escrowedBefore.getOrDefault(code + "@" + state,
                            0L)) + " + open " + PaymentWorkload.decimal(open.getOrDefault(code, 0L)) + ") balanced "
                            + balanced : " " + reply.code()));
                }
            }
        }
        return CheckResult.of("escrowed = before + open escrows, audits balanced, on every peer", all,
                String.join("; ", lines));
    }

    /** A decimal string of major units as minor units ({@link PaymentWorkload#DECIMALS}). */
    static long minor(String amount) {
        return new BigDecimal(amount).movePointRight(PaymentWorkload.DECIMALS).longValueExact();
    }
}
