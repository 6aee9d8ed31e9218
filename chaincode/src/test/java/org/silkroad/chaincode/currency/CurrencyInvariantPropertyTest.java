package org.silkroad.chaincode.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.chaincode.currency.CurrencyWorld.ALICE;
import static org.silkroad.chaincode.currency.CurrencyWorld.BNM;
import static org.silkroad.chaincode.currency.CurrencyWorld.BNR;
import static org.silkroad.chaincode.currency.CurrencyWorld.BOB;
import static org.silkroad.chaincode.currency.CurrencyWorld.CAROL;
import static org.silkroad.chaincode.currency.CurrencyWorld.ICBC;
import static org.silkroad.chaincode.currency.CurrencyWorld.MAYBANK;
import static org.silkroad.chaincode.currency.CurrencyWorld.MERCHANT;
import static org.silkroad.chaincode.currency.CurrencyWorld.PBOC;
import static org.silkroad.chaincode.currency.CurrencyWorld.POS;
import static org.silkroad.chaincode.currency.CurrencyWorld.REGULATOR;
import static org.silkroad.chaincode.currency.CurrencyWorld.quoted;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.silkroad.chaincode.currency.CurrencyWorld.Who;
import org.silkroad.chaincode.shared.LedgerError;
import tools.jackson.databind.JsonNode;

/**
 * Property: whatever sequence of currency transactions members submit — valid, retried, or broken in any of the ways
 * the generator knows — after every step each currency's audit is balanced (and agrees with the state recomputed here),
 * no note is ever spent twice or brought back, and a refused transaction wrote nothing, emitted nothing and left the
 * ledger as it was.
 *
 * <p>Each run is a random sequence from one seed; a failure names the seed and prints the steps up to the broken step
 * (checks run after every step, so that prefix is the shortest failing one of that sequence). Reproduce one run with
 * {@code -Dsilkroad.property.seed=<seed> -Dsilkroad.property.runs=1}; more runs with {@code -Dsilkroad.property.runs}.
 */
class CurrencyInvariantPropertyTest {

    private static final int RUNS = Integer.getInteger("silkroad.property.runs", 200);
    private static final int STEPS = Integer.getInteger("silkroad.property.steps", 40);
    private static final long FIRST_SEED = Long.getLong("silkroad.property.seed", 20_260_302L);

    private static final String NOTE_PREFIX = new CompositeKey(CurrencyKeys.NOTE).toString();
    private static final String SPENT_PREFIX = new CompositeKey(CurrencyKeys.SPENT).toString();
    private static final String QUOTE_PREFIX = new CompositeKey(CurrencyKeys.QUOTE).toString();
    private static final String SUPPLY_PREFIX = new CompositeKey(CurrencyKeys.SUPPLY).toString();
    private static final String CURRENCY_PREFIX = new CompositeKey(CurrencyKeys.CURRENCY).toString();

    private static final List<Who> HOLDERS = List.of(PBOC, BNM, BNR, ICBC, MAYBANK, ALICE, BOB, CAROL, MERCHANT, POS);
    private static final List<Who> CENTRAL_BANKS = List.of(PBOC, BNM, BNR);
    private static final List<String> CODES = List.of("CNY", "MYR", "RWF");

