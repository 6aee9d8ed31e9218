package org.silkroad.chaincode.trade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.silkroad.chaincode.currency.CurrencyContract;
import org.silkroad.chaincode.customs.CustomsContract;
import org.silkroad.chaincode.shared.Digests;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A ledger with the trade, customs and currency contracts and the identities of a CN-to-MY shipment, for tests:
 * submits commit on success (a refused transaction is never committed, as on Fabric), evaluates never commit.
 * Transactions are named {@code contract:transaction} and found on the contract by name.
 */
public final class TradeWorld {

    private static final Map<String, byte[]> IDENTITIES = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An identity of a member state. */
    public record Who(String mspId, String role, String name) {
        public byte[] creator() {
            return IDENTITIES.computeIfAbsent(mspId + "/" + role + "/" + name,
                    k -> TestIdentities.creator(mspId, role, name));
        }

        public String id() {
            return mspId + "/" + name;
        }
    }

    public static final Who EXPORTER = new Who("CNMSP", "business", "exporter");
    public static final Who CARRIER = new Who("CNMSP", "business", "carrier");
    public static final Who FORWARDER = new Who("CNMSP", "business", "forwarder");
    public static final Who IMPORTER = new Who("MYMSP", "business", "importer");
    public static final Who OTHER_MY = new Who("MYMSP", "business", "other");
    public static final Who RW_TRADER = new Who("RWMSP", "business", "trader");
    public static final Who ICBC = new Who("CNMSP", "bank", "icbc");
    public static final Who MAYBANK = new Who("MYMSP", "bank", "maybank");
    public static final Who CN_CUSTOMS = new Who("CNMSP", "customs", "customs");
    public static final Who MY_CUSTOMS = new Who("MYMSP", "customs", "customs");
    public static final Who RW_CUSTOMS = new Who("RWMSP", "customs", "customs");
    public static final Who BNM = new Who("MYMSP", "central-bank", "bnm");
    public static final Who MY_COURT = new Who("MYMSP", "court", "court");
    public static final Who RW_COURT = new Who("RWMSP", "court", "court");
    public static final Who COLON = new Who("CNMSP", "business", "escrow:E-1");

    public final FakeLedger ledger = new FakeLedger();
    private final Map<String, ContractInterface> contracts = Map.of(
            TradeContract.NAME, new TradeContract(),
            CustomsContract.NAME, new CustomsContract(),
            CurrencyContract.NAME, new CurrencyContract());
    public Instant now = Instant.parse("2026-03-02T10:00:00Z");
    public FakeStub last;

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public String submit(Who who, String transaction, String argument) {
        return submit(who, transaction, argument, Map.of());
    }

    public String submit(Who who, String transaction, String argument, Map<String, byte[]> transientData) {
        FakeStub stub = ledger.propose(who.creator(), now, transaction).withTransient(transientData);
        last = stub;
        String result = invoke(stub, transaction, argument);
        ledger.commit(stub);
        return result;
    }

    public String evaluate(Who who, String transaction, String argument) {
        FakeStub stub = ledger.propose(who.creator(), now, transaction);
        last = stub;
        return invoke(stub, transaction, argument);
    }

    /** Runs a transaction that must be refused with the code; checks that it wrote nothing and emitted nothing. */
    public void refused(Who who, String transaction, String argument, String code) {
        refused(who, transaction, argument, Map.of(), code);
    }

    public void refused(Who who, String transaction, String argument, Map<String, byte[]> transientData,
            String code) {
        Map<String, String> before = ledger.snapshot();
        Map<String, String> privateBefore = ledger.privateSnapshot();
        assertThatThrownBy(() -> submit(who, transaction, argument, transientData))
                .isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith(code + ": ");
        assertThat(last.writes()).as("writes of a refused %s", transaction).isEmpty();
        assertThat(last.privateWrites()).as("private writes of a refused %s", transaction).isEmpty();
        assertThat(last.eventName()).isNull();
        assertThat(ledger.snapshot()).isEqualTo(before);
        assertThat(ledger.privateSnapshot()).isEqualTo(privateBefore);
    }

