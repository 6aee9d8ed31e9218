package org.silkroad.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.chaincode.testing.TestIdentities;
import org.silkroad.chaincode.testing.TestIdentities.Authority;
import org.silkroad.chaincode.testing.TestIdentities.Issued;

class ServiceEnvironmentTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void usableTlsService() throws IOException {
        Authority ca = TestIdentities.newAuthority("tls-ca");
        Issued server = TestIdentities.tlsServer(ca);
        String keyPem = TestIdentities.pem(server.keys().getPrivate());
        String certPem = TestIdentities.pem(server.certificate());
        env.put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:9999");
        env.put("CORE_PEER_TLS_ENABLED", "true");
        env.put("CORE_TLS_CLIENT_KEY_FILE", write("server.key", keyPem));
        env.put("CORE_TLS_CLIENT_CERT_FILE", write("server.crt", certPem));
        env.put("CORE_TLS_CLIENT_KEY_PATH", write("server.key.b64", base64(keyPem)));
        env.put("CORE_TLS_CLIENT_CERT_PATH", write("server.crt.b64", base64(certPem)));
        env.put("CORE_PEER_TLS_ROOTCERT_FILE", write("ca.crt", TestIdentities.pem(ca.certificate())));
    }

    private String write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text).toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes());
    }

    @Test
    void accepts_a_complete_tls_service_setup() {
        assertThat(ServiceEnvironment.tlsProblems(env)).isEmpty();
    }

    @Test
    void checks_nothing_without_tls_or_outside_service_mode() {
        assertThat(ServiceEnvironment.tlsProblems(Map.of("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:9999"))).isEmpty();
        assertThat(ServiceEnvironment.tlsProblems(Map.of("CORE_PEER_TLS_ENABLED", "true"))).isEmpty();
    }

    @Test
    void names_every_missing_variable() {
        assertThat(ServiceEnvironment.tlsProblems(Map.of(
                        "CHAINCODE_SERVER_ADDRESS", "127.0.0.1:9999", "CORE_PEER_TLS_ENABLED", "true")))
                .containsExactly(
                        "CORE_TLS_CLIENT_KEY_FILE is not set",
                        "CORE_TLS_CLIENT_CERT_FILE is not set",
                        "CORE_TLS_CLIENT_KEY_PATH is not set",
                        "CORE_TLS_CLIENT_CERT_PATH is not set",
                        "CORE_PEER_TLS_ROOTCERT_FILE is not set");
    }

    @Test
    void refuses_pem_where_the_shim_decodes_base64() {
        env.put("CORE_TLS_CLIENT_CERT_PATH", env.get("CORE_TLS_CLIENT_CERT_FILE"));

        assertThat(ServiceEnvironment.tlsProblems(env)).singleElement().asString()
                .startsWith("CORE_TLS_CLIENT_CERT_PATH=")
                .contains("must hold the PEM base64-encoded on one line");
    }

    @Test
    void refuses_base64_with_a_final_line_break() throws IOException {
        Files.writeString(Path.of(env.get("CORE_TLS_CLIENT_KEY_PATH")), Files.readString(
                Path.of(env.get("CORE_TLS_CLIENT_KEY_PATH"))) + "\n");

        assertThat(ServiceEnvironment.tlsProblems(env)).singleElement().asString()
                .startsWith("CORE_TLS_CLIENT_KEY_PATH=");
    }

    @Test
    void refuses_an_unreadable_file() {
        env.put("CORE_PEER_TLS_ROOTCERT_FILE", dir.resolve("absent.crt").toString());

        assertThat(ServiceEnvironment.tlsProblems(env)).singleElement().asString()
                .startsWith("CORE_PEER_TLS_ROOTCERT_FILE=")
                .contains("cannot be read");
    }

    @Test
    void refuses_mutual_tls_without_tls() throws IOException {
        Map<String, String> plain = new HashMap<>(Map.of("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:9999"));
        plain.put(ChaincodeMain.CLIENT_CA_FILE, env.get("CORE_PEER_TLS_ROOTCERT_FILE"));

        assertThat(ServiceEnvironment.tlsProblems(plain))
                .containsExactly("SILKROAD_CHAINCODE_TLS_CLIENT_CA_FILE needs TLS: set CORE_PEER_TLS_ENABLED=true");
    }

    @Test
    void accepts_mutual_tls_with_a_client_ca_file() {
        env.put(ChaincodeMain.CLIENT_CA_FILE, env.get("CORE_PEER_TLS_ROOTCERT_FILE"));

        assertThat(ServiceEnvironment.tlsProblems(env)).isEmpty();
    }
}