    @TestFactory
    Stream<DynamicTest> every_random_sequence_keeps_money_balanced_and_notes_single_spent() {
        return IntStream.range(0, RUNS)
                .mapToObj(i -> FIRST_SEED + i)
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> new Run(seed).play()));
    }

    /** A step: who submits which transaction with which argument; a replay expects the first result again. */
    private record Op(Who who, String transaction, String argument, String firstResult) {}

    private static final class Run {

        private final long seed;
        private final SplittableRandom random;
        private final CurrencyWorld world = new CurrencyWorld();
        private final List<String> log = new ArrayList<>();
        private final Set<String> spent = new HashSet<>();
        private final List<Op> succeeded = new ArrayList<>();

        Run(long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        void play() {
            for (Who who : HOLDERS) {
                if (who != POS) {
                    world.submit(who, "openWallet", null);
                }
            }
            step(0, new Op(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}", null));
            step(0, new Op(BNM, "registerCurrency", "{\"code\":\"MYR\",\"decimals\":2}", null));
            if (random.nextBoolean()) {
                step(0, new Op(BNR, "registerCurrency", "{\"code\":\"RWF\",\"decimals\":0}", null));
            }
            step(0, new Op(MERCHANT, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":2000}}", null));
            // Some money in the hands of the banks and two businesses, so that most sequences reach quotes early.
            for (Who who : List.of(ICBC, MAYBANK, ALICE, BOB)) {
                String code = who.mspId().equals("CNMSP") ? "CNY" : "MYR";
                step(0, new Op(issuer(code), "issue", String.format(
                        "{\"requestId\":\"seed-%s\",\"currency\":\"%s\",\"wallet\":\"%s\",\"amount\":%d}",
                        who.name(), code, who.wallet(), random.nextLong(1000, 100_000)), null));
            }
            for (int i = 1; i <= STEPS; i++) {
                if (random.nextInt(10) == 0) {
                    world.advance(Duration.ofMinutes(random.nextInt(1, 40)));
                }
                step(i, next());
            }
        }

        private void step(int number, Op op) {
            holdings = null;
            Map<String, String> before = world.ledger.snapshot();
            String outcome;
            try {
                String result = world.submit(op.who(), op.transaction(), op.argument());
                outcome = "ok " + excerpt(result);
                log(number, op, outcome);
                checkSpends(before);
                if (op.firstResult() != null) {
                    check(world.last.writes().isEmpty(), "a retry wrote " + world.last.writes().keySet());
                    if (!op.transaction().equals("publishQuote")) {
                        check(result.equals(op.firstResult()), "a retry returned another result: " + result);
                    }
                } else if (!world.last.writes().isEmpty()) {
                    succeeded.add(new Op(op.who(), op.transaction(), op.argument(), result));
                }
            } catch (ChaincodeException e) {
                outcome = "refused " + e.getMessage();
                log(number, op, outcome);
                check(LedgerError.fromMessage(e.getMessage()).isPresent(), "refusal without a stable code");
                check(op.firstResult() == null, "a retry of a successful transaction was refused");
                check(world.last.writes().isEmpty(), "a refused transaction wrote " + world.last.writes().keySet());
                check(world.last.eventName() == null, "a refused transaction emitted an event");
                check(world.ledger.snapshot().equals(before), "a refused transaction changed the ledger");
            } catch (RuntimeException e) {
                log(number, op, "CRASHED " + e);
                throw new AssertionError(report("a transaction failed without a stable code: " + e), e);
            }
            checkBalanced();
        }

        /** Every note a transaction deletes was unspent, is spent for the first time, and leaves a marker. */
        private void checkSpends(Map<String, String> before) {
            world.last.writes().forEach((key, value) -> {
                if (key.startsWith(NOTE_PREFIX)) {
                    String noteId = attributes(key).get(2);
                    if (value == null) {
                        check(before.containsKey(key), "deleted note " + noteId + " was not unspent");
                        check(spent.add(noteId), "note " + noteId + " spent twice");
                        check(world.last.writes().get(new CompositeKey(CurrencyKeys.SPENT, noteId).toString()) != null,
                                "note " + noteId + " spent without a spent marker");
                    } else {
                        check(!before.containsKey(key), "note " + noteId + " overwritten");
                        check(!spent.contains(noteId), "spent note " + noteId + " brought back");
                    }
                }
                if (key.startsWith(SPENT_PREFIX)) {
                    check(!before.containsKey(key), "spent marker " + key + " written twice");
                }
            });
        }

        /** The audit of every currency is balanced and agrees with the state as read here. */
        private void checkBalanced() {
            Map<String, String> state = world.ledger.snapshot();
            Map<String, long[]> recomputed = new TreeMap<>();
            state.forEach((key, value) -> {
                if (key.startsWith(CURRENCY_PREFIX)) {
                    recomputed.putIfAbsent(attributes(key).get(0), new long[3]);
                }
            });
            state.forEach((key, value) -> {
                if (key.startsWith(NOTE_PREFIX)) {
                    recomputed.get(attributes(key).get(1))[0] += CurrencyWorld.json(value).get("amount").asLong();
                } else if (key.startsWith(QUOTE_PREFIX)) {
                    JsonNode quote = CurrencyWorld.json(value);
                    recomputed.get(quote.get("quoteCurrency").asString())[1] += quote.get("reserve").asLong();
                    check(!quote.get("closed").asBoolean() || quote.get("reserve").asLong() == 0,
                            "closed quote " + quote.get("quoteId") + " still holds a reserve");
                    check(quote.get("usedBase").asLong() <= quote.get("maxBase").asLong(),
                            "quote " + quote.get("quoteId") + " took more than its maxBase");
                } else if (key.startsWith(SUPPLY_PREFIX)) {
                    JsonNode supply = CurrencyWorld.json(value);
                    recomputed.get(attributes(key).get(0))[2] =
                            supply.get("issued").asLong() - supply.get("redeemed").asLong();
                }
            });
            recomputed.forEach((currency, sums) -> {
                JsonNode audit = world.audit(currency);
                check(audit.get("balanced").asBoolean(), currency + " is not balanced: " + audit);
                check(audit.get("unspentNotes").asLong() == sums[0], currency + " notes differ: " + audit);
                check(audit.get("quoteReserves").asLong() == sums[1], currency + " reserves differ: " + audit);
                check(audit.get("outstanding").asLong() == sums[2], currency + " outstanding differs: " + audit);
                check(sums[2] == sums[0] + sums[1], currency + " money appeared or vanished: " + audit);
            });
        }

        // Generators

        private Op next() {
            int roll = random.nextInt(100);
            if (roll < 4) {
                return registerCurrency();
            } else if (roll < 22) {
                return issue();
            } else if (roll < 50) {
                return pay();
            } else if (roll < 56) {
                return redeem();
            } else if (roll < 66) {
                return publishQuote();
            } else if (roll < 78) {
                return crossBorderPay();
            } else if (roll < 82) {
                return closeQuote();
            } else if (roll < 85) {
                return freezeOrUnfreeze();
            } else if (roll < 88) {
                return recover();
            } else if (roll < 90) {
                return tier();
            } else if (roll < 92) {
                return new Op(MERCHANT, "registerDevice", String.format("{\"deviceId\":\"pos-1\",\"caps\":{\"%s\":%d}}",
                        code(), random.nextLong(1, 5000)), null);
            } else if (!succeeded.isEmpty()) {
                Op first = succeeded.get(random.nextInt(succeeded.size()));
                if (List.of("issue", "redeem", "pay", "crossBorderPay", "registerCurrency", "closeQuote",
                        "publishQuote", "recover").contains(first.transaction())) {
                    return first;
                }
            }
            return issue();
        }

        private Op registerCurrency() {
            String code = random.nextInt(5) == 0 ? "XAF" : code();
            return new Op(pick(CENTRAL_BANKS), "registerCurrency",
                    String.format("{\"code\":\"%s\",\"decimals\":%d}", code, random.nextInt(0, 10)), null);
        }

        private Op issue() {
            String code = random.nextInt(20) == 0 ? "EUR" : code();
            Who who = random.nextInt(6) == 0 ? pick(HOLDERS) : issuer(code);
            Who to = random.nextInt(3) == 0 ? pick(List.of(ICBC, MAYBANK)) : pick(HOLDERS);
            String wallet = random.nextInt(20) == 0 ? "CNMSP/ghost" : to.wallet();
            return new Op(who, "issue", String.format(
                    "{\"requestId\":\"i-%d\",\"currency\":\"%s\",\"wallet\":\"%s\",\"amount\":%d}",
                    random.nextInt(40), code, wallet, amount()), null);
        }

        private Op pay() {
            Map.Entry<Who, String> holding = random.nextInt(8) == 0 ? null : holding(null);
            Who payer = holding == null ? pick(HOLDERS) : holding.getKey();
            String code = holding == null ? code() : holding.getValue();
            List<String> inputs = someNotes(payer, code);
            long total = sum(payer, code, inputs);
            List<String> outputs = new ArrayList<>();
            for (long part : split(Math.max(total, 1))) {
                Who to = pick(HOLDERS);
                outputs.add(String.format("{\"wallet\":\"%s\",\"amount\":%d}", to.wallet(), part));
            }
            String argument = String.format("{\"paymentId\":\"p-%d\",\"currency\":\"%s\",\"inputs\":%s,\"outputs\":[%s]}",
                    random.nextInt(60), code, quoted(inputs), String.join(",", outputs));
            return new Op(payer, "pay", mutate(argument), null);
        }

        private Op redeem() {
            String code = code();
            Who who = random.nextInt(6) == 0 ? pick(CENTRAL_BANKS) : issuer(code);
            for (int tries = 0; tries < 5 && notes(who.wallet(), code).isEmpty(); tries++) {
                code = code();
                who = issuer(code);
            }
            List<String> notes = someNotes(who, code);
            return new Op(who, "redeem", String.format("{\"requestId\":\"r-%d\",\"currency\":\"%s\",\"notes\":%s}",
                    random.nextInt(20), code, quoted(notes)), null);
        }

        private Op publishQuote() {
            Who bank = random.nextInt(8) == 0 ? ALICE : random.nextBoolean() ? ICBC : MAYBANK;
            Map.Entry<Who, String> holding = holding(bank);
            String quote = holding == null || random.nextInt(8) == 0 ? code() : holding.getValue();
            String base = random.nextInt(8) == 0 ? quote : pick(CODES.stream().filter(c -> !c.equals(quote)).toList());
            long minutes = random.nextInt(12) == 0 ? -5 : random.nextLong(1, 180);
            String expiresAt = world.now.plus(Duration.ofMinutes(minutes)).toString();
            return new Op(bank, "publishQuote", String.format(
                    "{\"quoteId\":\"q-%d\",\"baseCurrency\":\"%s\",\"quoteCurrency\":\"%s\",\"rateNumerator\":%d,"
                            + "\"rateDenominator\":%d,\"maxBase\":%d,\"expiresAt\":\"%s\",\"funding\":%s}",
                    random.nextInt(12), base, quote, random.nextLong(1, 6), random.nextInt(6) == 0 ? 1000 : random.nextLong(1, 6),
                    random.nextLong(1, 20_000), expiresAt, quoted(someNotes(bank, quote))), null);
        }

        private Op crossBorderPay() {
            List<JsonNode> quotes = quotes();
            if (quotes.isEmpty() && random.nextInt(5) != 0) {
                return publishQuote();
            }
            List<JsonNode> open = quotes.stream().filter(q -> !q.get("closed").asBoolean()).toList();
            List<JsonNode> candidates = open.isEmpty() || random.nextInt(6) == 0 ? quotes : open;
            String quoteId = candidates.isEmpty() || random.nextInt(12) == 0 ? "q-none"
                    : candidates.get(random.nextInt(candidates.size())).get("quoteId").asString();
            String base = quotes.stream().filter(q -> q.get("quoteId").asString().equals(quoteId))
                    .map(q -> q.get("baseCurrency").asString()).findFirst().orElse(code());
            Map.Entry<Who, String> holding = random.nextInt(8) == 0 ? null : holdingIn(base);
            Who payer = holding == null ? pick(HOLDERS) : holding.getKey();
            List<String> inputs = someNotes(payer, base);
            long total = sum(payer, base, inputs);
            long baseAmount = random.nextInt(10) == 0 ? total + 1 : random.nextLong(1, Math.max(total, 1) + 1);
            String change = switch (random.nextInt(4)) {
                case 0 -> ",\"change\":" + (total - baseAmount);
                case 1 -> random.nextInt(3) == 0 ? ",\"change\":" + (total - baseAmount + 1) : "";
                default -> "";
            };
            if (change.contains("-")) {
                change = "";
            }
            return new Op(payer, "crossBorderPay", String.format(
                    "{\"paymentId\":\"p-%d\",\"quoteId\":\"%s\",\"inputs\":%s,\"baseAmount\":%d,\"payee\":\"%s\"%s}",
                    random.nextInt(60), quoteId, quoted(inputs), baseAmount, pick(HOLDERS).wallet(), change), null);
        }

        private Op closeQuote() {
            List<JsonNode> quotes = quotes();
            if (quotes.isEmpty()) {
                return new Op(ICBC, "closeQuote", "{\"quoteId\":\"q-none\"}", null);
            }
            JsonNode quote = quotes.get(random.nextInt(quotes.size()));
            Who provider = quote.get("provider").asString().equals(ICBC.wallet()) ? ICBC : MAYBANK;
            Who who = random.nextInt(5) == 0 ? pick(HOLDERS) : provider;
            return new Op(who, "closeQuote", "{\"quoteId\":\"" + quote.get("quoteId").asString() + "\"}", null);
        }

        private Op freezeOrUnfreeze() {
            Who bank = pick(CENTRAL_BANKS);
            String wallet = pick(HOLDERS).wallet();
            return random.nextInt(5) < 2
                    ? new Op(bank, "freeze", "{\"wallet\":\"" + wallet + "\",\"reason\":\"property test\"}", null)
                    : new Op(bank, "unfreeze", "{\"wallet\":\"" + wallet + "\"}", null);
        }

        /**
         * A central bank moves a wallet's notes to a successor: mostly a frozen wallet's, by its own central bank, to
         * a wallet of its state (when no wallet with notes is frozen, mostly a freeze of one instead); now and then a
         * wallet that is not frozen, another state's bank or successor, the wallet itself, or a payment's ID.
         */
        private Op recover() {
            List<Map.Entry<Who, String>> frozen = new ArrayList<>();
            for (Who who : HOLDERS) {
                if (frozen(who)) {
                    for (String code : CODES) {
                        if (!notes(who.wallet(), code).isEmpty()) {
                            frozen.add(Map.entry(who, code));
                        }
                    }
                }
            }
            Map.Entry<Who, String> holding = frozen.isEmpty() || random.nextInt(5) == 0 ? holding(null) : pick(frozen);
            Who wallet = holding == null ? pick(HOLDERS) : holding.getKey();
            if (frozen.isEmpty() && random.nextInt(4) != 0) {
                return new Op(bankOf(wallet), "freeze", "{\"wallet\":\"" + wallet.wallet()
                        + "\",\"reason\":\"property test\"}", null);
            }
            String code = holding == null ? code() : holding.getValue();
            List<Who> sameState = HOLDERS.stream().filter(w -> w.mspId().equals(wallet.mspId()) && w != wallet).toList();
            Who successor = random.nextInt(8) == 0 ? pick(HOLDERS) : pick(sameState);
            Who bank = random.nextInt(8) == 0 ? pick(CENTRAL_BANKS) : bankOf(wallet);
            String paymentId = random.nextInt(6) == 0 ? "p-" + random.nextInt(60) : "v-" + random.nextInt(20);
            return new Op(bank, "recover", String.format("{\"paymentId\":\"%s\",\"wallet\":\"%s\",\"currency\":\"%s\","
                    + "\"notes\":%s,\"successor\":\"%s\",\"reason\":\"property test\"}", paymentId, wallet.wallet(),
                    code, quoted(someNotes(wallet, code)), successor.wallet()), null);
        }

        private static Who bankOf(Who wallet) {
            return CENTRAL_BANKS.stream().filter(b -> b.mspId().equals(wallet.mspId())).findFirst().orElseThrow();
        }

        private boolean frozen(Who who) {
            byte[] wallet = world.ledger.get(new CompositeKey(CurrencyKeys.WALLET, who.wallet()).toString());
            return wallet != null && CurrencyWorld.json(new String(wallet)).path("frozen").asBoolean();
        }

        private Op tier() {
            Who bank = pick(CENTRAL_BANKS);
            if (random.nextBoolean()) {
                return new Op(bank, "setTier", String.format(
                        "{\"tier\":\"retail\",\"limits\":{\"%s\":{\"perPayment\":%d,\"daily\":%d}}}",
                        code(), random.nextLong(100, 5000), random.nextLong(500, 20_000)), null);
            }
            return new Op(bank, "assignTier", String.format("{\"wallet\":\"%s\",\"tier\":\"%s\"}",
                    pick(HOLDERS).wallet(), random.nextBoolean() ? "retail" : "default"), null);
        }

        /** Breaks a valid-looking payment in one of several ways, a fifth of the time. */
        private String mutate(String argument) {
            if (random.nextInt(5) != 0) {
                return argument;
            }
            return switch (random.nextInt(5)) {
                case 0 -> argument.replaceFirst("\"amount\":(\\d+)", "\"amount\":$11"); // unbalanced
                case 1 -> spent.isEmpty() ? argument
                        : argument.replaceFirst("\"inputs\":\\[", "\"inputs\":[\"" + pick(List.copyOf(spent)) + "\",");
                case 2 -> argument.replaceFirst("\"wallet\":\"[^\"]+\"", "\"wallet\":\"RWMSP/ghost\"");
                case 3 -> argument.replaceFirst("\"amount\":\\d+", "\"amount\":0");
                default -> argument.replaceFirst("\"inputs\":\\[\"([^\"]+)\"", "\"inputs\":[\"$1\",\"$1\"");
            };
        }

        private long amount() {
            return switch (random.nextInt(10)) {
                case 0 -> -random.nextLong(0, 3);
                case 1 -> Long.MAX_VALUE - random.nextLong(0, 1000);
                case 2 -> random.nextLong(1, 1_000_000);
                default -> random.nextLong(1, 10_000);
            };
        }

        /** Up to three parts, each positive, adding up to total. */
        private List<Long> split(long total) {
            int parts = (int) Math.min(total, random.nextInt(1, 4));
            List<Long> result = new ArrayList<>();
            long left = total;
            for (int i = parts; i > 1; i--) {
                long part = random.nextLong(1, left - (i - 1) + 1);
                result.add(part);
                left -= part;
            }
            result.add(left);
            return result;
        }

        /** Some of a wallet's unspent notes in a currency; now and then a note of someone else's. */
        private List<String> someNotes(Who owner, String currency) {
            List<String> owned = new ArrayList<>(notes(owner.wallet(), currency).keySet());
            List<String> chosen = new ArrayList<>();
            for (String noteId : owned) {
                if (chosen.size() < 3 && random.nextInt(3) != 0) {
                    chosen.add(noteId);
                }
            }
            if (chosen.isEmpty() || random.nextInt(15) == 0) {
                Map<String, Long> others = notes(pick(HOLDERS).wallet(), code());
                if (!others.isEmpty()) {
                    chosen.add(pick(List.copyOf(others.keySet())));
                }
            }
            if (chosen.isEmpty()) {
                chosen.add("beef:0");
            }
            return chosen.stream().distinct().toList();
        }

        /** A random (holder, currency) that has notes, optionally of one holder; null when there is none. */
        private Map.Entry<Who, String> holding(Who only) {
            List<Map.Entry<Who, String>> holdings = new ArrayList<>();
            for (Who who : only == null ? HOLDERS : List.of(only)) {
                for (String code : CODES) {
                    if (!notes(who.wallet(), code).isEmpty()) {
                        holdings.add(Map.entry(who, code));
                    }
                }
            }
            return holdings.isEmpty() ? null : pick(holdings);
        }

        private Map.Entry<Who, String> holdingIn(String currency) {
            List<Map.Entry<Who, String>> holdings = new ArrayList<>();
            for (Who who : HOLDERS) {
                if (!notes(who.wallet(), currency).isEmpty()) {
                    holdings.add(Map.entry(who, currency));
                }
            }
            return holdings.isEmpty() ? null : pick(holdings);
        }

        private long sum(Who owner, String currency, List<String> noteIds) {
            Map<String, Long> owned = notes(owner.wallet(), currency);
            return noteIds.stream().mapToLong(id -> owned.getOrDefault(id, 0L)).sum();
        }

        /** Unspent notes by wallet and currency, read once per ledger state. */
        private Map<String, Map<String, Long>> holdings;

        private Map<String, Long> notes(String wallet, String currency) {
            if (holdings == null) {
                holdings = new HashMap<>();
                world.ledger.range(NOTE_PREFIX, NOTE_PREFIX + "\udbff\udfff").forEach(e -> {
                    List<String> key = attributes(e.getKey());
                    holdings.computeIfAbsent(key.get(0) + "|" + key.get(1), k -> new TreeMap<>())
                            .put(key.get(2), CurrencyWorld.json(new String(e.getValue())).get("amount").asLong());
                });
            }
            return holdings.getOrDefault(wallet + "|" + currency, Map.of());
        }

        private List<JsonNode> quotes() {
            List<JsonNode> quotes = new ArrayList<>();
            world.ledger.range(QUOTE_PREFIX, QUOTE_PREFIX + "\udbff\udfff")
                    .forEach(e -> quotes.add(CurrencyWorld.json(new String(e.getValue()))));
            return quotes;
        }

        private String code() {
            return pick(CODES);
        }

        private static Who issuer(String code) {
            Map<String, Who> issuers = new HashMap<>(Map.of("CNY", PBOC, "MYR", BNM, "RWF", BNR));
            return issuers.getOrDefault(code, BNR);
        }

        private <T> T pick(List<T> from) {
            return from.get(random.nextInt(from.size()));
        }

        private static List<String> attributes(String key) {
            return CompositeKey.parseCompositeKey(key).getAttributes();
        }

        private void log(int number, Op op, String outcome) {
            log.add(String.format("#%d %s %s%s %s -> %s", number, op.who().wallet(), op.transaction(),
                    op.firstResult() != null ? " (retry)" : "", op.argument(), outcome));
        }

        private void check(boolean holds, String what) {
            if (!holds) {
                throw new AssertionError(report(what));
            }
        }

        private String report(String what) {
            return "seed " + seed + ": " + what + "\n  reproduce: -Dsilkroad.property.seed=" + seed
                    + " -Dsilkroad.property.runs=1\n  steps:\n    " + String.join("\n    ", log);
        }

        private static String excerpt(String text) {
            return text.length() <= 160 ? text : text.substring(0, 160) + "...";
        }
    }

    @org.junit.jupiter.api.Test
    void the_generator_reaches_every_transaction_and_many_refusals() {
        // Guards the property against a generator that silently stops exercising something.
        Map<String, Integer> outcomes = new TreeMap<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + 20; seed++) {
            Run run = new Run(seed);
            run.play();
            for (String line : run.log) {
                String tx = line.split(" ")[2];
                String outcome = line.substring(line.indexOf("-> ") + 3);
                String code = outcome.startsWith("ok") ? "ok" : outcome.substring(8, outcome.indexOf(':'));
                outcomes.merge(tx + " " + code, 1, Integer::sum);
            }
        }
        assertThat(outcomes.keySet()).contains("issue ok", "pay ok", "redeem ok", "publishQuote ok",
                "crossBorderPay ok", "closeQuote ok", "registerCurrency ok", "pay NOTE_SPENT", "pay UNBALANCED",
                "pay PAYMENT_ID_REUSED", "issue NOT_ISSUER", "issue AMOUNT_OVERFLOW", "crossBorderPay QUOTE_EXHAUSTED",
                "crossBorderPay QUOTE_CLOSED");
    }
}
