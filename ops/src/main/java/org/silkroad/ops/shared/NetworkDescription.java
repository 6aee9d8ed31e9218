package org.silkroad.ops.shared;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code network.json} in the run folder says about the running network: how to reach every state's peer,
 * gateway and CA, and every orderer. Written by {@code test-network/silkroad.sh up}; read by tests, tools and humans.
 *
 * <p>Unknown fields are ignored so that the file can grow without breaking older tools; a missing field that a
 * command needs is reported with its JSON path.
 *
 * @param states member states in file order, keyed by ISO code ({@code CN}, {@code MY}, ...)
 */
public record NetworkDescription(String channel, String chaincode, String consensus, Map<String, State> states,
                                 List<Orderer> orderers) {

    public NetworkDescription {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chaincode, "chaincode");
        // Keeps file order (Map.copyOf would not): reports list states as the operator wrote them.
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
        orderers = List.copyOf(orderers);
    }

    /** One member state's nodes. */
    public record State(String code, String mspId, Peer peer, Gateway gateway, Path identitiesDir, Ca ca) {
        public State {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(peer, "peer");
        }

        /** The directory of one of the state's identities ({@code cert.pem}, {@code key.pem}). */
        public Path identityDir(String name) {
            if (identitiesDir == null) {
                throw new OpsException("network.json: states." + code + ".identitiesDir is missing");
            }
            return identitiesDir.resolve(name);
        }
    }

    /**
     * @param endpoint   gRPC host:port
     * @param hostAlias  the name in the peer's TLS certificate (the endpoint is an IP address)
     * @param operations base URL of the operations service ({@code /healthz}, {@code /metrics}), or null
     */
    public record Peer(String endpoint, String hostAlias, Path tlsCaCert, String operations) {
    }

    /** A state's REST gateway (client/). */
    public record Gateway(String url) {
    }

    /** A state's Fabric CA. */
    public record Ca(String url, Path caCert) {
    }

    public record Orderer(String state, String name, String endpoint, String operations) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Reads a {@code network.json} document.
     *
     * @throws OpsException if the text is not JSON or lacks a required field (named by its JSON path)
     */
    public static NetworkDescription parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new OpsException("network.json is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new OpsException("network.json: expected a JSON object at the top level");
        }
        JsonNode statesNode = root.path("states");
        if (!statesNode.isObject() || statesNode.isEmpty()) {
            throw new OpsException("network.json: states is missing or empty");
        }
        Map<String, State> states = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : statesNode.properties()) {
            String code = entry.getKey();
            JsonNode s = entry.getValue();
            String at = "states." + code;
            JsonNode peer = s.path("peer");
            states.put(code, new State(code,
                    required(s, "mspId", at),
                    new Peer(required(peer, "endpoint", at + ".peer"),
                            required(peer, "hostAlias", at + ".peer"),
                            path(required(peer, "tlsCaCert", at + ".peer")),
                            optional(peer, "operations")),
                    s.path("gateway").isObject() ? new Gateway(optional(s.path("gateway"), "url")) : null,
                    path(optional(s, "identitiesDir")),
                    s.path("ca").isObject()
                            ? new Ca(optional(s.path("ca"), "url"), path(optional(s.path("ca"), "caCert")))
                            : null));
        }
        List<Orderer> orderers = new ArrayList<>();
        JsonNode orderersNode = root.path("orderers");
        if (!orderersNode.isMissingNode() && !orderersNode.isArray()) {
            throw new OpsException("network.json: orderers must be an array");
        }
        for (int i = 0; i < orderersNode.size(); i++) {
            JsonNode o = orderersNode.get(i);
            String at = "orderers[" + i + "]";
            orderers.add(new Orderer(optional(o, "state"), required(o, "name", at), optional(o, "endpoint"),
                    optional(o, "operations")));
        }
        return new NetworkDescription(required(root, "channel", "$"), required(root, "chaincode", "$"),
                optional(root, "consensus"), states, orderers);
    }

    private static String required(JsonNode node, String field, String at) {
        String value = optional(node, field);
        if (value == null || value.isBlank()) {
            throw new OpsException("network.json: " + ("$".equals(at) ? "" : at + ".") + field + " is missing");
        }
        return value;
    }

    private static String optional(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.stringValue() : null;
    }

    private static Path path(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
