package org.silkroad.gateway.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

import org.silkroad.gateway.explorer.ExplorerPostings.Bytes;
import org.silkroad.gateway.explorer.ExplorerPostings.Entry;
import org.silkroad.gateway.explorer.ExplorerPostings.Reader;
import org.silkroad.gateway.explorer.ParsedBlock.HashHit;
import org.silkroad.gateway.explorer.ParsedBlock.KeyWrite;
import org.silkroad.gateway.explorer.ParsedBlock.ParsedTransaction;
import org.silkroad.gateway.explorer.ParsedBlock.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The explorer's index in a relational database: a row per block and per transaction, and the postings of keys,
 * business identifiers and document hashes in sorted runs ({@link ExplorerPostings}).
 *
 * <p>The checkpoint is the highest stored block number: a block and all its rows (or a run of consecutive blocks) are
 * written in one database transaction, so the checkpoint can never disagree with what is stored, and a block already
 * stored is skipped (the primary key is the block number). A restart resumes at {@code max(number) + 1}; blocks arrive in order from
 * one peer, so there are no gaps ({@link #save} refuses a block that would leave one).
 */
class ExplorerStore {

    private static final Logger log = LoggerFactory.getLogger(ExplorerStore.class);

    /**
     * The layout {@code explorer-schema.sql} makes. 2: no stored transaction detail; one term row per transaction and
     * term. 3: the keys written, terms and hashes as postings in sorted runs, not a row each; the writes' values in
     * their transaction's row. An index of an older layout is dropped and made again from the blocks.
     */
    static final int SCHEMA_VERSION = 3;
    /** Every table of this layout and of the older ones (explorer_write, explorer_term, explorer_hash: layout 2). */
    private static final List<String> TABLES = List.of("explorer_block", "explorer_tx", "explorer_write",
            "explorer_term", "explorer_hash", "explorer_run", "explorer_run_page", "explorer_config",
            "explorer_schema");
    /** The kinds of postings: the first letter of an entry's sort key, the rest being the key, term or hash. */
    private static final char KEY = 'K';
    private static final char TERM = 'T';
    private static final char HASH = 'H';

    /** How long {@link #close} waits for a merge to give up. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final ExplorerPostings postings;

    ExplorerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        this(jdbc, transactions, json, new ExplorerPostings(jdbc, transactions));
    }

    /** With the postings' merges on the given executors ({@link ExplorerPostings}; the replay benchmark compares). */
    ExplorerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, Executor smallMerges,
                  Executor largeMerges) {
        this(jdbc, transactions, json, new ExplorerPostings(jdbc, transactions, smallMerges, largeMerges));
    }

    private ExplorerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json,
                          ExplorerPostings postings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.postings = postings;
    }

    /** Stops the postings' merges (a merge under way gives up and rolls back). */
    void close() {
        postings.close(CLOSE_TIMEOUT);
    }

    /** Whether the postings have a merge under way or due (tests and the replay benchmark wait until none is). */
    boolean mergesPending() {
        return postings.mergesPending();
    }

    /** Creates the tables if they do not exist yet; drops an index of an older layout first. */
    void createSchema() {
        int found = storedVersion();
        if (found != 0 && found < SCHEMA_VERSION) {
            log.warn("Explorer index has layout {}, this gateway writes layout {}: dropping it to index the chain again "
                    + "from block 0", found, SCHEMA_VERSION);
            TABLES.forEach(table -> jdbc.execute("DROP TABLE IF EXISTS " + table));
        }
        String script;
        try (InputStream in = ExplorerStore.class.getResourceAsStream("/explorer-schema.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("cannot read explorer-schema.sql", e);
        }
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            statement.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String sql = statement.toString().strip();
                jdbc.execute(sql.substring(0, sql.length() - 1));
                statement.setLength(0);
            }
        }
        jdbc.update("DELETE FROM explorer_schema");
        jdbc.update("INSERT INTO explorer_schema (version) VALUES (?)", SCHEMA_VERSION);
        postings.open();
    }

    /** The layout of the index found: 0 if there is none, 1 for one made before layouts were numbered. */
    private int storedVersion() {
        if (!tableExists("explorer_block")) {
            return 0;
        }
        if (!tableExists("explorer_schema")) {
            return 1;
        }
        Integer version = jdbc.queryForObject("SELECT MAX(version) FROM explorer_schema", Integer.class);
        return version == null ? 1 : version;
    }

    /**
     * Whether the connection's current schema has the table. Another schema's table of that name (another state's
     * gateway sharing the database, each with a schema of its own) does not count.
     */
    private boolean tableExists(String table) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = ? "
                + "AND table_schema = CURRENT_SCHEMA", Integer.class, table);
        return n != null && n > 0;
    }

    /** The next block to index: one past the highest stored, or 0 for an empty index. */
    long nextBlock() {
        Long max = jdbc.queryForObject("SELECT MAX(number) FROM explorer_block", Long.class);
        return max == null ? 0 : max + 1;
    }

    /** A block to store: what the parser made of it, its header's bytes and its bytes. */
    record BlockRows(ParsedBlock block, byte[] headerRaw, byte[] raw) {
    }

    /**
     * Stores a block with its transactions, writes, terms and hashes, atomically.
     *
     * @return false if the block was already stored (nothing changes)
     * @throws IllegalStateException if the block is not the next one (it would leave a gap)
     */
    boolean save(ParsedBlock block, byte[] headerRaw, byte[] raw) {
        return saveAll(List.of(new BlockRows(block, headerRaw, raw))) == 1;
    }

    /**
     * Stores consecutive blocks in one database transaction: all of them or none. Blocks already stored are skipped;
     * the rest must follow the highest stored block without a gap.
     *
     * @return how many blocks were stored
     * @throws IllegalStateException if a block would leave a gap (nothing is stored)
     */
    int saveAll(List<BlockRows> blocks) {
        Saved saved = transactions.execute(status -> {
            int count = 0;
            long next = nextBlock();
            long first = next;
            List<Entry> entries = new ArrayList<>();
            for (BlockRows rows : blocks) {
                long number = rows.block().number();
                if (number < next) {
                    continue;
                }
                if (number != next) {
                    throw new IllegalStateException("block " + number + " would leave a gap: next is " + next);
                }
                insert(rows.block(), rows.headerRaw(), rows.raw(), entries);
                next++;
                count++;
            }
            return new Saved(count, count == 0 ? null : postings.write(entries, first, next - 1));
        });
        if (saved == null) {
            return 0;
        }
        postings.publish(saved.run());
        return saved.blocks();
    }

    private record Saved(int blocks, ExplorerPostings.Run run) {
    }

    /** Inserts a block's rows and adds its postings to {@code entries}. */
    private void insert(ParsedBlock block, byte[] headerRaw, byte[] raw, List<Entry> entries) {
        jdbc.update("INSERT INTO explorer_block (number, hash, previous_hash, data_hash, tx_count, block_time_ms, "
                        + "signers, last_config, header_raw, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                block.number(), block.hash(), block.previousHash(), block.dataHash(), block.transactions().size(),
                block.time() == null ? null : block.time().toEpochMilli(), String.join(",", block.signers()),
                block.lastConfig(), headerRaw, raw);
        List<Object[]> txRows = new ArrayList<>();
        for (ParsedTransaction tx : block.transactions()) {
            Bytes writes = new Bytes().varint(tx.writes().size());
            for (KeyWrite write : tx.writes()) {
                writes.string(write.namespace()).string(write.collection()).nullable(write.valueSha256())
                        .nullable(write.valueJson());
            }
            txRows.add(new Object[] {block.number(), tx.index(), tx.txId(), tx.type(),
                    tx.timestamp() == null ? null : tx.timestamp().toEpochMilli(), tx.creatorMsp(),
                    tx.creatorName(), tx.validationCode(), tx.chaincode(), clip(tx.function(), 300),
                    String.join(",", tx.endorserMsps()), clip(tx.eventName(), 300), writes.toByteArray()});
            postings(block.number(), tx, entries);
        }
        jdbc.batchUpdate("INSERT INTO explorer_tx (block_number, tx_index, tx_id, tx_type, tx_time_ms, creator_msp, "
                + "creator_name, validation_code, chaincode, function_name, endorser_msps, event_name, writes) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", txRows);
        if (block.config() != null) {
            jdbc.update("INSERT INTO explorer_config (block_number, config) VALUES (?, ?)", block.number(),
                    json.writeValueAsString(block.config()));
        }
    }

    /**
     * A transaction's postings. A key write: its object type, whether it was a delete and whether the transaction was
     * valid; its namespace, collection, value hash and preview are in the transaction's row, written once (postings
     * are rewritten at every merge, and with the previews a run had 1.8 times the pages). A term: whether an event
     * named it (and the event's name), and the keys written by the transaction in which it is an attribute (it stands
     * between two {@code /} of the readable key, or at its end). A document hash: the key and field where it was found.
     */
    private static void postings(long block, ParsedTransaction tx, List<Entry> entries) {
        boolean valid = "VALID".equals(tx.validationCode());
        int seq = 0;
        for (KeyWrite write : tx.writes()) {
            entries.add(new Entry(KEY + clip(write.key(), 1000), block, tx.index(), seq++, new Bytes()
                    .flag(valid, write.delete()).string(clip(write.objectType(), 300)).toByteArray()));
        }
        seq = 0;
        for (Term term : tx.terms()) {
            if (term.term().length() > 300) {
                continue;
            }
            String attribute = "/" + term.term() + "/";
            List<String> keys = new ArrayList<>();
            for (KeyWrite write : tx.writes()) {
                String key = clip(write.key(), 1000);
                if ((key + "/").contains(attribute)) {
                    keys.add(key);
                }
            }
            Bytes payload = new Bytes().flag(term.inEvent()).nullable(term.inEvent() ? clip(tx.eventName(), 300) : null)
                    .varint(keys.size());
            keys.forEach(payload::string);
            entries.add(new Entry(TERM + term.term(), block, tx.index(), seq++, payload.toByteArray()));
        }
        seq = 0;
        for (HashHit hash : tx.hashes()) {
            entries.add(new Entry(HASH + hash.sha256(), block, tx.index(), seq++, new Bytes()
                    .string(clip(hash.key(), 1000)).string(clip(hash.field(), 300)).toByteArray()));
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    // ---- reads -------------------------------------------------------------------------------------------------

    List<Map<String, Object>> recentBlocks(long before, int limit) {
        return jdbc.queryForList("SELECT number, hash, previous_hash, data_hash, tx_count, block_time_ms, signers "
                + "FROM explorer_block WHERE number < ? ORDER BY number DESC LIMIT ?", before, limit);
    }

    Optional<Map<String, Object>> block(long number) {
        return jdbc.queryForList("SELECT number, hash, previous_hash, data_hash, tx_count, block_time_ms, signers, "
                + "last_config FROM explorer_block WHERE number = ?", number).stream().findFirst();
    }

    OptionalLong blockByHash(String hash) {
        return jdbc.queryForList("SELECT number FROM explorer_block WHERE hash = ?", Long.class, hash).stream()
                .mapToLong(Long::longValue).findFirst();
    }

    List<Map<String, Object>> transactionsOfBlock(long number) {
        return jdbc.queryForList("SELECT block_number, tx_index, tx_id, tx_type, tx_time_ms, creator_name, "
                + "validation_code, function_name, endorser_msps FROM explorer_tx WHERE block_number = ? "
                + "ORDER BY tx_index", number);
    }

    List<Map<String, Object>> transactionsById(String txId) {
        return jdbc.queryForList("SELECT block_number, tx_index, tx_id, tx_type, tx_time_ms, creator_msp, creator_name, "
                + "validation_code, chaincode, function_name, endorser_msps FROM explorer_tx WHERE tx_id = ? "
                + "ORDER BY block_number, tx_index", txId);
    }

    Optional<Map<String, Object>> transaction(long block, int index) {
        return jdbc.queryForList("SELECT block_number, tx_index, tx_id, tx_type, tx_time_ms, creator_msp, creator_name, "
                + "validation_code, chaincode, function_name, endorser_msps FROM explorer_tx "
                + "WHERE block_number = ? AND tx_index = ?", block, index).stream().findFirst();
    }

    /**
     * Keys (entities) in which a business identifier is an attribute: the keys written by the transactions that carry
     * it, where it stands between two {@code /} of the readable key (or at its end), with how many of those
     * transactions wrote each key and the first and last block; oldest first.
     */
    List<Map<String, Object>> termKeys(String term, int limit) {
        return termKeys(term, null, limit);
    }

    /** The keys of {@link #termKeys(String, int)} that come after {@code after} in its order (null: from the first). */
    List<Map<String, Object>> termKeys(String term, KeyPlace after, int limit) {
        Map<String, long[]> byKey = new HashMap<>(); // versions, first block, last block
        for (Entry entry : postings.find(TERM + term)) {
            Reader in = new Reader(entry.payload());
            in.flags();
            in.nullable();
            for (int n = in.varint(); n > 0; n--) {
                long[] agg = byKey.computeIfAbsent(in.string(), k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
                agg[0]++;
                agg[1] = Math.min(agg[1], entry.block());
                agg[2] = Math.max(agg[2], entry.block());
            }
        }
        return byKey.entrySet().stream()
                .filter(e -> after == null || KeyPlace.of(e).compareTo(after) > 0)
                .sorted(Comparator.comparing(KeyPlace::of))
                .limit(limit)
                .map(e -> row("entity_key", e.getKey(), "versions", e.getValue()[0], "first_block", e.getValue()[1],
                        "last_block", e.getValue()[2]))
                .toList();
    }

    /** A key's place in the order {@link #termKeys} lists keys in: by the block that first wrote it, then by key. */
    record KeyPlace(long firstBlock, String key) implements Comparable<KeyPlace> {
        private static KeyPlace of(Map.Entry<String, long[]> aggregate) {
            return new KeyPlace(aggregate.getValue()[1], aggregate.getKey());
        }

        @Override
        public int compareTo(KeyPlace other) {
            int byBlock = Long.compare(firstBlock, other.firstBlock);
            return byBlock != 0 ? byBlock : key.compareTo(other.key);
        }
    }

    /** The events that name a business identifier in an ID field, with how many transactions emitted each. */
    List<Map<String, Object>> termEvents(String term, int limit) {
        Map<String, long[]> byEvent = new HashMap<>(); // occurrences, first block
        for (Entry entry : postings.find(TERM + term)) {
            Reader in = new Reader(entry.payload());
            boolean inEvent = (in.flags() & 1) != 0;
            String event = in.nullable();
            if (inEvent && event != null) {
                long[] agg = byEvent.computeIfAbsent(event, k -> new long[] {0, Long.MAX_VALUE});
                agg[0]++;
                agg[1] = Math.min(agg[1], entry.block());
            }
        }
        return byEvent.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1])
                        .thenComparing(Map.Entry::getKey))
                .limit(limit)
                .map(e -> row("event_name", e.getKey(), "occurrences", e.getValue()[0]))
                .toList();
    }

    List<Map<String, Object>> transactionsWithTerm(String term, int limit) {
        return transactionsWithTerm(term, null, limit);
    }

    /**
     * The first {@code limit} transactions that carry a business identifier or document hash after {@code after} (null:
     * from the start of the chain), in chain order. Reads only the runs that hold blocks from {@code after} on.
     */
    List<Map<String, Object>> transactionsWithTerm(String term, Position after, int limit) {
        TreeSet<Position> positions = new TreeSet<>();
        for (Entry entry : postings.find(TERM + term, after == null ? 0 : after.block())) {
            Position position = new Position(entry.block(), entry.tx());
            if ((after == null || position.compareTo(after) > 0) && positions.add(position)
                    && positions.size() > limit) {
                positions.pollLast();
            }
        }
        Map<Position, Map<String, Object>> txs = transactionRows(positions,
                "tx_id, tx_time_ms, function_name, creator_name, validation_code");
        return new ArrayList<>(txs.values());
    }

    /** Every write to a key, oldest first, with the transaction that made it. */
    List<Map<String, Object>> history(String key, int limit) {
        List<Entry> writes = postings.find(KEY + key).stream().sorted().limit(limit).toList();
        Map<Position, Map<String, Object>> txs = transactionRows(
                writes.stream().map(e -> new Position(e.block(), e.tx())).toList(),
                "tx_id, tx_time_ms, function_name, creator_name, endorser_msps, writes");
        List<Map<String, Object>> out = new ArrayList<>(writes.size());
        for (Entry write : writes) {
            Reader in = new Reader(write.payload());
            int flags = in.flags();
            Map<String, Object> row = row("block_number", write.block(), "tx_index", write.tx(),
                    "object_type", in.string(), "is_delete", (flags & 2) != 0, "valid", (flags & 1) != 0);
            Map<String, Object> tx = txs.get(new Position(write.block(), write.tx()));
            if (tx != null) {
                Reader detail = new Reader((byte[]) tx.get("writes"));
                int count = detail.varint();
                for (int seq = 0; seq < count; seq++) {
                    String namespace = detail.string();
                    String collection = detail.string();
                    String sha256 = detail.nullable();
                    String value = detail.nullable();
                    if (seq == write.seq()) {
                        row.putAll(row("namespace", namespace, "collection", collection, "value_sha256", sha256,
                                "value_text", value));
                        break;
                    }
                }
                tx.forEach((column, v) -> {
                    if (!column.equals("writes")) {
                        row.putIfAbsent(column, v);
                    }
                });
            }
            out.add(row);
        }
        return out;
    }

    /**
     * Keys equal to {@code prefix} or under it ({@code prefix/...}) with their object type, how many writes each had
     * and the last block that wrote it; in key order.
     */
    List<Map<String, Object>> keysLike(String prefix, int limit) {
        String from = KEY + prefix;
        String under = from + "/";
        // A run's first `limit` matching keys hold every key that can be among the first `limit` of all runs, with all
        // of that run's writes to them: a key past them has `limit` smaller keys before it.
        TreeMap<String, Map<String, long[]>> byKey = new TreeMap<>(); // key -> object type -> versions, last block
        postings.scan(from, () -> new Predicate<>() {
            private String previousKey;
            private int distinct;

            @Override
            public boolean test(Entry entry) {
                String sortKey = entry.sortKey();
                if (!sortKey.startsWith(from)) {
                    return false;
                }
                if (!sortKey.equals(from) && !sortKey.startsWith(under)) {
                    return true;
                }
                if (!sortKey.equals(previousKey)) {
                    if (distinct == limit) {
                        return false;
                    }
                    distinct++;
                    previousKey = sortKey;
                }
                Reader in = new Reader(entry.payload());
                in.flags();
                long[] agg = byKey.computeIfAbsent(sortKey.substring(1), k -> new LinkedHashMap<>())
                        .computeIfAbsent(in.string(), t -> new long[] {0, Long.MIN_VALUE});
                agg[0]++;
                agg[1] = Math.max(agg[1], entry.block());
                return true;
            }
        });
        List<Map<String, Object>> out = new ArrayList<>();
        byKey.forEach((key, types) -> types.forEach((type, agg) -> out.add(row("entity_key", key, "object_type", type,
                "versions", agg[0], "last_block", agg[1]))));
        return out.subList(0, Math.min(limit, out.size()));
    }

    List<Map<String, Object>> documentHashes(String sha256) {
        List<Entry> hits = postings.find(HASH + sha256).stream().sorted().toList();
        Map<Position, Map<String, Object>> txs = transactionRows(
                hits.stream().map(e -> new Position(e.block(), e.tx())).toList(), "tx_id, tx_time_ms, validation_code");
        List<Map<String, Object>> out = new ArrayList<>(hits.size());
        for (Entry hit : hits) {
            Reader in = new Reader(hit.payload());
            Map<String, Object> row = row("block_number", hit.block(), "tx_index", hit.tx(), "entity_key", in.string(),
                    "field", in.string());
            Map<String, Object> tx = txs.get(new Position(hit.block(), hit.tx()));
            if (tx != null) {
                tx.forEach(row::putIfAbsent);
            }
            out.add(row);
        }
        return out;
    }

    /** The number of valid writes to {@code key} up to and including the given transaction: its version. */
    int versionAt(String key, long block, int index) {
        int n = 0;
        for (Entry write : postings.find(KEY + key)) {
            boolean upTo = write.block() < block || (write.block() == block && write.tx() <= index);
            if (upTo && (new Reader(write.payload()).flags() & 1) != 0) {
                n++;
            }
        }
        return n;
    }

    /** A transaction's place in the chain, in chain order. */
    record Position(long block, int index) implements Comparable<Position> {
        /** The position of a row that has block_number and tx_index. */
        static Position of(Map<String, Object> row) {
            return new Position(((Number) row.get("block_number")).longValue(), ((Number) row.get("tx_index")).intValue());
        }

        @Override
        public int compareTo(Position other) {
            int byBlock = Long.compare(block, other.block);
            return byBlock != 0 ? byBlock : Integer.compare(index, other.index);
        }
    }

    /**
     * The given columns of the transactions at {@code positions} (with block_number and tx_index), in the order of
     * the positions: one query per block, for just the transactions asked of it.
     */
    private Map<Position, Map<String, Object>> transactionRows(Collection<Position> positions, String columns) {
        Map<Long, TreeSet<Integer>> indexesByBlock = new LinkedHashMap<>();
        for (Position position : positions) {
            indexesByBlock.computeIfAbsent(position.block(), b -> new TreeSet<>()).add(position.index());
        }
        Map<Position, Map<String, Object>> found = new HashMap<>();
        indexesByBlock.forEach((block, indexes) -> {
            List<Object> args = new ArrayList<>(indexes.size() + 1);
            args.add(block);
            args.addAll(indexes);
            jdbc.queryForList("SELECT block_number, tx_index, " + columns + " FROM explorer_tx WHERE block_number = ? "
                    + "AND tx_index IN (" + String.join(", ", Collections.nCopies(indexes.size(), "?")) + ")",
                    args.toArray()).forEach(row -> found.put(Position.of(row), row));
        });
        Map<Position, Map<String, Object>> out = new LinkedHashMap<>();
        for (Position position : positions) {
            Map<String, Object> row = found.get(position);
            if (row != null) {
                out.put(position, row);
            }
        }
        return out;
    }

    private static Map<String, Object> row(Object... namesAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            row.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return row;
    }

    /** Transactions per minute since {@code fromMillis}: minute start (epoch ms) and count. */
    List<Map<String, Object>> transactionsPerMinute(long fromMillis) {
        return jdbc.queryForList("SELECT minute_ms, COUNT(*) AS transactions FROM (SELECT (tx_time_ms / 60000) * 60000 "
                + "AS minute_ms FROM explorer_tx WHERE tx_time_ms >= ? AND tx_type = 'ENDORSER_TRANSACTION') m "
                + "GROUP BY minute_ms ORDER BY minute_ms", fromMillis);
    }

    long transactionCount() {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM explorer_tx", Long.class);
        return n == null ? 0 : n;
    }

    Optional<String> latestConfigJson() {
        return jdbc.queryForList("SELECT config FROM explorer_config ORDER BY block_number DESC LIMIT 1", String.class)
                .stream().findFirst();
    }

    /** Per state, the last block in which one of its peers endorsed a transaction. */
    List<Map<String, Object>> recentBlocksSigners(int blocks) {
        return jdbc.queryForList("SELECT number, signers FROM explorer_block ORDER BY number DESC LIMIT ?", blocks);
    }

    List<Map<String, Object>> recentEndorsements(int transactions) {
        return jdbc.queryForList("SELECT block_number, tx_time_ms, endorser_msps FROM explorer_tx "
                + "WHERE tx_type = 'ENDORSER_TRANSACTION' ORDER BY block_number DESC, tx_index DESC LIMIT ?", transactions);
    }

    Optional<byte[]> rawBlock(long number) {
        return jdbc.queryForList("SELECT raw FROM explorer_block WHERE number = ?", byte[].class, number).stream()
                .findFirst();
    }

    /** Raw headers of blocks {@code from..to}, in order. */
    List<Map<String, Object>> rawHeaders(long from, long to) {
        return jdbc.queryForList("SELECT number, header_raw FROM explorer_block WHERE number >= ? AND number <= ? "
                + "ORDER BY number", from, to);
    }
}
