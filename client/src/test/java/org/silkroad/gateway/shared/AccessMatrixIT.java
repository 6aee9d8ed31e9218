package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.grpc.Status;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The access matrix: every operation of the REST API (one row each) tried as every role of every state (the demo
 * identities each state's CA issued: central-bank, customs, bank, business-1, business-2, carrier, ehub, court,
 * regulator, device-1, and a business whose certificate the CA revoked), each through its own state's gateway; exactly the cells the row allows succeed (2xx), every
 * other cell is refused with 403 and a problem code. Below the REST rows, identities the network must not accept at
 * all are tried directly on a peer: a certificate from an outside CA claiming a member's MSP, on every contract
 * transaction row.
 *
 * <p><b>Adding a contract:</b> add its operations as rows to {@link #rows()}, each with who may do it; the caller
 * column needs no change. Rows run in order (setup-like rows such as opening wallets come first), each row's 33 cells
 * side by side. Every allowed cell is idempotent (fixed request IDs per caller, replacements, freeze then unfreeze),
 * so the test can run any number of times on the same network.
 *
 * <p>Not covered here, and why: paying ({@code POST /payments}, cross-border, quotes, redemptions) spends the
 * caller's own notes, so "who may" is structural (the payer is always the caller) and is tested with funds in
 * {@code CurrencyIT}/{@code LimitsAndDevicesIT}; the payment stream is the history row's access rule (same check,
 * {@code WalletAccess}). Private data: a court of a state outside a document's collection is refused by the contract in
 * {@code ShipmentIT}; that the outside state's peer does not hold the content at all, asked directly, is
 * {@code PrivateDataAtNonMemberPeerIT}.
 */
class AccessMatrixIT {

    /** The roles each state's CA issues to its demo identities (test-network/lib/ca.sh SILKROAD_DEMO_USERS). */
    static final List<String> CALLERS = List.of("central-bank", "customs", "bank", "business-1", "business-2",
            "carrier", "ehub", "court", "regulator", "device-1", Caller.REVOKED);
    static final List<String> STATES = List.of("CN", "MY", "RW");
    static final String TIER = "matrix";

    /**
     * One cell's caller. {@value #REVOKED} is a business whose certificate its CA revoked (test-network/lib/ca.sh
     * {@code revoke_demo_user}: the CRL is in the state's channel MSP): the gateway still knows its API key, so it may
     * ask who it is, but every peer refuses it on every ledger operation ({@code LEDGER_ACCESS_DENIED}).
     */
    record Caller(String state, String name) {
        static final String REVOKED = "revoked-1";

        String msp() {
            return state + "MSP";
        }

        String role() {
            return switch (name) {
                case "business-1", "business-2", "carrier", REVOKED -> "business";
                case "device-1" -> "device";
                default -> name;
            };
        }

        /** Currency registered for this test by the caller's own state's central bank. */
        String ownCurrency() {
            return "A" + state;
        }

        @Override
        public String toString() {
            return state + "/" + name;
        }
    }

    /** One REST operation: how to call it as a caller, and whether that caller may (if its certificate is valid). */
    record Row(String name, String method, Function<Caller, String> path, Function<Caller, String> body,
               Predicate<Caller> allowed) {

        /** Only {@code /api/v1/me} is answered by the gateway alone, from the caller's certificate. */
        boolean touchesLedger() {
            return !path.apply(new Caller("CN", "business-1")).equals("/api/v1/me");
        }
    }

    private static LocalNetwork network;
    private static final AtomicInteger CELLS = new AtomicInteger();
    private static final AtomicInteger ALLOWED = new AtomicInteger();
    private static final AtomicInteger REVOKED_REFUSED_BY_PEER = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(6);

    @BeforeAll
    static void connect() {
        network = LocalNetwork.load();
    }

    @AfterAll
    static void summary() {
        POOL.shutdownNow();
        System.out.printf("Access matrix: %d cells checked (%d allowed, %d refused; %d revoked-certificate cells "
                        + "refused by the peer), %d operations x %d callers%n", CELLS.get(), ALLOWED.get(),
                CELLS.get() - ALLOWED.get(), REVOKED_REFUSED_BY_PEER.get(), rows().size(),
                STATES.size() * CALLERS.size());
    }

    static Predicate<Caller> role(String... roles) {
        Set<String> allowed = Set.of(roles);
        return caller -> allowed.contains(caller.role());
    }

    static Predicate<Caller> everyone() {
        return caller -> true;
    }

