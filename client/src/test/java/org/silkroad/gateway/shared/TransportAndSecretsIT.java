package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Transport and secrets on the running network: every Fabric endpoint refuses a plain-text connection (TLS only),
 * the gateway authenticates every endpoint of its OpenAPI document (and its metrics and the document itself) and
 * only health is open, no key or API key appears in any log of the run folder or in a problem detail, and no key
 * file is readable by anyone but its owner.
 */
class TransportAndSecretsIT {

    private static LocalNetwork network;
    private static JsonNode description;
    private static Path run;

    @BeforeAll
    static void connect() throws IOException {
        network = LocalNetwork.load();
        run = Path.of(System.getenv().getOrDefault("SILKROAD_RUN",
                Path.of(System.getProperty("silkroad.repoRoot", "..")).toAbsolutePath().normalize()
                        .resolve(".run").toString()));
        description = LocalNetwork.json(Files.readString(run.resolve("network.json")));
    }

    /** Every gRPC endpoint of the network: peers, the peers' chaincode listeners, chaincode services, orderers. */
    private static Map<String, String> grpcEndpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        description.path("states").properties().forEach(entry -> {
            JsonNode state = entry.getValue();
            endpoints.put("peer " + entry.getKey(), state.path("peer").path("endpoint").asString());
            endpoints.put("peer chaincode listener " + entry.getKey(),
                    state.path("peer").path("chaincodeListener").asString());
            endpoints.put("chaincode service " + entry.getKey(),
                    state.path("chaincodeService").path("endpoint").asString());
        });
        for (JsonNode orderer : description.path("orderers")) {
            endpoints.put("orderer " + orderer.path("name").asString(), orderer.path("endpoint").asString());
        }
        endpoints.values().forEach(endpoint -> assertThat(endpoint).as("network.json lists the endpoint").isNotBlank());
        return endpoints;
    }

    @Test
    void every_grpc_endpoint_refuses_plain_text() throws Exception {
        MethodDescriptor<byte[], byte[]> probe = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("grpc.health.v1.Health/Check")
                .setRequestMarshaller(new BytesMarshaller()).setResponseMarshaller(new BytesMarshaller()).build();
        Map<String, String> endpoints = grpcEndpoints();
        List<String> answeredInPlainText = new ArrayList<>();
        for (Map.Entry<String, String> endpoint : endpoints.entrySet()) {
            ManagedChannel plain = Grpc.newChannelBuilder(endpoint.getValue(), InsecureChannelCredentials.create())
                    .build();
            try {
                ClientCalls.blockingUnaryCall(plain, probe, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS),
                        new byte[0]);
                answeredInPlainText.add(endpoint.getKey() + " answered OK");
            } catch (StatusRuntimeException e) {
                // A server speaking gRPC in plain text would answer (UNIMPLEMENTED, PERMISSION_DENIED, ...);
                // a TLS server drops the connection: UNAVAILABLE.
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE) {
                    answeredInPlainText.add(endpoint.getKey() + " answered " + e.getStatus());
                }
            } finally {
                plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        assertThat(answeredInPlainText).as("endpoints that talk gRPC without TLS").isEmpty();
        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void the_cas_and_the_orderers_admin_endpoints_refuse_plain_http() {
        List<String> urls = new ArrayList<>();
        description.path("states").properties().forEach(e -> urls.add(e.getValue().path("ca").path("url").asString()));
        for (JsonNode orderer : description.path("orderers")) {
            urls.add(orderer.path("admin").asString());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> plainAnswers = new ArrayList<>();
        for (String url : urls) {
            assertThat(url).startsWith("https://");
            URI plain = URI.create("http://" + url.substring("https://".length()) + "/");
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                // Go's TLS server answers a plain HTTP request with 400 "Client sent an HTTP request to an HTTPS server".
                if (response.statusCode() != 400 || !response.body().contains("HTTPS")) {
                    plainAnswers.add(plain + " answered " + response.statusCode());
                }
            } catch (IOException e) {
                // Connection dropped: refused, as it should be.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertThat(plainAnswers).isEmpty();
        assertThat(urls).hasSize(7);
    }

    /** Every operation in the OpenAPI document, plus the document and metrics: 401 problem without a key. */
    @Test
    void the_gateway_authenticates_every_endpoint_but_health() {
        for (String code : List.of("CN", "MY", "RW")) {
            LocalNetwork.State state = network.state(code);
            HttpResponse<String> docs = network.get(state, "/v3/api-docs", state.apiKey("business-1"));
            assertThat(docs.statusCode()).isEqualTo(200);
            List<String[]> operations = new ArrayList<>();
            LocalNetwork.json(docs.body()).path("paths").properties().forEach(path -> path.getValue().properties()
                    .forEach(op -> operations.add(new String[] {op.getKey().toUpperCase(),
                            path.getKey().replaceAll("\\{[^}]+}", "X")})));
            operations.add(new String[] {"GET", "/v3/api-docs"});
            operations.add(new String[] {"GET", "/actuator/prometheus"});
            assertThat(operations).hasSizeGreaterThan(20);
            List<String> open = new ArrayList<>();
            for (String[] op : operations) {
                for (String key : new String[] {null, "not-a-key-of-anyone"}) {
                    HttpResponse<String> response = send(state, op[0], op[1], key);
                    String type = response.headers().firstValue("Content-Type").orElse("");
                    if (response.statusCode() != 401 || !type.startsWith("application/problem+json")
                            || !LocalNetwork.json(response.body()).path("code").asString().equals("UNAUTHENTICATED")) {
                        open.add(code + " " + op[0] + " " + op[1] + (key == null ? " without key" : " wrong key")
                                + " -> " + response.statusCode());
                    }
                }
            }
            assertThat(open).as("endpoints that answered without a valid API key").isEmpty();
            assertThat(network.get(state, "/actuator/health", null).statusCode()).isEqualTo(200);
        }
    }

    /**
     * Every secret of the run folder (private keys, API keys, CA bootstrap secrets) is absent from every log, and from
     * problem details that concern a request carrying a key; and no key file is readable beyond its owner.
     */
    @Test
    void no_secret_appears_in_a_log_or_a_problem_and_no_key_file_is_readable_by_others() throws IOException {
        List<Path> secretFiles;
        try (Stream<Path> files = Files.walk(run)) {
            secretFiles = files.filter(Files::isRegularFile).filter(p -> !p.startsWith(run.resolve("logs")))
                    .filter(TransportAndSecretsIT::holdsSecret).toList();
        }
        assertThat(secretFiles).as("key files found in the run folder").hasSizeGreaterThan(60);

        List<String> readable = new ArrayList<>();
        for (Path file : secretFiles) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ) || permissions.contains(PosixFilePermission.GROUP_READ)) {
                readable.add(run.relativize(file) + " " + java.nio.file.attribute.PosixFilePermissions.toString(permissions));
            }
        }
        assertThat(readable).as("key files readable by group or others").isEmpty();

        // What a leak would look like: the raw API keys, the secrets, and each private key's base64 body lines.
        List<String> secrets = new ArrayList<>();
        for (Path file : secretFiles) {
            if (file.getFileName().toString().endsWith(".yaml")) {
                continue; // the CA's configuration: its one secret is the bootstrap secret, read from its own file
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String value = line.strip();
                if (value.length() >= 16 && !value.startsWith("-----")) {
                    secrets.add(value);
                }
            }
        }
        // Problem details of failing requests that carry a real key in the header (or a near miss of one): refusals
        // by the gateway (validation, malformed JSON, unauthenticated, forbidden) and by the chaincode (not found).
        LocalNetwork.State cn = network.state("CN");
        String key = cn.apiKey("business-1");
        List<HttpResponse<String>> problems = List.of(
                network.get(cn, "/api/v1/wallets/CNMSP/nobody-here/balance", key),
                network.postJson(cn, "/api/v1/system/pings", key, "{\"requestId\":\"not valid!\"}"),
                network.postJson(cn, "/api/v1/system/pings", key, "{not json"),
                network.get(cn, "/api/v1/me", key + "x"),
                network.get(cn, "/api/v1/currencies/ACN/audit", key),
                network.postJson(cn, "/api/v1/payments", key, "{\"paymentId\":\"p\",\"amount\":\"-1\"}"));
        for (HttpResponse<String> problem : problems) {
            assertThat(problem.statusCode()).isGreaterThanOrEqualTo(400);
            assertThat(problem.body()).doesNotContain(key);
            assertThat(problem.headers().map().toString()).doesNotContain(key);
        }

        List<String> leaks = new ArrayList<>();
        try (Stream<Path> logs = Files.walk(run.resolve("logs"))) {
            for (Path log : logs.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        leaks.add(run.relativize(log) + " contains a secret (" + secret.length() + " chars)");
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static boolean holdsSecret(Path file) {
        String name = file.getFileName().toString();
        return name.equals("key.pem") || name.endsWith("_sk") || name.endsWith(".key") || name.equals("api-key")
                || name.endsWith(".secret") || name.equals("fabric-ca-server-config.yaml");
    }

    private static HttpResponse<String> send(LocalNetwork.State state, String method, String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(state.gatewayUrl().resolve(path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(method.equals("GET") || method.equals("DELETE")
                        ? "" : "{}"));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        try {
            return network.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
