package org.silkroad.gateway.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
 * The explorer's index in a relational database.
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
     * term. An index of an older layout is dropped and made again from the blocks.
     */
    static final int SCHEMA_VERSION = 2;
    private static final List<String> TABLES = List.of("explorer_block", "explorer_tx", "explorer_write",
            "explorer_term", "explorer_hash", "explorer_config", "explorer_schema");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    ExplorerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
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

    private boolean tableExists(String table) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = ?",
                Integer.class, table);
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
        Integer saved = transactions.execute(status -> {
            int count = 0;
            long next = nextBlock();
            for (BlockRows rows : blocks) {
                long number = rows.block().number();
                if (number < next) {
                    continue;
                }
                if (number != next) {
                    throw new IllegalStateException("block " + number + " would leave a gap: next is " + next);
                }
                insert(rows.block(), rows.headerRaw(), rows.raw());
                next++;
                count++;
            }
            return count;
        });
        return saved == null ? 0 : saved;
    }

    private void insert(ParsedBlock block, byte[] headerRaw, byte[] raw) {
        jdbc.update("INSERT INTO explorer_block (number, hash, previous_hash, data_hash, tx_count, block_time_ms, "
                        + "signers, last_config, header_raw, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                block.number(), block.hash(), block.previousHash(), block.dataHash(), block.transactions().size(),
                block.time() == null ? null : block.time().toEpochMilli(), String.join(",", block.signers()),
                block.lastConfig(), headerRaw, raw);
        List<Object[]> txRows = new ArrayList<>();
        List<Object[]> writeRows = new ArrayList<>();
        List<Object[]> termRows = new ArrayList<>();
        List<Object[]> hashRows = new ArrayList<>();
        for (ParsedTransaction tx : block.transactions()) {
            txRows.add(new Object[] {block.number(), tx.index(), tx.txId(), tx.type(),
                    tx.timestamp() == null ? null : tx.timestamp().toEpochMilli(), tx.creatorMsp(),
                    tx.creatorName(), tx.validationCode(), tx.chaincode(), clip(tx.function(), 300),
                    String.join(",", tx.endorserMsps()), clip(tx.eventName(), 300)});
            boolean valid = "VALID".equals(tx.validationCode());
            int seq = 0;
            for (KeyWrite write : tx.writes()) {
                writeRows.add(new Object[] {block.number(), tx.index(), seq++, write.namespace(), write.collection(),
                        clip(write.key(), 1000), clip(write.objectType(), 300), write.delete(),
                        write.valueSha256(), write.valueJson(), valid});
            }
            seq = 0;
            for (Term term : tx.terms()) {
                if (term.term().length() <= 300) {
                    termRows.add(new Object[] {block.number(), tx.index(), seq++, term.term(), term.inEvent()});
                }
            }
            seq = 0;
            for (HashHit hash : tx.hashes()) {
                hashRows.add(new Object[] {block.number(), tx.index(), seq++, hash.sha256(), clip(hash.key(), 1000),
                        clip(hash.field(), 300)});
            }
        }
        jdbc.batchUpdate("INSERT INTO explorer_tx (block_number, tx_index, tx_id, tx_type, tx_time_ms, creator_msp, "
                + "creator_name, validation_code, chaincode, function_name, endorser_msps, event_name) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", txRows);
        jdbc.batchUpdate("INSERT INTO explorer_write (block_number, tx_index, seq, namespace, collection, entity_key, "
                + "object_type, is_delete, value_sha256, value_text, valid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                writeRows);
        jdbc.batchUpdate("INSERT INTO explorer_term (block_number, tx_index, seq, term, in_event) "
                + "VALUES (?, ?, ?, ?, ?)", termRows);
        jdbc.batchUpdate("INSERT INTO explorer_hash (block_number, tx_index, seq, sha256, entity_key, field) "
                + "VALUES (?, ?, ?, ?, ?, ?)", hashRows);
        if (block.config() != null) {
            jdbc.update("INSERT INTO explorer_config (block_number, config) VALUES (?, ?)", block.number(),
                    json.writeValueAsString(block.config()));
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
        return jdbc.queryForList("SELECT w.entity_key, COUNT(*) AS versions, MIN(w.block_number) AS first_block, "
                + "MAX(w.block_number) AS last_block FROM explorer_term m JOIN explorer_write w "
                + "ON w.block_number = m.block_number AND w.tx_index = m.tx_index "
                + "WHERE m.term = ? AND CONCAT(w.entity_key, '/') LIKE ? GROUP BY w.entity_key "
                + "ORDER BY MIN(w.block_number) LIMIT ?", term, "%/" + escapeLike(term) + "/%", limit);
    }

    /** The events that name a business identifier in an ID field, with how many transactions emitted each. */
    List<Map<String, Object>> termEvents(String term, int limit) {
        return jdbc.queryForList("SELECT t.event_name, COUNT(*) AS occurrences FROM explorer_term m JOIN explorer_tx t "
                + "ON t.block_number = m.block_number AND t.tx_index = m.tx_index WHERE m.term = ? AND m.in_event = TRUE "
                + "AND t.event_name IS NOT NULL GROUP BY t.event_name ORDER BY MIN(m.block_number) LIMIT ?", term, limit);
    }

    List<Map<String, Object>> transactionsWithTerm(String term, int limit) {
        return jdbc.queryForList("SELECT DISTINCT t.block_number, t.tx_index, t.tx_id, t.tx_time_ms, t.function_name, "
                + "t.creator_name, t.validation_code FROM explorer_term m JOIN explorer_tx t "
                + "ON t.block_number = m.block_number AND t.tx_index = m.tx_index WHERE m.term = ? "
                + "ORDER BY t.block_number, t.tx_index LIMIT ?", term, limit);
    }

    /** Every write to a key, oldest first, with the transaction that made it. */
    List<Map<String, Object>> history(String key, int limit) {
        return jdbc.queryForList("SELECT w.block_number, w.tx_index, w.namespace, w.collection, w.object_type, "
                + "w.is_delete, w.value_sha256, w.value_text, w.valid, t.tx_id, t.tx_time_ms, t.function_name, "
                + "t.creator_name, t.endorser_msps FROM explorer_write w JOIN explorer_tx t "
                + "ON t.block_number = w.block_number AND t.tx_index = w.tx_index WHERE w.entity_key = ? "
                + "ORDER BY w.block_number, w.tx_index, w.seq LIMIT ?", key, limit);
    }

    List<Map<String, Object>> keysLike(String prefix, int limit) {
        return jdbc.queryForList("SELECT entity_key, object_type, COUNT(*) AS versions, MAX(block_number) AS last_block "
                + "FROM explorer_write WHERE entity_key = ? OR entity_key LIKE ? GROUP BY entity_key, object_type "
                + "ORDER BY entity_key LIMIT ?", prefix, escapeLike(prefix) + "/%", limit);
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    List<Map<String, Object>> documentHashes(String sha256) {
        return jdbc.queryForList("SELECT h.block_number, h.tx_index, h.entity_key, h.field, t.tx_id, t.tx_time_ms, "
                + "t.validation_code FROM explorer_hash h JOIN explorer_tx t ON t.block_number = h.block_number "
                + "AND t.tx_index = h.tx_index WHERE h.sha256 = ? ORDER BY h.block_number, h.tx_index", sha256);
    }

    /** The number of valid writes to {@code key} up to and including the given transaction: its version. */
    int versionAt(String key, long block, int index) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM explorer_write WHERE entity_key = ? AND valid = TRUE "
                + "AND (block_number < ? OR (block_number = ? AND tx_index <= ?))", Integer.class, key, block, block, index);
        return n == null ? 0 : n;
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