    static List<Row> rows() {
        return List.of(
                new Row("who am I", "GET", c -> "/api/v1/me", c -> null, everyone()),
                new Row("chaincode version", "GET", c -> "/api/v1/system/version", c -> null, everyone()),
                new Row("write a ping", "POST", c -> "/api/v1/system/pings",
                        c -> "{\"requestId\":\"matrix-" + c.state() + "-" + c.name() + "\"}", everyone()),
                new Row("register own state's currency", "POST", c -> "/api/v1/currencies",
                        c -> "{\"code\":\"" + c.ownCurrency() + "\",\"decimals\":2}", role("central-bank")),
                new Row("list currencies", "GET", c -> "/api/v1/currencies", c -> null, everyone()),
                new Row("read a currency", "GET", c -> "/api/v1/currencies/ACN", c -> null, everyone()),
                new Row("open own wallet", "PUT", c -> "/api/v1/wallets/me", c -> null,
                        role("central-bank", "customs", "bank", "business", "ehub", "court", "regulator")),
                new Row("issue own state's currency", "POST", c -> "/api/v1/currencies/" + c.ownCurrency() + "/issuances",
                        c -> "{\"requestId\":\"matrix-own-" + c.name() + "\",\"wallet\":\"" + c.msp()
                                + "/business-1\",\"amount\":\"1.00\"}", role("central-bank")),
                new Row("issue CN's currency", "POST", c -> "/api/v1/currencies/ACN/issuances",
                        c -> "{\"requestId\":\"matrix-cn-" + c.state() + "-" + c.name()
                                + "\",\"wallet\":\"CNMSP/business-1\",\"amount\":\"1.00\"}",
                        c -> c.state().equals("CN") && c.role().equals("central-bank")),
                new Row("audit a currency", "GET", c -> "/api/v1/currencies/ACN/audit", c -> null,
                        role("central-bank", "regulator")),
                new Row("a state's holders of a currency", "GET", c -> "/api/v1/currencies/ACN/holders?state=MYMSP",
                        c -> null, role("central-bank", "regulator")),
                new Row("read a wallet", "GET", c -> "/api/v1/wallets/CNMSP/business-1", c -> null, everyone()),
                new Row("read a wallet's balance", "GET", c -> "/api/v1/wallets/CNMSP/business-1/balance", c -> null,
                        everyone()),
                new Row("own state's business-2 history", "GET", c -> "/api/v1/wallets/" + c.msp() + "/business-2/payments",
                        c -> null, c -> Set.of("business-2", "central-bank", "regulator").contains(c.name())),
                new Row("CN business-2 history", "GET", c -> "/api/v1/wallets/CNMSP/business-2/payments", c -> null,
                        c -> c.state().equals("CN") && Set.of("business-2", "central-bank", "regulator").contains(c.name())),
                new Row("define a tier of own state", "PUT", c -> "/api/v1/tiers/" + TIER,
                        c -> "{\"limits\":{\"" + c.ownCurrency() + "\":{\"perPayment\":\"1000.00\"}}}",
                        role("central-bank")),
                new Row("assign a CN wallet's tier", "PUT", c -> "/api/v1/wallets/CNMSP/carrier/tier",
                        c -> "{\"tier\":\"default\"}", c -> c.state().equals("CN") && c.role().equals("central-bank")),
                new Row("freeze a CN wallet", "PUT", c -> "/api/v1/wallets/CNMSP/court/freeze",
                        c -> "{\"reason\":\"access matrix\"}",
                        c -> c.state().equals("CN") && c.role().equals("central-bank")),
                new Row("recover a frozen CN wallet's holdings", "POST", c -> "/api/v1/wallets/CNMSP/court/recovery",
                        c -> "{\"paymentId\":\"matrix-recovery\",\"currency\":\"ACN\",\"successor\":"
                                + "\"CNMSP/carrier\",\"reason\":\"access matrix\"}",
                        c -> c.state().equals("CN") && c.role().equals("central-bank")),
                new Row("unfreeze a CN wallet", "DELETE", c -> "/api/v1/wallets/CNMSP/court/freeze", c -> null,
                        c -> c.state().equals("CN") && c.role().equals("central-bank")),
                new Row("register a device", "PUT", c -> "/api/v1/devices/mx-" + c.name(),
                        c -> "{\"caps\":{\"" + c.ownCurrency() + "\":\"5.00\"}}", role("business", "ehub")));
    }

