package org.silkroad.ops.evidence;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import tools.jackson.databind.JsonNode;

/**
 * An evidence bundle as the gateway's explorer exports it ({@code silkroad-evidence-bundle/1}): JSON around the raw
 * protobuf bytes (base64) of configuration blocks, block headers, the data and metadata of the blocks holding the
 * evidence, and the list of transactions the evidence is about. Reading it checks only its shape; what the bytes
 * prove is {@link BundleVerifier}'s job.
 */
record EvidenceBundle(String channel, List<Block> configBlocks, List<BlockHeader> headers, Map<Long, BlockContent> blocks,
                      List<Listed> transactions, Map<String, List<String>> certificates, Quorum quorum) {

    static final String FORMAT = "silkroad-evidence-bundle/1";

    record BlockContent(long number, BlockData data, BlockMetadata metadata) {
    }

    /** A transaction the bundle is about, as the bundle lists it (checked against the block it names). */
    record Listed(long blockNumber, int index, String txId, String validationCode) {
    }

    record Quorum(int consenters, int tolerated, int required) {
    }

    /** @throws BundleFormatException naming the first field that is missing or unreadable */
    static EvidenceBundle read(JsonNode json) {
        if (!FORMAT.equals(json.path("format").asString(""))) {
            throw new BundleFormatException("not an evidence bundle: format must be " + FORMAT);
        }
        List<Block> configs = new ArrayList<>();
        for (JsonNode node : array(json, "configBlocks")) {
            try {
                configs.add(Block.parseFrom(bytes(node, "block", "configBlocks")));
            } catch (InvalidProtocolBufferException e) {
                throw new BundleFormatException("configBlocks: block " + node.path("number") + " is not a Fabric block");
            }
        }
        List<BlockHeader> headers = new ArrayList<>();
        for (JsonNode node : array(json, "headers")) {
            try {
                headers.add(BlockHeader.parseFrom(bytes(node, "header", "headers")));
            } catch (InvalidProtocolBufferException e) {
                throw new BundleFormatException("headers: header " + node.path("number") + " is not a block header");
            }
        }
        Map<Long, BlockContent> blocks = new LinkedHashMap<>();
        for (JsonNode node : array(json, "blocks")) {
            long number = number(node, "number", "blocks");
            try {
                blocks.put(number, new BlockContent(number, BlockData.parseFrom(bytes(node, "data", "blocks")),
                        BlockMetadata.parseFrom(bytes(node, "metadata", "blocks"))));
            } catch (InvalidProtocolBufferException e) {
                throw new BundleFormatException("blocks: block " + number + " data or metadata is unreadable");
            }
        }
        List<Listed> transactions = new ArrayList<>();
        for (JsonNode node : array(json, "transactions")) {
            transactions.add(new Listed(number(node, "blockNumber", "transactions"),
                    (int) number(node, "index", "transactions"), text(node, "txId", "transactions"),
                    node.path("validationCode").asString(null)));
        }
        Map<String, List<String>> certificates = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : json.path("certificates").properties()) {
            List<String> pems = new ArrayList<>();
            entry.getValue().forEach(pem -> pems.add(pem.asString()));
            certificates.put(entry.getKey(), pems);
        }
        JsonNode q = json.path("quorum");
        Quorum quorum = new Quorum(q.path("consenters").asInt(-1), q.path("tolerated").asInt(-1),
                q.path("required").asInt(-1));
        if (transactions.isEmpty()) {
            throw new BundleFormatException("transactions: the bundle lists no transaction");
        }
        return new EvidenceBundle(json.path("channel").asString(""), configs, headers, blocks, transactions,
                certificates, quorum);
    }

    private static Iterable<JsonNode> array(JsonNode json, String field) {
        JsonNode node = json.path(field);
        if (!node.isArray()) {
            throw new BundleFormatException(field + ": missing (an array is expected)");
        }
        return node;
    }

    private static byte[] bytes(JsonNode node, String field, String where) {
        try {
            return Base64.getDecoder().decode(text(node, field, where));
        } catch (IllegalArgumentException e) {
            throw new BundleFormatException(where + ": " + field + " is not base64");
        }
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            throw new BundleFormatException(where + ": " + field + " missing");
        }
        return value.asString();
    }

    private static long number(JsonNode node, String field, String where) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber() || value.asLong() < 0) {
            throw new BundleFormatException(where + ": " + field + " missing or negative");
        }
        return value.asLong();
    }

    /** The bundle is not even shaped like one; nothing was verified. */
    static final class BundleFormatException extends RuntimeException {
        BundleFormatException(String message) {
            super(message);
        }
    }
}
