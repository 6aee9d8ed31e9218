package org.silkroad.chaincode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.chaincode.testing.ChaincodeService;
import org.silkroad.chaincode.testing.FakePeer;
import org.silkroad.chaincode.testing.TestIdentities;
import org.silkroad.chaincode.testing.TestIdentities.Authority;
import org.silkroad.chaincode.testing.TestIdentities.Issued;

/**
 * The shaded jar as a deployment runs it: {@code java -jar silkroad-chaincode.jar} as a chaincode service, reached by
 * a peer over plain gRPC, over TLS, and over mutual TLS. Each mode runs real transactions through the jar, so a
 * broken shade (lost service files, signatures, classes) or a wrong TLS variable fails here.
 */
class ChaincodeServiceIT {

    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final Duration MESSAGE_TIMEOUT = Duration.ofSeconds(20);
    private static final Instant T = Instant.parse("2025-11-28T13:00:00Z");

    @TempDir
    static Path dir;

    private static Path jar() {
        Path jar = Path.of(System.getProperty("silkroad.chaincode.jar", "target/silkroad-chaincode.jar"));
        assertThat(jar).as("the shaded jar; run through `mvn verify`").isRegularFile();
        return jar;
    }

    private static Path write(String name, String pem) {
        try {
            return Files.writeString(dir.resolve(name), pem, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables fabric-chaincode-shim 2.5.8 reads for the service's TLS, as the README documents them. */
    private static Map<String, String> tlsEnvironment(String prefix, Authority ca) {
        Issued server = TestIdentities.tlsServer(ca);
        Path key = write(prefix + "-server.key", TestIdentities.pem(server.keys().getPrivate()));
        Path cert = write(prefix + "-server.crt", TestIdentities.pem(server.certificate()));
        Path caCert = write(prefix + "-ca.crt", TestIdentities.pem(ca.certificate()));
        // The shim also builds a client TLS context from these each time a peer connects: base64 of the PEM.
        Path keyBase64 = write(prefix + "-server.key.b64", base64(key));
        Path certBase64 = write(prefix + "-server.crt.b64", base64(cert));
        return Map.of(
                "CORE_PEER_TLS_ENABLED", "true",
                "CORE_TLS_CLIENT_KEY_FILE", key.toString(),
                "CORE_TLS_CLIENT_CERT_FILE", cert.toString(),
                "CORE_TLS_CLIENT_KEY_PATH", keyBase64.toString(),
                "CORE_TLS_CLIENT_CERT_PATH", certBase64.toString(),
                "CORE_PEER_TLS_ROOTCERT_FILE", caCert.toString());
    }

    private static String base64(Path file) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ManagedChannel plainChannel(ChaincodeService service) {
        return NettyChannelBuilder.forAddress("127.0.0.1", service.port()).usePlaintext().build();
    }

    private static ManagedChannel tlsChannel(ChaincodeService service, Authority serverCa, Issued clientCert) {
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(serverCa.certificate());
            if (clientCert != null) {
                ssl.keyManager(clientCert.keys().getPrivate(), clientCert.certificate());
            }
            return NettyChannelBuilder.forAddress("127.0.0.1", service.port())
                    .sslContext(ssl.build())
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The service's output stays in target/it-logs for a look after a failure. */
    private static ChaincodeService start(String name, Map<String, String> environment) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "it-logs"));
            return ChaincodeService.start(jar(), environment, logs.resolve(name + ".log"), START_DEADLINE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutTls {

        private ChaincodeService service;

        @BeforeAll
        void start() {
            service = ChaincodeServiceIT.start("plain", Map.of());
        }

        @AfterAll
        void stop() {
            service.close();
        }

        @Test
        void serves_ping_and_read_ping_to_a_peer() {
            byte[] creator = TestIdentities.creator("CNMSP", "ehub");
            try (FakePeer peer = FakePeer.connect(plainChannel(service), MESSAGE_TIMEOUT)) {
                FakePeer.Result pinged = peer.invoke(creator, T, "system:ping", "{\"requestId\":\"it-1\"}");
                FakePeer.Result retried = peer.invoke(creator, T.plusSeconds(5), "system:ping", "{\"requestId\":\"it-1\"}");
                FakePeer.Result read = peer.invoke(creator, T, "system:readPing", "it-1");

                assertThat(pinged.status()).as(pinged.message()).isEqualTo(200);
                assertThat(pinged.payload()).contains(
                        "\"creatorMspId\":\"CNMSP\",\"creatorRole\":\"ehub\",\"requestId\":\"it-1\","
                                + "\"timestamp\":\"2025-11-28T13:00:00Z\"");
                assertThat(pinged.event().getEventName()).isEqualTo("system.Pinged");
                assertThat(pinged.eventPayload()).isEqualTo(pinged.payload());
                assertThat(retried.payload()).isEqualTo(pinged.payload());
                assertThat(retried.event()).isNull();
                assertThat(read.payload()).isEqualTo(pinged.payload());
            }
        }

        @Test
        void answers_errors_with_the_code_first() {
            try (FakePeer peer = FakePeer.connect(plainChannel(service), MESSAGE_TIMEOUT)) {
                FakePeer.Result missing = peer.invoke(
                        TestIdentities.creator("MYMSP", null), T, "system:readPing", "never-pinged");

                assertThat(missing.status()).isEqualTo(500);
                assertThat(missing.message()).isEqualTo("NOT_FOUND: no ping with requestId never-pinged");
            }
        }

        @Test
        void reports_its_build_version() {
            try (FakePeer peer = FakePeer.connect(plainChannel(service), MESSAGE_TIMEOUT)) {
                FakePeer.Result version = peer.invoke(TestIdentities.creator("RWMSP", "admin"), T, "system:version");

                assertThat(version.payload()).isEqualTo("{\"chaincode\":\"silkroad\",\"contracts\":[\"system\",\"currency\",\"trade\","
                        + "\"customs\",\"escrow\",\"dispute\",\"credit\"],"
                        + "\"version\":\"" + System.getProperty("silkroad.expected.version") + "\"}");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTls {

        private final Authority serverCa = TestIdentities.newAuthority("chaincode-tls-ca");
        private ChaincodeService service;

        @BeforeAll
        void start() {
            service = ChaincodeServiceIT.start("tls", tlsEnvironment("tls", serverCa));
        }

        @AfterAll
        void stop() {
            service.close();
        }

        @Test
        void serves_a_peer_that_trusts_its_certificate() {
            try (FakePeer peer = FakePeer.connect(tlsChannel(service, serverCa, null), MESSAGE_TIMEOUT)) {
                FakePeer.Result pinged =
                        peer.invoke(TestIdentities.creator("CNMSP", "bank"), T, "system:ping", "{\"requestId\":\"t-1\"}");

                assertThat(pinged.status()).as(pinged.message()).isEqualTo(200);
            }
        }

        @Test
        void refuses_to_start_when_a_tls_file_is_not_in_the_form_the_shim_reads() {
            Map<String, String> environment = new HashMap<>(tlsEnvironment("bad", serverCa));
            environment.put("CORE_TLS_CLIENT_KEY_PATH", environment.get("CORE_TLS_CLIENT_KEY_FILE"));

            assertThatThrownBy(() -> ChaincodeServiceIT.start("tls-misconfigured", environment).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with 1")
                    .hasMessageContaining("CORE_TLS_CLIENT_KEY_PATH=")
                    .hasMessageContaining("must hold the PEM base64-encoded on one line");
        }

        @Test
        void refuses_a_plaintext_peer() {
            assertThatThrownBy(() -> FakePeer.connect(plainChannel(service), MESSAGE_TIMEOUT).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stream failed");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithMutualTls {

        private final Authority serverCa = TestIdentities.newAuthority("chaincode-tls-ca");
        private final Authority peerCa = TestIdentities.newAuthority("cn-peer-tls-ca");
        private ChaincodeService service;

        @BeforeAll
        void start() {
            Map<String, String> environment = new HashMap<>(tlsEnvironment("mtls", serverCa));
            environment.put(
                    ChaincodeMain.CLIENT_CA_FILE,
                    write("mtls-peer-ca.crt", TestIdentities.pem(peerCa.certificate())).toString());
            service = ChaincodeServiceIT.start("mtls", environment);
        }

        @AfterAll
        void stop() {
            service.close();
        }

        @Test
        void serves_a_peer_presenting_a_certificate_from_the_client_ca() {
            Issued peerCert = TestIdentities.tlsClient(peerCa);
            try (FakePeer peer = FakePeer.connect(tlsChannel(service, serverCa, peerCert), MESSAGE_TIMEOUT)) {
                FakePeer.Result pinged =
                        peer.invoke(TestIdentities.creator("CNMSP", "bank"), T, "system:ping", "{\"requestId\":\"m-1\"}");

                assertThat(pinged.status()).as(pinged.message()).isEqualTo(200);
            }
        }

        @Test
        void refuses_a_peer_without_a_client_certificate() {
            assertThatThrownBy(() -> FakePeer.connect(tlsChannel(service, serverCa, null), MESSAGE_TIMEOUT).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stream failed");
        }

        @Test
        void refuses_a_peer_whose_certificate_another_ca_issued() {
            Issued stranger = TestIdentities.tlsClient(TestIdentities.newAuthority("someone-else"));

            assertThatThrownBy(() -> FakePeer.connect(tlsChannel(service, serverCa, stranger), MESSAGE_TIMEOUT).close())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stream failed");
        }
    }
}
