package org.silkroad.gateway.explorer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.common.Block;
import org.silkroad.gateway.explorer.ExplorerStore.Position;
import org.silkroad.gateway.explorer.ParsedBlock.ChannelConfig;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What the explorer's pages and the evidence export read from the index. */
class ExplorerService {

    static final String BUNDLE_FORMAT = "silkroad-evidence-bundle/1";
    /** A bundle is meant for one dispute; beyond this many transactions, export several. */
    static final int MAX_BUNDLE_TRANSACTIONS = 1000;

    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,18}");
    /** A place in the chain as the pages name it: {@code <block>:<index of the transaction in it>}. */
    private static final Pattern CURSOR = Pattern.compile("(\\d{1,18}):(\\d{1,9})");
    /** A place in a list of keys: {@code <block that first wrote the key>:<key>}. */
    private static final Pattern KEY_CURSOR = Pattern.compile("(\\d{1,18}):(.{1,2000})", Pattern.DOTALL);
    private static final int LIST_LIMIT = 200;

    private final ExplorerStore store;
    private final BlockIndexer indexer;
    private final JsonMapper json;
    /** Reads stored blocks again for what the index does not keep (a transaction's page, configurations). */
    private final BlockParser parser;
    private final String mspId;
    private final String channel;

    ExplorerService(ExplorerStore store, BlockIndexer indexer, JsonMapper json, String mspId, String channel) {
        this.store = store;
        this.indexer = indexer;
        this.json = json;
        this.parser = new BlockParser(json);
        this.mspId = mspId;
        this.channel = channel;
    }

    // ---- overview ---------------------------------------------------------------------------------------------

    ObjectNode status() {
        indexer.refreshHeightQuietly();
        BlockIndexer.Progress p = indexer.progress();
        ObjectNode out = json.createObjectNode();
        out.put("gatewayMspId", mspId);
        out.put("channel", channel);
        out.put("chainHeight", p.chainHeight());
        out.put("indexedHeight", p.indexedHeight());
        boolean catchingUp = p.chainHeight() < 0 || p.indexedHeight() < p.chainHeight();
        out.put("catchingUp", catchingUp);
        out.put("progressPercent", p.chainHeight() <= 0 ? 0.0
                : Math.min(100.0, Math.floor(1000.0 * p.indexedHeight() / p.chainHeight()) / 10.0));
        out.put("startedAtBlock", p.startedAtBlock());
        out.put("transactionsIndexedSinceStart", p.transactionsIndexed());
        out.put("caughtUpAt", p.caughtUpAt() == null ? null : p.caughtUpAt().toString());
        out.put("catchUpMillis", p.catchUpMillis());
        out.put("lastError", p.lastError());
        out.put("transactions", store.transactionCount());

        ChannelConfig config = latestConfig().orElse(new ChannelConfig(List.of(), List.of()));
        Map<String, long[]> endorsed = new LinkedHashMap<>();
        for (Map<String, Object> row : store.recentEndorsements(500)) {
            for (String msp : ((String) row.get("endorser_msps")).split(",")) {
                if (!msp.isEmpty() && !endorsed.containsKey(msp)) {
                    Object time = row.get("tx_time_ms");
                    endorsed.put(msp, new long[] {((Number) row.get("block_number")).longValue(),
                            time == null ? -1 : ((Number) time).longValue()});
                }
            }
        }
        ArrayNode states = out.putArray("states");
        for (ChannelConfig.State state : config.states()) {
            long[] last = endorsed.get(state.mspId());
            states.addObject().put("mspId", state.mspId())
                    .put("lastEndorsedBlock", last == null ? null : last[0])
                    .put("lastEndorsedAt", last == null || last[1] < 0 ? null : Instant.ofEpochMilli(last[1]).toString());
        }
        int window = 20;
        List<Map<String, Object>> recent = store.recentBlocksSigners(window);
        ArrayNode consenters = out.putArray("consenters");
        for (ChannelConfig.Consenter consenter : config.consenters()) {
            int signed = 0;
            Long lastSigned = null;
            for (Map<String, Object> row : recent) {
                if (List.of(((String) row.get("signers")).split(",")).contains("consenter " + consenter.id())) {
                    signed++;
                    long number = ((Number) row.get("number")).longValue();
                    lastSigned = lastSigned == null ? number : Math.max(lastSigned, number);
                }
            }
            consenters.addObject().put("id", consenter.id()).put("mspId", consenter.mspId())
                    .put("endpoint", consenter.host() + ":" + consenter.port())
                    .put("signedOfRecentBlocks", signed).put("recentBlocks", recent.size())
                    .put("lastSignedBlock", lastSigned);
        }
        out.set("quorum", quorum(config.consenters().size()));
        return out;
    }

    /** SmartBFT's quorum for n consenters: f = (n-1)/3 faults tolerated, ceil((n+f+1)/2) signatures needed. */
    ObjectNode quorum(int consenters) {
        ObjectNode quorum = json.createObjectNode();
        int f = consenters == 0 ? 0 : (consenters - 1) / 3;
        quorum.put("consenters", consenters);
        quorum.put("tolerated", f);
        quorum.put("required", consenters == 0 ? 0 : (consenters + f + 2) / 2);
        return quorum;
    }

    private Optional<ChannelConfig> latestConfig() {
        return store.latestConfigJson().map(text -> json.readValue(text, ChannelConfig.class));
    }

    ArrayNode transactionsPerMinute(int minutes) {
        long now = System.currentTimeMillis();
        long from = (now / 60000 - minutes + 1) * 60000;
        Map<Long, Long> counts = new TreeMap<>();
        for (long m = from; m <= now; m += 60000) {
            counts.put(m, 0L);
        }
        for (Map<String, Object> row : store.transactionsPerMinute(from)) {
            counts.put(((Number) row.get("minute_ms")).longValue(), ((Number) row.get("transactions")).longValue());
        }
        ArrayNode out = json.createArrayNode();
        counts.forEach((minute, count) -> out.addObject().put("minute", Instant.ofEpochMilli(minute).toString())
                .put("transactions", count));
        return out;
    }

    // ---- blocks and transactions --------------------------------------------------------------------------------

    ArrayNode blocks(Long before, int limit) {
        ArrayNode out = json.createArrayNode();
        for (Map<String, Object> row : store.recentBlocks(before == null ? Long.MAX_VALUE : before, pageSize(limit))) {
            out.add(blockSummary(row));
        }
        return out;
    }

    ObjectNode block(long number) {
        Map<String, Object> row = store.block(number).orElseThrow(() -> GatewayProblem.of(HttpStatus.NOT_FOUND,
                "EXPLORER_BLOCK_NOT_FOUND", "block " + number + " is not in the index (indexed height "
                        + indexer.progress().indexedHeight() + ")"));
        ObjectNode out = blockSummary(row);
        out.put("lastConfig", ((Number) row.get("last_config")).longValue());
        ArrayNode txs = out.putArray("transactions");
        for (Map<String, Object> tx : store.transactionsOfBlock(number)) {
            txs.add(transactionSummary(tx));
        }
        return out;
    }

    private ObjectNode blockSummary(Map<String, Object> row) {
        ObjectNode out = json.createObjectNode();
        out.put("number", ((Number) row.get("number")).longValue());
        out.put("hash", (String) row.get("hash"));
        out.put("previousHash", (String) row.get("previous_hash"));
        out.put("dataHash", (String) row.get("data_hash"));
        out.put("transactionCount", ((Number) row.get("tx_count")).intValue());
        out.put("time", time(row.get("block_time_ms")));
        ArrayNode signers = out.putArray("ordererSignatures");
        for (String signer : ((String) row.get("signers")).split(",")) {
            if (!signer.isEmpty()) {
                signers.add(signer);
            }
        }
        return out;
    }

    private ObjectNode transactionSummary(Map<String, Object> row) {
        ObjectNode out = json.createObjectNode();
        out.put("blockNumber", ((Number) row.get("block_number")).longValue());
        out.put("index", ((Number) row.get("tx_index")).intValue());
        out.put("txId", (String) row.get("tx_id"));
        if (row.containsKey("tx_type")) {
            out.put("type", (String) row.get("tx_type"));
        }
        out.put("time", time(row.get("tx_time_ms")));
        out.put("creator", (String) row.get("creator_name"));
        out.put("function", (String) row.get("function_name"));
        out.put("validationCode", (String) row.get("validation_code"));
        if (row.containsKey("endorser_msps")) {
            ArrayNode endorsers = out.putArray("endorserStates");
            for (String msp : ((String) row.get("endorser_msps")).split(",")) {
                if (!msp.isEmpty()) {
                    endorsers.add(msp);
                }
            }
        }
        return out;
    }

    /** A transaction by ID: the valid occurrence if there is one (a duplicate ID is recorded as invalid). */
    ObjectNode transaction(String txId) {
        List<Map<String, Object>> rows = store.transactionsById(txId);
        Map<String, Object> row = rows.stream().filter(r -> "VALID".equals(r.get("validation_code"))).findFirst()
                .or(() -> rows.stream().findFirst())
                .orElseThrow(() -> GatewayProblem.of(HttpStatus.NOT_FOUND, "EXPLORER_TRANSACTION_NOT_FOUND",
                        "transaction " + txId + " is not in the index"));
        return transactionDetail(row, rows.size());
    }

    private ObjectNode transactionDetail(Map<String, Object> row, int occurrences) {
        ObjectNode out = transactionSummary(row);
        out.put("occurrences", occurrences);
        out.put("creatorState", (String) row.get("creator_msp"));
        out.put("chaincode", (String) row.get("chaincode"));
        long block = ((Number) row.get("block_number")).longValue();
        out.set("detail", parser.transactionDetail(rawBlock(block), ((Number) row.get("tx_index")).intValue()));
        return out;
    }

    // ---- search and entities ------------------------------------------------------------------------------------

    ObjectNode search(String query) {
        String q = searchText(query);
        ObjectNode out = json.createObjectNode();
        out.put("query", q);
        ArrayNode blocks = out.putArray("blocks");
        if (NUMBER.matcher(q).matches()) {
            store.block(Long.parseLong(q)).ifPresent(row -> blocks.add(blockSummary(row)));
        }
        if (HEX64.matcher(q).matches()) {
            OptionalLong byHash = store.blockByHash(q.toLowerCase(Locale.ROOT));
            if (byHash.isPresent()) {
                store.block(byHash.getAsLong()).ifPresent(row -> blocks.add(blockSummary(row)));
            }
        }
        ArrayNode transactions = out.putArray("transactions");
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> row : store.transactionsById(q)) {
            seen.add(row.get("block_number") + ":" + row.get("tx_index"));
            transactions.add(transactionSummary(row));
        }
        List<Map<String, Object>> withTerm = store.transactionsWithTerm(q, LIST_LIMIT + 1);
        for (Map<String, Object> row : firstOf(withTerm, LIST_LIMIT)) {
            if (seen.add(row.get("block_number") + ":" + row.get("tx_index"))) {
                transactions.add(transactionSummary(row));
            }
        }
        // More than a page name the ID: where the next page of /search/transactions begins.
        out.put("moreTransactions", next(withTerm, LIST_LIMIT, ExplorerService::cursor));
        ArrayNode entities = out.putArray("entities");
        Set<String> keys = new LinkedHashSet<>();
        List<Map<String, Object>> withTermKeys = store.termKeys(q, LIST_LIMIT + 1);
        List<Map<String, Object>> entityRows = new ArrayList<>(firstOf(withTermKeys, LIST_LIMIT));
        entityRows.addAll(store.keysLike(q, LIST_LIMIT));
        for (Map<String, Object> row : entityRows) {
            if (keys.add((String) row.get("entity_key"))) {
                entities.add(entitySummary(row));
            }
        }
        // More keys have the ID as an attribute: where the next page of /search/entities begins.
        out.put("moreEntities", next(withTermKeys, LIST_LIMIT, ExplorerService::keyCursor));
        ArrayNode events = out.putArray("events");
        for (Map<String, Object> row : store.termEvents(q, LIST_LIMIT)) {
            events.addObject().put("event", (String) row.get("event_name"))
                    .put("occurrences", ((Number) row.get("occurrences")).longValue());
        }
        if (HEX64.matcher(q).matches()) {
            out.set("documents", documents(q).get("matches"));
        } else {
            out.putArray("documents");
        }
        return out;
    }

    /**
     * The transactions that carry a business ID or document hash, in chain order, a page at a time: those after the
     * cursor {@code after} ({@code <block>:<index>}, as {@code next} gives it; none: from the start of the chain),
     * at most {@code limit} (1 to 200). {@code next} is null on the last page.
     */
    ObjectNode transactionsWithId(String query, String after, int limit) {
        String q = searchText(query);
        Matcher cursor = parseCursor(after, CURSOR, "<block>:<transaction index>");
        Position from = cursor == null ? null
                : new Position(Long.parseLong(cursor.group(1)), Integer.parseInt(cursor.group(2)));
        int n = pageSize(limit);
        return page(q, "transactions", store.transactionsWithTerm(q, from, n + 1), n, this::transactionSummary,
                ExplorerService::cursor);
    }

    /**
     * The keys (entities) that have a business ID as an attribute, ordered by the block that first wrote them, a page
     * at a time: those after the cursor {@code after} ({@code <block>:<key>}, as {@code next} gives it; none: from the
     * first), at most {@code limit} (1 to 200). {@code next} is null on the last page.
     */
    ObjectNode entitiesWithId(String query, String after, int limit) {
        String q = searchText(query);
        Matcher cursor = parseCursor(after, KEY_CURSOR, "<block>:<key>");
        ExplorerStore.KeyPlace from = cursor == null ? null
                : new ExplorerStore.KeyPlace(Long.parseLong(cursor.group(1)), cursor.group(2));
        int n = pageSize(limit);
        return page(q, "entities", store.termKeys(q, from, n + 1), n, this::entitySummary, ExplorerService::keyCursor);
    }

    /** A page's cursor matched against its form, or null when there is none. */
    private static Matcher parseCursor(String after, Pattern form, String shape) {
        if (after == null || after.isEmpty()) {
            return null;
        }
        Matcher cursor = form.matcher(after);
        if (!cursor.matches()) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "EXPLORER_BAD_CURSOR",
                    "after must be " + shape + ", as 'next' of the previous page gives it");
        }
        return cursor;
    }

    private static int pageSize(int limit) {
        return Math.min(Math.max(limit, 1), LIST_LIMIT);
    }

    /** A page of {@code list}: the first {@code n} of {@code rows} and, when there are more, the next page's cursor. */
    private ObjectNode page(String q, String list, List<Map<String, Object>> rows, int n,
                            Function<Map<String, Object>, ObjectNode> summary,
                            Function<Map<String, Object>, String> cursorOf) {
        ObjectNode out = json.createObjectNode();
        out.put("query", q);
        ArrayNode items = out.putArray(list);
        firstOf(rows, n).forEach(row -> items.add(summary.apply(row)));
        out.put("next", next(rows, n, cursorOf));
        return out;
    }

    /** The first {@code n} of {@code rows} (a page read one row long, to learn whether there is a next). */
    private static List<Map<String, Object>> firstOf(List<Map<String, Object>> rows, int n) {
        return rows.subList(0, Math.min(rows.size(), n));
    }

    /** Where the page after the first {@code n} of {@code rows} begins: the cursor of the n-th; null when no more. */
    private static String next(List<Map<String, Object>> rows, int n, Function<Map<String, Object>, String> cursorOf) {
        return rows.size() > n ? cursorOf.apply(rows.get(n - 1)) : null;
    }

    private ObjectNode entitySummary(Map<String, Object> row) {
        return json.createObjectNode().put("key", (String) row.get("entity_key"))
                .put("versions", ((Number) row.get("versions")).longValue())
                .put("lastBlock", ((Number) row.get("last_block")).longValue());
    }

    private static String keyCursor(Map<String, Object> row) {
        return row.get("first_block") + ":" + row.get("entity_key");
    }

    private static String searchText(String query) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty() || q.length() > 300) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "EXPLORER_BAD_QUERY",
                    "search text must have 1 to 300 characters");
        }
        return q;
    }

    private static String cursor(Map<String, Object> row) {
        return row.get("block_number") + ":" + row.get("tx_index");
    }

    /** Every version of an entity (a key), oldest first, each with its transaction and block. */
    ObjectNode entity(String key) {
        List<Map<String, Object>> rows = store.history(key, 10_000);
        if (rows.isEmpty()) {
            throw GatewayProblem.of(HttpStatus.NOT_FOUND, "EXPLORER_ENTITY_NOT_FOUND",
                    "no transaction wrote the key " + key);
        }
        ObjectNode out = json.createObjectNode();
        out.put("key", key);
        out.put("objectType", (String) rows.get(0).get("object_type"));
        out.put("namespace", (String) rows.get(0).get("namespace"));
        out.put("collection", (String) rows.get(0).get("collection"));
        ArrayNode versions = out.putArray("versions");
        int version = 0;
        for (Map<String, Object> row : rows) {
            boolean valid = Boolean.TRUE.equals(row.get("valid"));
            ObjectNode v = versions.addObject();
            v.put("version", valid ? ++version : null);
            v.put("valid", valid);
            v.put("blockNumber", ((Number) row.get("block_number")).longValue());
            v.put("index", ((Number) row.get("tx_index")).intValue());
            v.put("txId", (String) row.get("tx_id"));
            v.put("time", time(row.get("tx_time_ms")));
            v.put("function", (String) row.get("function_name"));
            v.put("creator", (String) row.get("creator_name"));
            v.put("endorserStates", (String) row.get("endorser_msps"));
            v.put("delete", Boolean.TRUE.equals(row.get("is_delete")));
            v.put("valueSha256", (String) row.get("value_sha256"));
            v.put("value", (String) row.get("value_text"));
        }
        return out;
    }

    /** Where a document hash (lowercase or uppercase hex SHA-256) occurs: key, field, transaction, version. */
    ObjectNode documents(String sha256) {
        if (!HEX64.matcher(sha256).matches()) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "EXPLORER_BAD_QUERY",
                    "a document hash is 64 hexadecimal digits (SHA-256)");
        }
        String hash = sha256.toLowerCase(Locale.ROOT);
        ObjectNode out = json.createObjectNode();
        out.put("sha256", hash);
        ArrayNode matches = out.putArray("matches");
        for (Map<String, Object> row : store.documentHashes(hash)) {
            String key = (String) row.get("entity_key");
            long block = ((Number) row.get("block_number")).longValue();
            int index = ((Number) row.get("tx_index")).intValue();
            boolean isKey = !key.startsWith("event ");
            matches.addObject().put("key", key).put("field", (String) row.get("field"))
                    .put("blockNumber", block).put("index", index).put("txId", (String) row.get("tx_id"))
                    .put("time", time(row.get("tx_time_ms"))).put("validationCode", (String) row.get("validation_code"))
                    .put("version", isKey ? store.versionAt(key, block, index) : null);
        }
        out.put("registered", !matches.isEmpty());
        return out;
    }

    // ---- evidence bundles ---------------------------------------------------------------------------------------

    /**
     * One self-contained evidence file: the chosen transactions' blocks (data and metadata, so that each envelope can
     * be checked against its block's data hash and the orderers' signatures), every header from the configuration
     * block in force to the last chosen block (so the previous-hash links can be followed), and the configuration
     * blocks themselves, whose MSPs hold the states' CA certificates and whose consenters signed the blocks.
     */
    ObjectNode bundle(List<String> txIds, List<String> keys, List<String> terms, FabricIdentity exportedBy) {
        TreeSet<Position> positions = new TreeSet<>();
        for (String txId : txIds) {
            store.transactionsById(txId).forEach(row -> positions.add(Position.of(row)));
        }
        for (String key : keys) {
            store.history(key, MAX_BUNDLE_TRANSACTIONS + 1).forEach(row -> positions.add(Position.of(row)));
        }
        for (String term : terms) {
            store.transactionsWithTerm(term, MAX_BUNDLE_TRANSACTIONS + 1).forEach(row -> positions.add(Position.of(row)));
        }
        if (positions.isEmpty()) {
            throw GatewayProblem.of(HttpStatus.NOT_FOUND, "EXPLORER_NOTHING_TO_EXPORT",
                    "no indexed transaction matches the transaction IDs, keys or identifiers given");
        }
        if (positions.size() > MAX_BUNDLE_TRANSACTIONS) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "EXPLORER_BUNDLE_TOO_LARGE",
                    "more than " + MAX_BUNDLE_TRANSACTIONS + " transactions match; export a narrower selection");
        }
        Map<Long, Block> blocks = new TreeMap<>();
        for (Position position : positions) {
            blocks.computeIfAbsent(position.block(), this::rawBlock);
        }
        Set<Long> configNumbers = new TreeSet<>();
        for (long number : blocks.keySet()) {
            configNumbers.add(((Number) store.block(number).orElseThrow().get("last_config")).longValue());
        }
        long first = Math.min(((TreeSet<Long>) configNumbers).first(), blocks.keySet().iterator().next());
        long last = ((TreeMap<Long, Block>) blocks).lastKey();

        ObjectNode out = json.createObjectNode();
        out.put("format", BUNDLE_FORMAT);
        out.put("channel", channel);
        out.put("exportedAt", Instant.now().toString());
        out.put("exportedBy", exportedBy.mspId() + "/" + exportedBy.enrollmentId().orElse(exportedBy.name()));
        out.put("exportedFromState", mspId);
        ObjectNode selection = out.putObject("selection");
        txIds.forEach(selection.putArray("transactionIds")::add);
        keys.forEach(selection.putArray("keys")::add);
        terms.forEach(selection.putArray("identifiers")::add);

        ArrayNode configs = out.putArray("configBlocks");
        ChannelConfig latest = null;
        for (long number : configNumbers) {
            Block config = rawBlock(number);
            configs.addObject().put("number", number).put("block", b64(config.toByteArray()));
            latest = parser.parse(config).config();
        }
        ObjectNode certificates = out.putObject("certificates");
        if (latest != null) {
            for (ChannelConfig.State state : latest.states()) {
                ArrayNode pems = certificates.putArray(state.mspId());
                state.rootCertsPem().forEach(pems::add);
            }
        }
        out.set("quorum", quorum(latest == null ? 0 : latest.consenters().size()));
        ArrayNode headers = out.putArray("headers");
        for (Map<String, Object> row : store.rawHeaders(first, last)) {
            headers.addObject().put("number", ((Number) row.get("number")).longValue())
                    .put("header", b64((byte[]) row.get("header_raw")));
        }
        ArrayNode blockNodes = out.putArray("blocks");
        blocks.forEach((number, block) -> blockNodes.addObject().put("number", number)
                .put("data", b64(block.getData().toByteArray()))
                .put("metadata", b64(block.getMetadata().toByteArray())));
        ArrayNode transactions = out.putArray("transactions");
        for (Position position : positions) {
            Map<String, Object> row = store.transaction(position.block(), position.index()).orElseThrow();
            transactions.addObject().put("blockNumber", position.block()).put("index", position.index())
                    .put("txId", (String) row.get("tx_id")).put("validationCode", (String) row.get("validation_code"))
                    .put("function", (String) row.get("function_name"));
        }
        return out;
    }

    private Block rawBlock(long number) {
        byte[] raw = store.rawBlock(number).orElseThrow(() -> GatewayProblem.of(HttpStatus.SERVICE_UNAVAILABLE,
                "EXPLORER_NOT_INDEXED", "block " + number + " is not indexed yet"));
        try {
            return Block.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("stored block " + number + " is unreadable", e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String time(Object epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(((Number) epochMillis).longValue()).toString();
    }

    static List<String> nonBlank(List<String> values) {
        List<String> out = new ArrayList<>();
        if (values != null) {
            values.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(out::add);
        }
        return out;
    }
}
