package org.silkroad.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.silkroad.chaincode.credit.CreditContract;
import org.silkroad.chaincode.currency.CurrencyContract;
import org.silkroad.chaincode.dispute.DisputeContract;
import org.silkroad.chaincode.escrow.EscrowContract;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.trade.TradeContract;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ledger with every contract of the chaincode and identities of three states, for tests of contracts that span
 * several (escrow, dispute, credit): submits commit on success (a refused transaction is never committed, as on
 * Fabric), evaluates never commit. Transactions are called by name, as the shim routes {@code contract:transaction}.
 */
public final class ContractWorld {

    private static final Map<String, byte[]> IDENTITIES = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An identity of a member state. */
    public record Who(String mspId, String role, String name) {
        public byte[] creator() {
            return IDENTITIES.computeIfAbsent(mspId + "/" + role + "/" + name,
                    k -> TestIdentities.creator(mspId, role, name));
        }

        public String wallet() {
            return mspId + "/" + name;
        }
    }

    public static final Who PBOC = new Who("CNMSP", "central-bank", "pboc");
    public static final Who BNM = new Who("MYMSP", "central-bank", "bnm");
    public static final Who BUYER = new Who("CNMSP", "business", "importer");
    public static final Who SELLER = new Who("MYMSP", "business", "exporter");
    public static final Who CARRIER = new Who("MYMSP", "business", "carrier");
    public static final Who EHUB = new Who("CNMSP", "ehub", "hub");
    public static final Who OTHER = new Who("RWMSP", "business", "stranger");
    public static final Who MAYBANK = new Who("MYMSP", "bank", "maybank");
    public static final Who ICBC = new Who("CNMSP", "bank", "icbc");
    public static final Who BK = new Who("RWMSP", "bank", "bk");
    public static final Who MY_COURT = new Who("MYMSP", "court", "kl-court");
    public static final Who CN_COURT = new Who("CNMSP", "court", "sh-court");
    public static final Who REGULATOR = new Who("MYMSP", "regulator", "sc");
    public static final Who CUSTOMS_CN = new Who("CNMSP", "customs", "gacc");

    public final FakeLedger ledger = new FakeLedger();
    private final Map<String, ContractInterface> contracts = new LinkedHashMap<>();
    public Instant now = Instant.parse("2026-03-02T10:00:00Z");
    public FakeStub last;
    private int ids;

    public ContractWorld() {
        contracts.put(CurrencyContract.NAME, new CurrencyContract());
        contracts.put("trade", new TradeContract());
        contracts.put(EscrowContract.NAME, new EscrowContract());
        contracts.put(DisputeContract.NAME, new DisputeContract());
        contracts.put(CreditContract.NAME, new CreditContract());
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public String nextId(String prefix) {
        return prefix + "-" + (++ids);
    }

    /** Submits {@code contract:transaction} (argument null for none) and commits it. */
    public String submit(Who who, String function, String argument) {
        return submit(who, function, argument, Map.of());
    }

    public String submit(Who who, String function, String argument, Map<String, String> transientData) {
        FakeStub stub = ledger.propose(who.creator(), now, bytes(transientData), function);
        last = stub;
        String result = invoke(stub, function, argument);
        ledger.commit(stub);
        return result;
    }

    public String evaluate(Who who, String function, String argument) {
        return evaluate(who, function, argument, Map.of());
    }

    public String evaluate(Who who, String function, String argument, Map<String, String> transientData) {
        FakeStub stub = ledger.propose(who.creator(), now, bytes(transientData), function);
        last = stub;
        return invoke(stub, function, argument);
    }

    /** Submits a transaction that must be refused with the code; checks that it wrote nothing and emitted nothing. */
    public void refused(Who who, String function, String argument, String code) {
        refused(who, function, argument, Map.of(), code);
    }

    public void refused(Who who, String function, String argument, Map<String, String> transientData, String code) {
        Map<String, String> before = ledger.snapshot();
        Map<String, String> privateBefore = ledger.privateSnapshot();
        assertThatThrownBy(() -> submit(who, function, argument, transientData))
                .isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith(code + ": ");
        assertThat(ledger.snapshot()).isEqualTo(before);
        assertThat(ledger.privateSnapshot()).isEqualTo(privateBefore);
    }

    private String invoke(FakeStub stub, String function, String argument) {
        int colon = function.indexOf(':');
        ContractInterface contract = contracts.get(function.substring(0, colon));
        String name = function.substring(colon + 1);
        try {
            return stub.run(contract, ctx -> {
                if (argument == null) {
                    Method method = contract.getClass().getMethod(name, Context.class);
                    return (String) method.invoke(contract, ctx);
                }
                Method method = contract.getClass().getMethod(name, Context.class, String.class);
                return (String) method.invoke(contract, ctx, argument);
            });
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) { // no such method, or not accessible
            throw new IllegalArgumentException("no transaction " + function, e);
        }
    }

    private static Map<String, byte[]> bytes(Map<String, String> transientData) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        transientData.forEach((k, v) -> out.put(k, v.getBytes(UTF_8)));
        return out;
    }