    private String invoke(FakeStub stub, String transaction, String argument) {
        String[] parts = transaction.split(":", 2);
        ContractInterface contract = contracts.get(parts[0]);
        try {
            for (Method method : contract.getClass().getMethods()) {
                if (method.getName().equals(parts[1]) && method.getReturnType() == String.class) {
                    return stub.run(contract, ctx -> method.getParameterCount() == 1
                            ? (String) method.invoke(contract, ctx) : (String) method.invoke(contract, ctx, argument));
                }
            }
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) { // a public method: not accessible is a broken test
            throw new IllegalStateException(e);
        }
        throw new IllegalArgumentException("no transaction " + transaction);
    }

    // Documents of the standard shipment: CN exporter sells 2 lines to the MY importer, in CNY.

    public static final String INVOICE_LINES =
            "[{\"hsCode\":\"847130\",\"quantity\":10,\"value\":500000},{\"hsCode\":\"850440\",\"quantity\":5,\"value\":100000}]";

    public static byte[] content(String text) {
        return text.getBytes(UTF_8);
    }

    public static String sha(String text) {
        return Digests.sha256Hex(content(text));
    }

    public static Map<String, byte[]> withContent(String text) {
        return Map.of("content", content(text));
    }

    public static String invoiceJson(String id, String contentText) {
        return String.format("{\"documentId\":\"%s\",\"type\":\"commercial-invoice\",\"parties\":[\"%s\"],"
                + "\"contentHash\":\"%s\",\"mediaType\":\"application/pdf\",\"elements\":{\"currency\":\"CNY\","
                + "\"amount\":600000,\"lines\":%s,\"consignee\":\"%s\"}}", id, IMPORTER.id(), sha(contentText),
                INVOICE_LINES, IMPORTER.id());
    }

    public static String certificateJson(String id, String contentText, String origin, String invoiceRef) {
        return String.format("{\"documentId\":\"%s\",\"type\":\"certificate-of-origin\",\"parties\":[\"%s\"],"
                + "\"contentHash\":\"%s\",\"elements\":{\"origin\":\"%s\",\"lines\":[{\"hsCode\":\"847130\","
                + "\"quantity\":10},{\"hsCode\":\"850440\",\"quantity\":5}],\"consignee\":\"%s\",\"invoiceRef\":\"%s\"}}",
                id, IMPORTER.id(), sha(contentText), origin, IMPORTER.id(), invoiceRef);
    }

    public static String billJson(String billId, String contentText, String invoiceRef) {
        return String.format("{\"billId\":\"%s\",\"shipper\":\"%s\",\"contentHash\":\"%s\",\"elements\":{"
                + "\"portOfLoading\":\"CNSHA\",\"portOfDischarge\":\"MYPKG\",\"consignee\":\"%s\",\"invoiceRef\":\"%s\"}}",
                billId, EXPORTER.id(), sha(contentText), IMPORTER.id(), invoiceRef);
    }

    /** Registers invoice INV-1 and certificate COO-1 by the exporter and issues bill BL-1 by the carrier. */
    public TradeWorld shipment() {
        submit(EXPORTER, "trade:registerDocument", invoiceJson("INV-1", "invoice v1"), withContent("invoice v1"));
        submit(EXPORTER, "trade:registerDocument", certificateJson("COO-1", "coo v1", "CN", "INV-1"),
                withContent("coo v1"));
        submit(CARRIER, "trade:issueBill", billJson("BL-1", "bill v1", "INV-1"), withContent("bill v1"));
        return this;
    }

    public String transfer(Who holder, String billId, int version, Who to) {
        return submit(holder, "trade:transferBill", String.format(
                "{\"billId\":\"%s\",\"version\":%d,\"newHolder\":\"%s\",\"reason\":\"endorsed\"}", billId, version,
                to.id()));
    }

    public static List<String> texts(JsonNode array, String field) {
        return array.valueStream().map(n -> n.get(field).asString()).toList();
    }
}
