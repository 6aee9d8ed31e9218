package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A state's operator changes one of its callers on the running network, with no gateway restarted
 * ({@code test-network/silkroad.sh enroll}, {@code rekey}, {@code revoke}): MY enrolls a new business, which opens
 * a wallet, is issued MYR and pays; its key leaks, so MY re-keys it — the old API key is refused at once, its
 * payment stream ends with a 401 event, every state's peer refuses the old certificate, and with the new key it
 * spends the same wallet's money; then MY revokes it for good — its API key is refused, every peer refuses the new
 * certificate, and revoking again makes no configuration block; its wallet keeps its money until MY's central bank
 * freezes it and moves the money to a successor wallet. Bad requests of the commands change nothing.
 * Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class IdentityLifecycleIT {

    private static final Duration COMMAND = Duration.ofMinutes(3);

    private final LocalNetwork network = LocalNetwork.load();
    private final LocalNetwork.State my = network.state("MY");

    @Test
    void a_state_enrolls_re_keys_and_revokes_a_caller_on_the_running_network() throws Exception {
        String name = "joiner-" + UUID.randomUUID().toString().substring(0, 8);
        Path home = my.identitiesDir().resolve(name);

        // Enroll: a new caller of MY's gateway, on the ledger at once.
        ok(network.networkScript(COMMAND, "enroll", "MY", name, "business"));
        String firstKey = my.apiKey(name);
        X509Certificate firstCertificate = my.certificate(name);
        PrivateKey firstPrivateKey = my.privateKey(name);
        JsonNode me = LocalNetwork.ok(network.get(my, "/api/v1/me", firstKey));
        assertThat(me.path("name").asString()).isEqualTo(name);
        assertThat(me.path("role").asString()).isEqualTo("business");
        assertThat(me.path("certificateSerial").asString())
                .isEqualTo(firstCertificate.getSerialNumber().toString(16));
        LocalNetwork.ok(network.putJson(my, "/api/v1/wallets/me", firstKey, null));
        LocalNetwork.ok(network.putJson(my, "/api/v1/wallets/me", my.apiKey("business-1"), null));
        LocalNetwork.ok(network.postJson(my, "/api/v1/currencies", my.apiKey("central-bank"),
                "{\"code\":\"MYR\",\"decimals\":2}"));
        LocalNetwork.ok(network.postJson(my, "/api/v1/currencies/MYR/issuances", my.apiKey("central-bank"),
                "{\"requestId\":\"lifecycle-%s\",\"wallet\":\"MYMSP/%s\",\"amount\":\"10.00\"}"
                        .formatted(UUID.randomUUID(), name)));
        LocalNetwork.ok(pay(firstKey, "1.00"));
        assertThat(balance(name)).isEqualByComparingTo("9.00");

        // What a second enrollment of the name, or of a role the command does not give, would do: nothing.
        LocalNetwork.CommandOutcome again = network.networkScript(COMMAND, "enroll", "MY", name, "business");
        assertThat(again.exitCode()).as(again.output()).isNotZero();
        assertThat(again.output()).contains("MY already has a caller " + name);
        LocalNetwork.CommandOutcome admin = network.networkScript(COMMAND, "enroll", "MY", name + "-admin", "admin");
        assertThat(admin.exitCode()).as(admin.output()).isNotZero();
        assertThat(admin.output()).contains("admin is not a caller's role");
        assertThat(my.identitiesDir().resolve(name + "-admin")).doesNotExist();
        LocalNetwork.CommandOutcome node = network.networkScript(COMMAND, "revoke", "MY", "peer0.my.silkroad.test");
        assertThat(node.exitCode()).as(node.output()).isNotZero();
        assertThat(node.output()).contains("is not a caller of MY's gateway (Fabric CA type peer");

        // Re-key: the old API key and certificate are shut out, the name, role and wallet stay.
        PaymentStream stream = PaymentStream.open(network, my, "MYMSP/" + name, firstKey);
        ok(network.networkScript(COMMAND, "rekey", "MY", name));
        String secondKey = my.apiKey(name);
        X509Certificate secondCertificate = my.certificate(name);
        PrivateKey secondPrivateKey = my.privateKey(name);
        assertThat(secondKey).isNotEqualTo(firstKey);
        assertThat(secondCertificate.getPublicKey()).isNotEqualTo(firstCertificate.getPublicKey());
        assertThat(secondCertificate.getSubjectX500Principal()).isEqualTo(firstCertificate.getSubjectX500Principal());
        LocalNetwork.problem(network.get(my, "/api/v1/me", firstKey), 401, "UNAUTHENTICATED");
        assertThat(LocalNetwork.ok(network.get(my, "/api/v1/me", secondKey)).path("certificateSerial").asString())
                .isEqualTo(secondCertificate.getSerialNumber().toString(16));
        assertThat(stream.lastEvent()).as("the stream opened with the old API key")
                .contains("event:error").contains("UNAUTHENTICATED");
        refusedByEveryPeer(firstCertificate, firstPrivateKey);
        assertThat(version(my, secondCertificate, secondPrivateKey)).contains("version");
        LocalNetwork.ok(pay(secondKey, "2.00"));
        assertThat(balance(name)).isEqualByComparingTo("7.00");
        assertThat(retired(name)).containsExactly(firstCertificate.getSerialNumber().toString(16) + ".pem");

        // Revoke: the caller is gone from the gateway and refused by every peer; revoking again changes nothing.
        LocalNetwork.CommandOutcome revoked = ok(network.networkScript(COMMAND, "revoke", "MY", name,
                "cessationofoperation"));
        assertThat(revoked.output()).contains("/api/v1/wallets/MYMSP/" + name + "/recovery");
        assertThat(home).doesNotExist();
        LocalNetwork.problem(network.get(my, "/api/v1/me", secondKey), 401, "UNAUTHENTICATED");
        refusedByEveryPeer(secondCertificate, secondPrivateKey);
        assertThat(retired(name)).containsExactlyInAnyOrder(
                firstCertificate.getSerialNumber().toString(16) + ".pem",
                secondCertificate.getSerialNumber().toString(16) + ".pem");
        LocalNetwork.CommandOutcome twice = ok(network.networkScript(COMMAND, "revoke", "MY", name));
        assertThat(twice.output()).contains("No configuration update");
        assertThat(balance(name)).as("the money stays in the wallet, for the central bank to deal with")
                .isEqualByComparingTo("7.00");
        LocalNetwork.ok(network.get(my, "/api/v1/me", my.apiKey("business-1")));

        // Recovery: MY's central bank freezes the orphaned wallet and moves its money to the successor it names.
        String wallet = "MYMSP/" + name;
        String recovery = ("{\"paymentId\":\"lifecycle-%s\",\"currency\":\"MYR\",\"successor\":\"MYMSP/business-2\","
                + "\"reason\":\"identity revoked: cessation of operation\"}").formatted(UUID.randomUUID());
        String path = "/api/v1/wallets/" + wallet + "/recovery";
        LocalNetwork.ok(network.putJson(my, "/api/v1/wallets/me", my.apiKey("business-2"), null));
        LocalNetwork.problem(network.postJson(my, path, my.apiKey("central-bank"), recovery), 409, "WALLET_NOT_FROZEN");
        LocalNetwork.ok(network.putJson(my, "/api/v1/wallets/" + wallet + "/freeze", my.apiKey("central-bank"),
                "{\"reason\":\"identity revoked\"}"));
        LocalNetwork.State cn = network.state("CN");
        LocalNetwork.problem(network.postJson(cn, path, cn.apiKey("central-bank"), recovery), 403, "NOT_JURISDICTION");
        LocalNetwork.problem(network.postJson(my, path, my.apiKey("bank"), recovery), 403, "FORBIDDEN");
        assertThat(balance(name)).isEqualByComparingTo("7.00");
        BigDecimal successorBefore = balance("business-2");
        JsonNode moved = LocalNetwork.ok(network.postJson(my, path, my.apiKey("central-bank"), recovery));
        assertThat(moved.path("moved").asString()).isEqualTo("7.00");
        assertThat(moved.path("complete").asBoolean()).isTrue();
        JsonNode payment = moved.path("payments").get(0);
        assertThat(payment.path("kind").asString()).isEqualTo("recovery");
        assertThat(payment.path("authority").asString()).isEqualTo("MYMSP");
        assertThat(balance(name)).isEqualByComparingTo("0");
        assertThat(balance("business-2")).isEqualByComparingTo(successorBefore.add(new BigDecimal("7.00")));
        assertThat(LocalNetwork.ok(network.postJson(my, path, my.apiKey("central-bank"), recovery)))
                .as("a retry lists the same transaction and moves nothing").isEqualTo(moved);
        assertThat(balance("business-2")).isEqualByComparingTo(successorBefore.add(new BigDecimal("7.00")));
        JsonNode history = LocalNetwork.ok(network.get(my, "/api/v1/wallets/" + wallet + "/payments",
                my.apiKey("central-bank"))).path("payments");
        assertThat(history.get(history.size() - 1).path("paymentId")).isEqualTo(payment.path("paymentId"));
        assertThat(LocalNetwork.ok(network.get(my, "/api/v1/currencies/MYR/audit", my.apiKey("central-bank")))
                .path("balanced").asBoolean()).isTrue();
    }

    private static LocalNetwork.CommandOutcome ok(LocalNetwork.CommandOutcome outcome) {
        assertThat(outcome.exitCode()).as(outcome.output()).isZero();
        return outcome;
    }

    private HttpResponse<String> pay(String apiKey, String amount) {
        String payment = "{\"paymentId\":\"lifecycle-%s\",\"currency\":\"MYR\",\"payee\":\"MYMSP/business-1\","
                + "\"amount\":\"%s\"}";
        return network.postJson(my, "/api/v1/payments", apiKey, payment.formatted(UUID.randomUUID(), amount));
    }

    private BigDecimal balance(String name) {
        JsonNode balances = LocalNetwork.ok(network.get(my, "/api/v1/wallets/MYMSP/" + name + "/balance",
                my.apiKey("central-bank"))).path("balances");
        return new BigDecimal(balances.path("MYR").asString("0"));
    }

    private List<String> retired(String name) throws Exception {
        try (var files = Files.list(my.identitiesDir().resolveSibling("retired-identities").resolve(name))) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private String version(LocalNetwork.State state, X509Certificate certificate, PrivateKey key) throws Exception {
        try (LocalNetwork.PeerConnection connection = state.connect(new X509Identity(my.mspId(), certificate), key)) {
            return new String(system(connection).evaluateTransaction("version"), StandardCharsets.UTF_8);
        }
    }

    private void refusedByEveryPeer(X509Certificate certificate, PrivateKey key) throws Exception {
        for (String code : List.of("CN", "MY", "RW")) {
            try (LocalNetwork.PeerConnection connection =
                         network.state(code).connect(new X509Identity(my.mspId(), certificate), key)) {
                Contract system = system(connection);
                LocalNetwork.assertAccessDenied(() -> system.evaluateTransaction("version"), "the " + code + " peer");
            }
        }
    }

    private Contract system(LocalNetwork.PeerConnection connection) {
        return connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "system");
    }

    /** A wallet's payment stream read on a thread of its own, event by event. */
    private record PaymentStream(CompletableFuture<List<String>> events) {

        static PaymentStream open(LocalNetwork network, LocalNetwork.State state, String wallet, String apiKey)
                throws Exception {
            HttpRequest request = HttpRequest.newBuilder(state.gatewayUrl().resolve(
                            "/api/v1/wallets/" + wallet + "/payments/stream"))
                    .header("X-API-Key", apiKey).header("Accept", "text/event-stream").GET().build();
            HttpResponse<InputStream> response = network.http().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            return new PaymentStream(CompletableFuture.supplyAsync(() -> {
                List<String> events = new ArrayList<>();
                try (BufferedReader lines = new BufferedReader(
                        new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    StringBuilder event = new StringBuilder();
                    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                        if (line.isEmpty()) {
                            events.add(event.toString());
                            event.setLength(0);
                        } else if (!line.startsWith(":")) {
                            event.append(line.replace(": ", ":")).append('\n');
                        }
                    }
                    if (!event.isEmpty()) {
                        events.add(event.toString());
                    }
                } catch (java.io.IOException e) {
                    events.add("closed: " + e);
                }
                return events;
            }));
        }

        /** The stream's last event once the gateway ended it (at most a minute). */
        String lastEvent() throws Exception {
            List<String> all = events.get(1, TimeUnit.MINUTES);
            return all.isEmpty() ? "" : all.get(all.size() - 1);
        }
    }
}