    // Steps most tests need

    /** CNY and MYR registered; wallets of everyone open. */
    public ContractWorld standard() {
        submit(PBOC, "currency:registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}");
        submit(BNM, "currency:registerCurrency", "{\"code\":\"MYR\",\"decimals\":2}");
        for (Who who : List.of(PBOC, BNM, BUYER, SELLER, CARRIER, EHUB, OTHER, MAYBANK, ICBC, BK, REGULATOR)) {
            submit(who, "currency:openWallet", null);
        }
        return this;
    }

    /** Issues a note by the currency's central bank and returns its ID. */
    public String issue(String currency, Who to, long amount) {
        Who bank = currency.equals("CNY") ? PBOC : BNM;
        return json(submit(bank, "currency:issue", String.format(
                "{\"requestId\":\"%s\",\"currency\":\"%s\",\"wallet\":\"%s\",\"amount\":%d}",
                nextId("issue"), currency, to.wallet(), amount))).get("noteId").asString();
    }

    public long balance(Who who, String currency) {
        JsonNode balances = json(evaluate(REGULATOR, "currency:balance", "{\"wallet\":\"" + who.wallet() + "\"}"))
                .get("balances");
        return balances.has(currency) ? balances.get(currency).asLong() : 0;
    }

    public JsonNode audit(String currency) {
        return json(evaluate(REGULATOR, "currency:audit", "{\"currency\":\"" + currency + "\"}"));
    }

    /**
     * The seller's invoice to the buyer and the carrier's bill of lading for it, issued to the seller (shipper), consignee
     * the buyer.
     *
     * @return the bill's ID
     */
    public String billOfLading(String invoiceId, String billId) {
        String invoiceContent = "invoice " + invoiceId;
        submit(SELLER, "trade:registerDocument", String.format(
                "{\"documentId\":\"%s\",\"type\":\"commercial-invoice\",\"parties\":[\"%s\"],\"contentHash\":\"%s\","
                        + "\"elements\":{\"currency\":\"MYR\",\"amount\":100000,\"lines\":[{\"hsCode\":\"851712\","
                        + "\"quantity\":10,\"value\":100000}],\"consignee\":\"%s\"}}",
                invoiceId, BUYER.wallet(), Digests.sha256Hex(invoiceContent.getBytes(UTF_8)), BUYER.wallet()),
                Map.of("content", invoiceContent));
        String billContent = "bill " + billId;
        submit(CARRIER, "trade:issueBill", String.format(
                "{\"billId\":\"%s\",\"shipper\":\"%s\",\"contentHash\":\"%s\",\"elements\":{\"portOfLoading\":"
                        + "\"MYPKG\",\"portOfDischarge\":\"CNSHA\",\"consignee\":\"%s\",\"invoiceRef\":\"%s\"}}",
                billId, SELLER.wallet(), Digests.sha256Hex(billContent.getBytes(UTF_8)), BUYER.wallet(), invoiceId),
                Map.of("content", billContent));
        return billId;
    }

    public JsonNode bill(String billId) {
        JsonNode view = json(evaluate(SELLER, "trade:getBill", "{\"billId\":\"" + billId + "\"}"));
        assertThat(view.get("custodyIntact").asBoolean()).isTrue();
        return view.get("bill");
    }
}
