package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A state renews the certificates of its processes on the running network before they expire
 * ({@code test-network/silkroad.sh renew RW}): its CA's TLS certificate, its CA registrar's, its admin's, its
 * chaincode service's, its peer's and its orderer's enrollment and TLS certificates, and its gateway's own identity,
 * each a new key pair from its own CA, the orderer's also in the channel's list of BFT consenters. Afterwards the
 * network goes on with them: RW's peer endorses a transaction through RW's gateway (its chaincode service reached over
 * the new TLS certificates), RW's orderer is one of the three orderers consensus needs (another state's orderer is
 * stopped meanwhile), and RW's CA enrolls a caller over its new TLS certificate with its registrar's new one. Runs
 * against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class CertificateRenewalIT {

    private static final Duration COMMAND = Duration.ofMinutes(5);
    private static final Pattern HEIGHT =
            Pattern.compile("(?m)^ledger_blockchain_height\\{channel=\"([^\"]+)\"} (\\d+)");

    private final LocalNetwork network = LocalNetwork.load();
    private final LocalNetwork.State rw = network.state("RW");

    @Test
    void a_state_renews_its_processes_certificates_and_the_network_goes_on_with_them() throws Exception {
        Path run = network.runFolder().resolve("RW");
        List<String> files = List.of("ca/tls-cert.pem", "registrar/msp/signcerts/cert.pem",
                "admin/msp/signcerts/cert.pem", "admin/tls/server.crt", "chaincode/tls/server.crt",
                "peer0/msp/signcerts/cert.pem", "peer0/tls/server.crt", "osn0/msp/signcerts/cert.pem",
                "osn0/tls/server.crt", "identities/gateway-probe/cert.pem");
        Map<String, X509Certificate> before = new LinkedHashMap<>();
        for (String file : files) {
            before.put(file, read(run.resolve(file)));
        }

        LocalNetwork.CommandOutcome unknown = network.networkScript(COMMAND, "renew", "ZZ");
        assertThat(unknown.exitCode()).as(unknown.output()).isNotZero();
        assertThat(unknown.output()).contains("no state ZZ in this network");
        assertThat(read(run.resolve(files.get(0))).getSerialNumber()).as("nothing renewed")
                .isEqualTo(before.get(files.get(0)).getSerialNumber());

        LocalNetwork.CommandOutcome renewed = network.networkScript(COMMAND, "renew", "RW");

        assertThat(renewed.exitCode()).as(renewed.output()).isZero();
        assertThat(renewed.output()).contains("consenter osn0.rw.silkroad.test with its new certificates");
        for (String file : files) {
            X509Certificate old = before.get(file);
            X509Certificate now = read(run.resolve(file));
            assertThat(now.getSerialNumber()).as(file).isNotEqualTo(old.getSerialNumber());
            assertThat(now.getPublicKey()).as(file + ": a new key pair").isNotEqualTo(old.getPublicKey());
            assertThat(now.getSubjectX500Principal()).as(file).isEqualTo(old.getSubjectX500Principal());
            assertThat(now.getIssuerX500Principal()).as(file).isEqualTo(old.getIssuerX500Principal());
            assertThat(now.getNotAfter()).as(file).isAfterOrEqualTo(old.getNotAfter());
        }

        // Consensus needs three of the four orderers: with MY's stopped, RW's (renewed) must be one of them.
        Path pidFile = network.runFolder().resolve("pids").resolve("orderer-MY-0.pid");
        ProcessHandle orderer = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        orderer.destroy();
        orderer.onExit().get();
        try {
            // Should MY's orderer lead, the others change view first.
            String requestId = "renewal-" + UUID.randomUUID();
            JsonNode ping = network.postUntilCommitted(rw, "/api/v1/system/pings", rw.apiKey("business-1"),
                    "{\"requestId\":\"" + requestId + "\"}", Duration.ofMinutes(3));
            assertThat(ping.path("record").path("requestId").asString()).isEqualTo(requestId);
        } finally {
            LocalNetwork.CommandOutcome up = network.networkScript(COMMAND, "up");
            assertThat(up.exitCode()).as(up.output()).isZero();
        }
        // A restarted BFT follower catches up when it sees the next proposal (or after its heartbeat timeout, 60 s).
        LocalNetwork.State my = network.state("MY");
        LocalNetwork.ok(network.postJson(my, "/api/v1/system/pings", my.apiKey("business-1"),
                "{\"requestId\":\"renewal-" + UUID.randomUUID() + "\"}"));
        BigInteger cn = height("osn0.cn.silkroad.test");
        waitUntilHeight("osn0.rw.silkroad.test", cn);
        waitUntilHeight("osn0.my.silkroad.test", cn);

        // RW's CA answers over its new TLS certificate.
        String name = "renewed-" + UUID.randomUUID().toString().substring(0, 8);
        LocalNetwork.CommandOutcome enrolled = network.networkScript(COMMAND, "enroll", "RW", name, "business");
        assertThat(enrolled.exitCode()).as(enrolled.output()).isZero();
        assertThat(LocalNetwork.ok(network.get(rw, "/api/v1/me", rw.apiKey(name))).path("name").asString())
                .isEqualTo(name);
    }

    private static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void waitUntilHeight(String orderer, BigInteger atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        BigInteger height = height(orderer);
        while (height.compareTo(atLeast) < 0 && System.nanoTime() < deadline) {
            Thread.sleep(300);
            height = height(orderer);
        }
        assertThat(height).as("height of " + orderer).isGreaterThanOrEqualTo(atLeast);
    }

    /** An orderer's channel height, from its operations endpoint's metrics (network.json names it). */
    private BigInteger height(String orderer) throws Exception {
        JsonNode nodes = LocalNetwork.json(Files.readString(network.runFolder().resolve("network.json")))
                .path("orderers");
        for (JsonNode node : nodes) {
            if (node.path("name").asString().equals(orderer)) {
                HttpResponse<String> metrics = network.http().send(HttpRequest.newBuilder(
                        URI.create(node.path("operations").asString() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher matcher = HEIGHT.matcher(metrics.body());
                while (matcher.find()) {
                    if (matcher.group(1).equals(network.channel())) {
                        return new BigInteger(matcher.group(2));
                    }
                }
                return BigInteger.ZERO;
            }
        }
        throw new IllegalStateException("network.json names no orderer " + orderer);
    }
}
