package org.silkroad.chaincode.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ledger with the currency contract and the identities of three states, for tests: submits commit on success (a
 * failed transaction is never committed, as on Fabric), evaluates never commit.
 */
final class CurrencyWorld {

    private static final Map<String, byte[]> IDENTITIES = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An identity of a member state. */
    record Who(String mspId, String role, String name) {
        byte[] creator() {
            return IDENTITIES.computeIfAbsent(mspId + "/" + role + "/" + name,
                    k -> TestIdentities.creator(mspId, role, name));
        }

        String wallet() {
            return mspId + "/" + name;
        }
    }

    static final Who PBOC = new Who("CNMSP", "central-bank", "pboc");
    static final Who BNM = new Who("MYMSP", "central-bank", "bnm");
    static final Who BNR = new Who("RWMSP", "central-bank", "bnr");
    static final Who ICBC = new Who("CNMSP", "bank", "icbc");
    static final Who MAYBANK = new Who("MYMSP", "bank", "maybank");
    static final Who ALICE = new Who("CNMSP", "business", "alice");
    static final Who MERCHANT = new Who("CNMSP", "business", "merchant");
    static final Who EHUB = new Who("CNMSP", "ehub", "hangzhou-hub");
    static final Who BOB = new Who("MYMSP", "business", "bob");
    static final Who CAROL = new Who("RWMSP", "business", "carol");
    static final Who POS = new Who("CNMSP", "device", "pos-1");
    static final Who REGULATOR = new Who("MYMSP", "regulator", "sc");
    static final Who COURT = new Who("CNMSP", "court", "court-1");

    final FakeLedger ledger = new FakeLedger();
    final CurrencyContract contract = new CurrencyContract();
    Instant now = Instant.parse("2026-03-02T10:00:00Z");
    FakeStub last;
    private int ids;

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    void advance(Duration duration) {
        now = now.plus(duration);
    }

    String submit(Who who, String transaction, String argument) {
        FakeStub stub = ledger.propose(who.creator(), now, NAME_PREFIX + transaction);
        last = stub;
        String result = invoke(contract, stub, transaction, argument);
        ledger.commit(stub);
        return result;
    }

    String evaluate(Who who, String transaction, String argument) {
        FakeStub stub = ledger.propose(who.creator(), now, NAME_PREFIX + transaction);
        last = stub;
        return invoke(contract, stub, transaction, argument);
    }

    /** Runs a transaction that must be refused with the code, and checks that it wrote nothing and emitted nothing. */
    void refused(Who who, String transaction, String argument, String code) {
        Map<String, String> before = ledger.snapshot();
        assertThatThrownBy(() -> submit(who, transaction, argument))
                .isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith(code + ": ");
        assertThat(last.writes()).as("writes of a refused %s", transaction).isEmpty();
        assertThat(last.eventName()).isNull();
        assertThat(ledger.snapshot()).isEqualTo(before);
    }

    static final String NAME_PREFIX = CurrencyContract.NAME + ":";

    static String invoke(CurrencyContract contract, FakeStub stub, String transaction, String argument) {
        return stub.run(contract, ctx -> switch (transaction) {
            case "registerCurrency" -> contract.registerCurrency(ctx, argument);
            case "issue" -> contract.issue(ctx, argument);
            case "redeem" -> contract.redeem(ctx, argument);
            case "openWallet" -> contract.openWallet(ctx);
            case "registerDevice" -> contract.registerDevice(ctx, argument);
            case "setTier" -> contract.setTier(ctx, argument);
            case "assignTier" -> contract.assignTier(ctx, argument);
            case "freeze" -> contract.freeze(ctx, argument);
            case "unfreeze" -> contract.unfreeze(ctx, argument);
            case "recover" -> contract.recover(ctx, argument);
            case "pay" -> contract.pay(ctx, argument);
            case "history" -> contract.history(ctx, argument);
            case "crossBorderPay" -> contract.crossBorderPay(ctx, argument);
            case "publishQuote" -> contract.publishQuote(ctx, argument);
            case "closeQuote" -> contract.closeQuote(ctx, argument);
            case "getCurrency" -> contract.getCurrency(ctx, argument);
            case "listCurrencies" -> contract.listCurrencies(ctx);
            case "getWallet" -> contract.getWallet(ctx, argument);
            case "unspentNotes" -> contract.unspentNotes(ctx, argument);
            case "balance" -> contract.balance(ctx, argument);
            case "getPayment" -> contract.getPayment(ctx, argument);
            case "getQuote" -> contract.getQuote(ctx, argument);
            case "audit" -> contract.audit(ctx, argument);
            case "holders" -> contract.holders(ctx, argument);
            default -> throw new IllegalArgumentException("no transaction " + transaction);
        });
    }

    // Steps most tests need

    /** CNY (2 decimals, PBOC) and MYR (2 decimals, BNM) registered; wallets of everyone but the device open. */
    CurrencyWorld standard() {
        submit(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}");
        submit(BNM, "registerCurrency", "{\"code\":\"MYR\",\"decimals\":2}");
        for (Who who : List.of(PBOC, BNM, BNR, ICBC, MAYBANK, ALICE, MERCHANT, EHUB, BOB, CAROL, REGULATOR)) {
            submit(who, "openWallet", null);
        }
        return this;
    }

    String nextId(String prefix) {
        return prefix + "-" + (++ids);
    }

    /** Issues a note by the currency's central bank and returns its ID. */
    String issue(String currency, Who to, long amount) {
        Who bank = currency.equals("CNY") ? PBOC : currency.equals("MYR") ? BNM : BNR;
        return json(submit(bank, "issue", String.format(
                "{\"requestId\":\"%s\",\"currency\":\"%s\",\"wallet\":\"%s\",\"amount\":%d}",
                nextId("issue"), currency, to.wallet(), amount))).get("noteId").asString();
    }

    static String payJson(String paymentId, String currency, List<String> inputs, Object... walletAmountPairs) {
        StringBuilder outputs = new StringBuilder();
        for (int i = 0; i < walletAmountPairs.length; i += 2) {
            Object wallet = walletAmountPairs[i];
            String id = wallet instanceof Who w ? w.wallet() : (String) wallet;
            outputs.append(i == 0 ? "" : ",").append("{\"wallet\":\"").append(id).append("\",\"amount\":")
                    .append(walletAmountPairs[i + 1]).append('}');
        }
        return String.format("{\"paymentId\":\"%s\",\"currency\":\"%s\",\"inputs\":%s,\"outputs\":[%s]}",
                paymentId, currency, quoted(inputs), outputs);
    }

    static String quoted(List<String> ids) {
        return ids.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    JsonNode audit(String currency) {
        return json(evaluate(REGULATOR, "audit", "{\"currency\":\"" + currency + "\"}"));
    }

    long balance(Who who, String currency) {
        JsonNode balances = json(evaluate(REGULATOR, "balance", "{\"wallet\":\"" + who.wallet() + "\"}")).get("balances");
        return balances.has(currency) ? balances.get(currency).asLong() : 0;
    }
}