    /** One dynamic test per row, in order; each runs its 33 cells side by side and names every wrong cell. */
    @TestFactory
    Stream<DynamicTest> every_operation_as_every_role_of_every_state() {
        List<Caller> callers = new ArrayList<>();
        for (String state : STATES) {
            for (String name : CALLERS) {
                callers.add(new Caller(state, name));
            }
        }
        assertThat(callers).hasSize(33);
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            List<Future<String>> cells = new ArrayList<>();
            for (Caller caller : callers) {
                cells.add(POOL.submit(() -> cell(row, caller)));
            }
            List<String> wrong = new ArrayList<>();
            for (Future<String> cell : cells) {
                String problem = cell.get();
                if (problem != null) {
                    wrong.add(problem);
                }
            }
            assertThat(wrong).as("cells of '%s' that did not answer as the matrix says", row.name()).isEmpty();
        }));
    }

    /** @return null when the cell answered as the matrix says, else what went wrong */
    private static String cell(Row row, Caller caller) {
        LocalNetwork.State state = network.state(caller.state());
        String key = state.apiKey(caller.name());
        String path = row.path().apply(caller);
        String body = row.body().apply(caller);
        HttpResponse<String> response = switch (row.method()) {
            case "GET" -> network.get(state, path, key);
            case "POST" -> network.postJson(state, path, key, body);
            case "PUT" -> network.putJson(state, path, key, body);
            case "DELETE" -> network.delete(state, path, key);
            default -> throw new IllegalArgumentException(row.method());
        };
        CELLS.incrementAndGet();
        boolean revoked = caller.name().equals(Caller.REVOKED);
        boolean allowed = row.allowed().test(caller) && !(revoked && row.touchesLedger());
        if (revoked && row.touchesLedger()) {
            // Where a valid business of its state may do it, only the peer can refuse: LEDGER_ACCESS_DENIED. Where
            // the gateway refuses a business itself (another state's wallet history), it refuses this one first.
            boolean peerMustRefuse = row.allowed().test(caller);
            boolean refused = response.statusCode() == 403 && (code(response).equals("LEDGER_ACCESS_DENIED")
                    || (!peerMustRefuse && !code(response).isEmpty()));
            if (refused && code(response).equals("LEDGER_ACCESS_DENIED")) {
                REVOKED_REFUSED_BY_PEER.incrementAndGet();
            }
            return refused ? null : caller + " (revoked) must be refused" + (peerMustRefuse ? " by the peer (403 "
                    + "LEDGER_ACCESS_DENIED)" : " (403)") + " but got " + response.statusCode() + " " + code(response);
        }
        if (allowed) {
            ALLOWED.incrementAndGet();
            return response.statusCode() / 100 == 2 ? null
                    : caller + " (" + caller.role() + ") allowed but got " + response.statusCode() + " " + code(response);
        }
        if (response.statusCode() == 403 && !code(response).isEmpty()) {
            return null;
        }
        return caller + " (" + caller.role() + ") must be refused with 403 but got " + response.statusCode() + " "
                + code(response);
    }

    private static String code(HttpResponse<String> response) {
        try {
            return LocalNetwork.json(response.body()).path("code").asString("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    /**
     * A certificate from a CA outside the network that claims each member's MSP is refused by that member's peer on
     * every contract transaction the REST rows use, queries and submits alike ("access denied"), so no row above is
     * open to it even if it reached a peer without the gateway.
     */
    @Test
    void an_identity_from_a_foreign_ca_is_refused_on_every_transaction_by_every_peer() throws Exception {
        List<String[]> transactions = List.of(
                new String[] {"system", "version"},
                new String[] {"system", "ping", "{\"requestId\":\"matrix-foreign\"}"},
                new String[] {"currency", "listCurrencies"},
                new String[] {"currency", "openWallet"},
                new String[] {"currency", "audit", "{\"currency\":\"ACN\"}"},
                new String[] {"currency", "getWallet", "{\"wallet\":\"CNMSP/business-1\"}"});
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        for (String code : STATES) {
            LocalNetwork.State state = network.state(code);
            TestPki outsideCa = TestPki.newCa("ca." + code.toLowerCase(Locale.ROOT) + ".silkroad.test");
            TestPki.Issued impostor = outsideCa.enrollment("central-bank", "central-bank");
            try (LocalNetwork.PeerConnection connection =
                         state.connect(new X509Identity(state.mspId(), impostor.certificate()), impostor.privateKey())) {
                for (String[] tx : transactions) {
                    Contract contract = connection.gateway().getNetwork(network.channel())
                            .getContract(network.chaincode(), tx[0]);
                    String[] args = java.util.Arrays.copyOfRange(tx, 2, tx.length);
                    CELLS.incrementAndGet();
                    boolean submit = tx[1].equals("ping") || tx[1].equals("openWallet");
                    try {
                        if (submit) {
                            contract.submitTransaction(tx[1], args);
                        } else {
                            contract.evaluateTransaction(tx[1], args);
                        }
                        wrong.add(code + " " + tx[0] + ":" + tx[1] + " answered the foreign identity");
                    } catch (GatewayException refused) {
                        String all = LocalNetwork.refusal(refused);
                        if (refused.getStatus().getCode() == Status.Code.UNAVAILABLE
                                || !all.toLowerCase(Locale.ROOT).contains("access denied")) {
                            wrong.add(code + " " + tx[0] + ":" + tx[1] + " not refused as access denied: " + all);
                        }
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        // The submitted ping must not have been written: read back as a member, it does not exist.
        try (LocalNetwork.PeerConnection member = network.state("CN").connectAs("business-1")) {
            Contract system = member.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "system");
            GatewayException notFound = org.assertj.core.api.Assertions.catchThrowableOfType(GatewayException.class,
                    () -> system.evaluateTransaction("readPing", "matrix-foreign"));
            assertThat(notFound).as("no ping written for the foreign identity").isNotNull();
            assertThat(LocalNetwork.refusal(notFound)).contains("NOT_FOUND");
        }
    }
}
