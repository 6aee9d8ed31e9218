package org.silkroad.gateway.shared;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Hash;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running local network as {@code test-network/} describes it in {@code $SILKROAD_RUN/network.json}
 * ({@code SILKROAD_RUN} defaults to {@code <repo root>/.run}), with what integration tests need to use it: each
 * state's gateway URL and API keys, and direct Fabric Gateway connections to each state's peer as any identity.
 */
public final class LocalNetwork {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One member state's entry.
     *
     * @param explorerDatabase the database product its gateway keeps the explorer's index in ({@code H2},
     *     {@code PostgreSQL}), as the gateway's health reports it
     */
    public record State(String code, String mspId, String peerEndpoint, String peerHostAlias, Path tlsCaCert,
                        URI gatewayUrl, Path identitiesDir, String explorerDatabase) {

        /** The raw API key of one of the state's callers (the file the gateway itself never reads). */
        public String apiKey(String identity) {
            try {
                return Files.readString(identitiesDir.resolve(identity).resolve("api-key"), StandardCharsets.UTF_8)
                        .strip();
            } catch (IOException e) {
                throw new UncheckedIOException("no API key for " + identity + " of " + code, e);
            }
        }

        public X509Certificate certificate(String identity) {
            try (Reader reader = Files.newBufferedReader(identitiesDir.resolve(identity).resolve("cert.pem"))) {
                return Identities.readX509Certificate(reader);
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("cannot read certificate of " + identity + " of " + code, e);
            }
        }

        public PrivateKey privateKey(String identity) {
            try (Reader reader = Files.newBufferedReader(identitiesDir.resolve(identity).resolve("key.pem"))) {
                return Identities.readPrivateKey(reader);
            } catch (IOException | InvalidKeyException e) {
                throw new IllegalStateException("cannot read key of " + identity + " of " + code, e);
            }
        }

        /** A Fabric Gateway connection to this state's peer as one of its identities. */
        public PeerConnection connectAs(String identity) {
            return connect(new X509Identity(mspId, certificate(identity)), privateKey(identity));
        }

        /** A Fabric Gateway connection to this state's peer as an arbitrary certificate and key. */
        public PeerConnection connect(X509Identity identity, PrivateKey key) {
            ManagedChannel channel;
            try {
                channel = Grpc.newChannelBuilder(peerEndpoint,
                                TlsChannelCredentials.newBuilder().trustManager(tlsCaCert.toFile()).build())
                        .overrideAuthority(peerHostAlias)
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Gateway gateway = Gateway.newInstance()
                    .identity(identity)
                    .signer(Signers.newPrivateKeySigner(key))
                    .hash(Hash.SHA256)
                    .connection(channel)
                    .evaluateOptions(options -> options.withDeadlineAfter(10, TimeUnit.SECONDS))
                    .connect();
            return new PeerConnection(channel, gateway);
        }
    }

    /** A gateway on its own channel; closing closes both. */
    public record PeerConnection(ManagedChannel channel, Gateway gateway) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            gateway.close();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private final Path file;
    private final String channel;
    private final String chaincode;
    private final Map<String, State> states;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private LocalNetwork(Path file, String channel, String chaincode, Map<String, State> states) {
        this.file = file;
        this.channel = channel;
        this.chaincode = chaincode;
        this.states = states;
    }

    /**
     * Reads {@code network.json}.
     *
     * @throws IllegalStateException if the network description is missing: start the network first
     */
    public static LocalNetwork load() {
        Path run = runDirectory();
        Path file = run.resolve("network.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("No running network: " + file + " does not exist. Start it with "
                    + "test-network/silkroad.sh up (or set SILKROAD_RUN to its run directory).");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : root.path("states").properties()) {
            JsonNode state = entry.getValue();
            JsonNode peer = state.path("peer");
            JsonNode explorerDatabase = state.path("gateway").path("explorerDatabase");
            states.put(entry.getKey(), new State(entry.getKey(),
                    text(state, "mspId"),
                    text(peer, "endpoint"),
                    text(peer, "hostAlias"),
                    Path.of(text(peer, "tlsCaCert")),
                    URI.create(text(state.path("gateway"), "url")),
                    Path.of(text(state, "identitiesDir")),
                    explorerDatabase.isString() ? explorerDatabase.asString() : "H2"));
        }
        return new LocalNetwork(file, text(root, "channel"), text(root, "chaincode"), Map.copyOf(states));
    }

    private static Path runDirectory() {
        String run = System.getenv("SILKROAD_RUN");
        if (run != null && !run.isBlank()) {
            return Path.of(run);
        }
        return repoRoot().resolve(".run");
    }

    /** The repository's root folder: the system property {@code silkroad.repoRoot}, else the module's parent. */
    public static Path repoRoot() {
        return Path.of(System.getProperty("silkroad.repoRoot", "..")).toAbsolutePath().normalize();
    }

    /** What a command printed (stdout and stderr together) and how it ended. */
    public record CommandOutcome(int exitCode, String output) {
    }

    /**
     * Runs {@code test-network/silkroad.sh} with these arguments against this network (its run folder), as the
     * network's operator would, in this process's environment (e.g. {@code SILKROAD_FABRIC_HOME}).
     */
    public CommandOutcome networkScript(Duration timeout, String... args) throws IOException, InterruptedException {
        return networkScript(timeout, Map.of(), args);
    }

    /** {@link #networkScript(Duration, String...)} with these settings in its environment too. */
    public CommandOutcome networkScript(Duration timeout, Map<String, String> settings, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(repoRoot().resolve("test-network").resolve("silkroad.sh").toString());
        command.addAll(List.of(args));
        Map<String, String> environment = new LinkedHashMap<>(settings);
        environment.put("SILKROAD_RUN", file.getParent().toString());
        return run(timeout, environment, command);
    }

    /**
     * Runs a separate process in this process's environment plus {@code environment}, and waits for it.
     *
     * @throws IllegalStateException if it has not ended within {@code timeout} (it is killed)
     */
    public static CommandOutcome run(Duration timeout, Map<String, String> environment, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Read while it runs: a full pipe would stop it.
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within " + timeout);
        }
        return new CommandOutcome(process.exitValue(), output.join());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw new IllegalStateException("network.json: missing " + field);
        }
        return value.asString();
    }

    /** The network's run folder (where {@code network.json} is). */
    public Path runFolder() {
        return file.getParent();
    }

    /** A node's log in the run folder ({@code logs/<node>.log}, e.g. {@code peer-RW}). */
    public Path log(String node) {
        return file.getParent().resolve("logs").resolve(node + ".log");
    }

    public String channel() {
        return channel;
    }

    public String chaincode() {
        return chaincode;
    }

    /** The codes of the member states (CN, MY, RW, and any that joined). */
    public Set<String> stateCodes() {
        return states.keySet();
    }

    /**
     * @throws IllegalStateException if the network has no such state
     */
    public State state(String code) {
        State state = states.get(code);
        if (state == null) {
            throw new IllegalStateException(file + " has no state " + code + " (has " + states.keySet() + ")");
        }
        return state;
    }

    /** GET on a state's gateway, with an API key unless null. */
    public HttpResponse<String> get(State state, String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(state.gatewayUrl().resolve(path))
                .timeout(Duration.ofSeconds(30)).GET();
        return send(apiKey == null ? request : request.header("X-API-Key", apiKey));
    }

    /** POST of a JSON body on a state's gateway. */
    public HttpResponse<String> postJson(State state, String path, String apiKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(state.gatewayUrl().resolve(path))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return send(apiKey == null ? request : request.header("X-API-Key", apiKey));
    }

    /**
     * POST of a JSON body until the gateway answers 200, the same request again (the same request ID) while it answers
     * a retryable problem: while the orderers change view (a BFT leader stopped or removed, 20 s timeouts) the gateway
     * may answer 504, as the transaction may still commit. Any other answer fails.
     */
    public JsonNode postUntilCommitted(State state, String path, String apiKey, String body, Duration atMost) {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        await().atMost(atMost).pollInterval(Duration.ofSeconds(2)).until(() -> {
            answer.set(postJson(state, path, apiKey, body));
            if (answer.get().statusCode() == 200) {
                return true;
            }
            org.assertj.core.api.Assertions.assertThat(json(answer.get().body()).path("retryable").asBoolean())
                    .as(answer.get().body()).isTrue();
            return false;
        });
        return ok(answer.get());
    }

    /** PUT of a JSON body (or none, when null) on a state's gateway. */
    public HttpResponse<String> putJson(State state, String path, String apiKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(state.gatewayUrl().resolve(path))
                .timeout(Duration.ofSeconds(90))
                .PUT(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(apiKey == null ? request : request.header("X-API-Key", apiKey));
    }

    /** DELETE on a state's gateway. */
    public HttpResponse<String> delete(State state, String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(state.gatewayUrl().resolve(path))
                .timeout(Duration.ofSeconds(90)).DELETE();
        return send(apiKey == null ? request : request.header("X-API-Key", apiKey));
    }

    /** The HTTP client, for requests the helpers do not cover (e.g. event streams). */
    public HttpClient http() {
        return http;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("gateway not reachable at " + request.build().uri()
                    + " (is test-network/silkroad.sh up running?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts a 200 answer and reads its JSON body. */
    public static JsonNode ok(HttpResponse<String> response) {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as("%s %s: %s", response.request().method(),
                response.uri(), response.body()).isEqualTo(200);
        return json(response.body());
    }

    /** Asserts a problem detail with the HTTP status and the stable code. */
    public static void problem(HttpResponse<String> response, int status, String code) {
        org.assertj.core.api.Assertions.assertThat(response.statusCode()).as("%s: %s", response.uri(), response.body())
                .isEqualTo(status);
        org.assertj.core.api.Assertions.assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> org.assertj.core.api.Assertions.assertThat(type).startsWith("application/problem+json"));
        org.assertj.core.api.Assertions.assertThat(json(response.body()).path("code").asString()).isEqualTo(code);
    }

    /** Asserts that a call to a peer was refused for the caller's identity ("access denied"), not left unanswered. */
    public static void assertAccessDenied(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                          String description) {
        org.assertj.core.api.Assertions.assertThatThrownBy(call).as(description)
                .isInstanceOfSatisfying(GatewayException.class, refused -> {
                    org.assertj.core.api.Assertions.assertThat(refused.getStatus().getCode())
                            .as("refused, not unreachable")
                            .isNotIn(io.grpc.Status.Code.UNAVAILABLE, io.grpc.Status.Code.DEADLINE_EXCEEDED);
                    org.assertj.core.api.Assertions.assertThat(refusal(refused).toLowerCase(java.util.Locale.ROOT))
                            .contains("access denied");
                });
    }

    /** A peer's refusal as one line: its gRPC status and every endorser's or orderer's message. */
    public static String refusal(GatewayException e) {
        return e.getStatus() + " " + e.getDetails().stream().map(ErrorDetail::getMessage)
                .collect(Collectors.joining(" | "));
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
