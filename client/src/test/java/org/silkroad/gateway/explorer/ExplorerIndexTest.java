package org.silkroad.gateway.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The index on H2 (PostgreSQL mode, as the gateway runs it) or on PostgreSQL ({@link ExplorerTestDatabase}), fed with
 * blocks recorded from the real network.
 */
class ExplorerIndexTest {

    private static ExplorerStore freshStore() {
        return RecordedBlocks.newStore("explorer-" + UUID.randomUUID());
    }

    private static void awaitIndexed(BlockIndexer indexer, long height) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (indexer.progress().indexedHeight() < height) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("index stuck at " + indexer.progress());
            }
            Thread.sleep(20);
        }
    }

    @Nested
    class Checkpoint {

        @Test
        void catches_up_from_block_0_and_reports_the_catch_up() throws Exception {
            ExplorerStore store = freshStore();
            RecordedBlocks.Source source = new RecordedBlocks.Source(-1);
            BlockIndexer indexer = new BlockIndexer(source, store, new BlockParser(RecordedBlocks.JSON));
            indexer.start();
            try {
                awaitIndexed(indexer, 12);
            } finally {
                indexer.stop();
            }
            BlockIndexer.Progress progress = indexer.progress();
            assertThat(source.startBlocks()).containsExactly(0L);
            assertThat(progress.indexedHeight()).isEqualTo(12);
            assertThat(progress.chainHeight()).isEqualTo(12);
            assertThat(progress.caughtUpAt()).isNotNull();
            assertThat(progress.catchUpMillis()).isNotNegative();
            assertThat(progress.transactionsIndexed()).isEqualTo(12);
            assertThat(store.transactionCount()).isEqualTo(12);
        }

        @Test
        void an_index_of_an_older_layout_is_dropped_and_made_again_a_current_one_is_kept() {
            String name = "explorer-" + UUID.randomUUID();
            DataSource dataSource = ExplorerTestDatabase.fresh(name);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            // Layout 1 had no explorer_schema table and kept each transaction's detail.
            jdbc.execute("CREATE TABLE explorer_block (number BIGINT PRIMARY KEY)");
            jdbc.execute("CREATE TABLE explorer_tx (block_number BIGINT, tx_index INTEGER, detail TEXT NOT NULL)");
            jdbc.update("INSERT INTO explorer_block (number) VALUES (0), (1), (2)");
            ExplorerStore store = new ExplorerStore(jdbc,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)), RecordedBlocks.JSON);

            store.createSchema();

            assertThat(store.nextBlock()).isZero();
            RecordedBlocks.indexAll(store);
            assertThat(store.nextBlock()).isEqualTo(12);
            store.createSchema();
            assertThat(store.nextBlock()).isEqualTo(12);
            assertThat(jdbc.queryForObject("SELECT version FROM explorer_schema", Integer.class))
                    .isEqualTo(ExplorerStore.SCHEMA_VERSION);
        }

        @Test
        void another_schemas_index_in_the_same_database_is_neither_read_nor_dropped() {
            String name = "explorer-" + UUID.randomUUID();
            DataSource dataSource = ExplorerTestDatabase.fresh(name);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            // Another state's gateway, in a schema of its own, with an index of the current layout.
            String other = "other_" + name.replaceAll("[^A-Za-z0-9]", "").substring(0, 16).toLowerCase();
            jdbc.execute("CREATE SCHEMA " + other);
            jdbc.execute("CREATE TABLE " + other + ".explorer_block (number BIGINT PRIMARY KEY)");
            jdbc.update("INSERT INTO " + other + ".explorer_block (number) VALUES (0), (1), (2)");
            jdbc.execute("CREATE TABLE " + other + ".explorer_schema (version INTEGER NOT NULL)");
            jdbc.update("INSERT INTO " + other + ".explorer_schema (version) VALUES (?)", ExplorerStore.SCHEMA_VERSION);
            ExplorerStore store = new ExplorerStore(jdbc,
                    new TransactionTemplate(new DataSourceTransactionManager(dataSource)), RecordedBlocks.JSON);

            store.createSchema();
            RecordedBlocks.indexAll(store);
            store.createSchema();

            assertThat(store.nextBlock()).isEqualTo(12);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + other + ".explorer_block", Integer.class))
                    .isEqualTo(3);
        }

        @Test
        void resumes_after_a_cut_stream_and_after_a_restart_without_gaps_or_duplicates() throws Exception {
            ExplorerStore store = freshStore();
            RecordedBlocks.Source cutting = new RecordedBlocks.Source(5);
            BlockIndexer first = new BlockIndexer(cutting, store, new BlockParser(RecordedBlocks.JSON));
            first.start();
            try {
                awaitIndexed(first, 12);
            } finally {
                first.stop();
            }
            // The stream broke after 5 blocks; the indexer reconnected from its checkpoint, block 5.
            assertThat(cutting.startBlocks()).containsExactly(0L, 5L);

            RecordedBlocks.Source afterRestart = new RecordedBlocks.Source(-1);
            BlockIndexer second = new BlockIndexer(afterRestart, store, new BlockParser(RecordedBlocks.JSON));
            second.start();
            try {
                Thread.sleep(200);
            } finally {
                second.stop();
            }
            assertThat(afterRestart.startBlocks()).containsExactly(12L);
            assertThat(store.nextBlock()).isEqualTo(12);
            assertThat(store.transactionCount()).isEqualTo(12);
            assertThat(store.recentBlocks(Long.MAX_VALUE, 100)).extracting(row -> ((Number) row.get("number")).longValue())
                    .containsExactly(11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L, 0L);
        }

        @Test
        void blocks_that_arrive_within_the_window_are_stored_in_one_transaction_even_when_the_chain_goes_quiet()
                throws Exception {
            ExplorerStore inner = freshStore();
            List<Integer> batches = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExplorerStore store = new ExplorerStore(null, null, RecordedBlocks.JSON) {
                @Override
                int saveAll(List<BlockRows> blocks) {
                    batches.add(blocks.size());
                    return inner.saveAll(blocks);
                }

                @Override
                long nextBlock() {
                    return inner.nextBlock();
                }
            };
            // The recorded stream serves its 12 blocks at once, then nothing: only the flusher can store them.
            BlockIndexer indexer = new BlockIndexer(new RecordedBlocks.Source(-1), store,
                    new BlockParser(RecordedBlocks.JSON), Duration.ofMillis(400));
            indexer.start();
            try {
                Thread.sleep(100);
                assertThat(inner.nextBlock()).isZero(); // still within the window
                awaitIndexed(indexer, 12);
            } finally {
                indexer.stop();
            }
            assertThat(batches).containsExactly(12);
            assertThat(inner.transactionCount()).isEqualTo(12);
            assertThat(indexer.progress().transactionsIndexed()).isEqualTo(12);
        }

        @Test
        void a_run_of_blocks_is_stored_whole_or_not_at_all() {
            ExplorerStore store = freshStore();
            BlockParser parser = new BlockParser(RecordedBlocks.JSON);
            List<Block> blocks = RecordedBlocks.all();
            List<ExplorerStore.BlockRows> zeroOneThree = java.util.stream.Stream.of(0, 1, 3).map(blocks::get)
                    .map(b -> new ExplorerStore.BlockRows(parser.parse(b), b.getHeader().toByteArray(), b.toByteArray()))
                    .toList();

            assertThatThrownBy(() -> store.saveAll(zeroOneThree)).hasMessage("block 3 would leave a gap: next is 2");
            assertThat(store.nextBlock()).isZero();
            assertThat(store.transactionCount()).isZero();
            assertThat(store.saveAll(zeroOneThree.subList(0, 2))).isEqualTo(2);
            assertThat(store.saveAll(zeroOneThree.subList(0, 2))).isZero();
        }

        @Test
        void a_block_already_stored_is_skipped_and_a_gap_is_refused() {
            ExplorerStore store = freshStore();
            BlockParser parser = new BlockParser(RecordedBlocks.JSON);
            List<Block> blocks = RecordedBlocks.all();
            Block zero = blocks.get(0);
            assertThat(store.save(parser.parse(zero), zero.getHeader().toByteArray(), zero.toByteArray())).isTrue();
            assertThat(store.save(parser.parse(zero), zero.getHeader().toByteArray(), zero.toByteArray())).isFalse();

            Block two = blocks.get(2);
            assertThatThrownBy(() -> store.save(parser.parse(two), two.getHeader().toByteArray(), two.toByteArray()))
                    .hasMessage("block 2 would leave a gap: next is 1");
            assertThat(store.nextBlock()).isEqualTo(1);
            assertThat(store.transactionCount()).isEqualTo(1);
        }
    }

    @Nested
    class Reading {

        private final ExplorerStore store = freshStore();
        private final ExplorerService explorer;

        Reading() {
            RecordedBlocks.indexAll(store);
            BlockIndexer idle = new BlockIndexer(new RecordedBlocks.Source(-1), store, new BlockParser(RecordedBlocks.JSON));
            explorer = new ExplorerService(store, idle, RecordedBlocks.JSON, "CNMSP", "silkroad");
        }

        @Test
        void status_lists_states_consenters_and_the_bft_quorum() {
            ObjectNode status = explorer.status();

            assertThat(status.get("indexedHeight").asLong()).isEqualTo(12);
            assertThat(status.get("states").findValuesAsString("mspId")).containsExactly("CNMSP", "MYMSP", "RWMSP");
            assertThat(status.get("consenters")).hasSize(4);
            assertThat(status.get("quorum").get("required").asInt()).isEqualTo(3);
            assertThat(status.get("quorum").get("tolerated").asInt()).isEqualTo(1);
        }

        @Test
        void activity_counts_transactions_per_minute_over_the_window() {
            assertThat(explorer.transactionsPerMinute(60)).hasSize(60);
            // The 11 endorser transactions recorded (the 12th is the configuration) fall in a few minutes.
            List<java.util.Map<String, Object>> minutes = store.transactionsPerMinute(0);
            assertThat(minutes.stream().mapToLong(m -> ((Number) m.get("transactions")).longValue()).sum()).isEqualTo(11);
        }

        @Test
        void search_by_business_id_finds_its_transaction_entities_and_events() {
            JsonNode found = explorer.search("PAY-42");

            assertThat(found.get("transactions").findValuesAsString("txId")).containsExactly(RecordedBlocks.PAYMENT_TX);
            assertThat(found.get("entities").findValuesAsString("key")).contains("silkroad.currency.payment/PAY-42");
            assertThat(found.get("events").findValuesAsString("event")).containsExactly("currency.Payment");
        }

        @Test
        void the_transactions_naming_an_id_come_a_page_at_a_time_in_chain_order_without_gaps_or_repeats() {
            // The wallet CNMSP/business-1 (an attribute of its wallet and note keys) is named by its opening, the
            // issuance to it and the payment from it.
            List<String> all = explorer.transactionsWithId("CNMSP/business-1", null, 200).get("transactions")
                    .findValuesAsString("txId");
            assertThat(all).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
            assertThat(explorer.transactionsWithId("CNMSP/business-1", null, 200).get("next").isNull()).isTrue();
            List<Long> blocks = explorer.transactionsWithId("CNMSP/business-1", null, 200).get("transactions")
                    .findValues("blockNumber").stream().map(JsonNode::asLong).toList();
            assertThat(blocks).isSorted();

            for (int limit = 1; limit <= 2; limit++) {
                List<String> paged = new java.util.ArrayList<>();
                String after = null;
                int pages = 0;
                do {
                    JsonNode page = explorer.transactionsWithId("CNMSP/business-1", after, limit);
                    assertThat(page.get("transactions").size()).isBetween(1, limit);
                    paged.addAll(page.get("transactions").findValuesAsString("txId"));
                    after = page.get("next").isNull() ? null : page.get("next").asString();
                    pages++;
                } while (after != null);
                assertThat(paged).as("limit %d", limit).isEqualTo(all);
                assertThat(pages).isEqualTo((all.size() + limit - 1) / limit);
            }
            // A cursor past the last transaction: an empty last page.
            JsonNode past = explorer.transactionsWithId("CNMSP/business-1", "999:0", 10);
            assertThat(past.get("transactions")).isEmpty();
            assertThat(past.get("next").isNull()).isTrue();
            assertThat(explorer.search("CNMSP/business-1").get("moreTransactions").isNull()).isTrue();
        }

        @Test
        void the_entities_naming_an_id_come_a_page_at_a_time_without_gaps_or_repeats() {
            // Its wallet key, its notes and its history lines have CNMSP/business-1 as an attribute.
            List<String> all = explorer.entitiesWithId("CNMSP/business-1", null, 200).get("entities")
                    .findValuesAsString("key");
            assertThat(all).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates()
                    .contains("silkroad.currency.wallet/CNMSP/business-1");
            assertThat(explorer.search("CNMSP/business-1").get("entities").findValuesAsString("key")).containsAll(all);
            assertThat(explorer.search("CNMSP/business-1").get("moreEntities").isNull()).isTrue();

            for (int limit = 1; limit <= 2; limit++) {
                List<String> paged = new java.util.ArrayList<>();
                String after = null;
                do {
                    JsonNode page = explorer.entitiesWithId("CNMSP/business-1", after, limit);
                    assertThat(page.get("entities").size()).isBetween(1, limit);
                    paged.addAll(page.get("entities").findValuesAsString("key"));
                    after = page.get("next").isNull() ? null : page.get("next").asString();
                } while (after != null);
                assertThat(paged).as("limit %d", limit).isEqualTo(all);
            }
            assertThatThrownBy(() -> explorer.entitiesWithId("CNMSP/business-1", "key-without-block", 10))
                    .isInstanceOfSatisfying(GatewayProblem.class, p -> assertThat(p.code()).isEqualTo("EXPLORER_BAD_CURSOR"));
        }

        @Test
        void search_by_transaction_id_block_number_and_block_hash() {
            assertThat(explorer.search(RecordedBlocks.PAYMENT_TX).get("transactions").get(0).get("blockNumber").asLong())
                    .isEqualTo(10);
            assertThat(explorer.search("10").get("blocks").get(0).get("number").asLong()).isEqualTo(10);
            String hash = explorer.block(10).get("hash").asString();
            assertThat(explorer.search(hash.toUpperCase()).get("blocks").get(0).get("number").asLong()).isEqualTo(10);
        }

        @Test
        void an_entity_timeline_lists_each_version_with_transaction_and_block() {
            JsonNode wallet = explorer.entity("silkroad.currency.wallet/CNMSP/business-1");

            assertThat(wallet.get("objectType").asString()).isEqualTo("silkroad.currency.wallet");
            JsonNode versions = wallet.get("versions");
            assertThat(versions).isNotEmpty();
            assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
            assertThat(versions.get(0).get("function").asString()).isEqualTo("currency:openWallet");
            assertThat(versions.get(0).get("txId").asString()).hasSize(64);
            // What the transaction's row keeps of each write, found by the write's place in it.
            assertThat(wallet.get("namespace").asString()).isEqualTo("silkroad");
            assertThat(wallet.get("collection").asString()).isEmpty();
            assertThat(versions.get(0).get("valid").asBoolean()).isTrue();
            assertThat(versions.get(0).get("delete").asBoolean()).isFalse();
            assertThat(versions.get(0).get("valueSha256").asString()).matches("[0-9a-f]{64}");
            assertThat(versions.get(0).get("value").asString()).contains("business-1");
        }

        @Test
        void a_registered_document_hash_is_found_with_its_version() {
            JsonNode found = explorer.documents(RecordedBlocks.DOCUMENT_SHA256.toUpperCase());

            assertThat(found.get("registered").asBoolean()).isTrue();
            JsonNode match = found.get("matches").get(0);
            assertThat(match.get("blockNumber").asLong()).isEqualTo(11);
            assertThat(match.get("version").asInt()).isEqualTo(1);
            assertThat(explorer.documents("0".repeat(64)).get("registered").asBoolean()).isFalse();
        }

        @Test
        void bad_queries_and_unknown_things_are_problems_with_stable_codes() {
            assertThatThrownBy(() -> explorer.documents("abc")).isInstanceOfSatisfying(GatewayProblem.class,
                    p -> assertThat(p.code()).isEqualTo("EXPLORER_BAD_QUERY"));
            assertThatThrownBy(() -> explorer.search(" ")).isInstanceOfSatisfying(GatewayProblem.class,
                    p -> assertThat(p.code()).isEqualTo("EXPLORER_BAD_QUERY"));
            assertThatThrownBy(() -> explorer.block(99)).isInstanceOfSatisfying(GatewayProblem.class,
                    p -> assertThat(p.code()).isEqualTo("EXPLORER_BLOCK_NOT_FOUND"));
            assertThatThrownBy(() -> explorer.transaction("nope")).isInstanceOfSatisfying(GatewayProblem.class,
                    p -> assertThat(p.code()).isEqualTo("EXPLORER_TRANSACTION_NOT_FOUND"));
            assertThatThrownBy(() -> explorer.entity("no/such/key")).isInstanceOfSatisfying(GatewayProblem.class,
                    p -> assertThat(p.code()).isEqualTo("EXPLORER_ENTITY_NOT_FOUND"));
            for (String cursor : new String[] {"7", "7:", ":1", "a:1", "-1:0", "1:2:3", "1:99999999999"}) {
                assertThatThrownBy(() -> explorer.transactionsWithId("CNMSP/business-1", cursor, 10))
                        .as(cursor).isInstanceOfSatisfying(GatewayProblem.class,
                                p -> assertThat(p.code()).isEqualTo("EXPLORER_BAD_CURSOR"));
            }
            assertThatThrownBy(() -> explorer.transactionsWithId(" ", null, 10))
                    .isInstanceOfSatisfying(GatewayProblem.class, p -> assertThat(p.code()).isEqualTo("EXPLORER_BAD_QUERY"));
        }

        @Test
        void a_bundle_holds_the_config_block_every_header_between_and_the_evidence_blocks() {
            org.silkroad.gateway.shared.FabricIdentity court = org.silkroad.gateway.shared.TestIdentities
                    .standard(java.nio.file.Path.of("target", "explorer-bundle-ids-" + UUID.randomUUID()))
                    .load().identity("business-1").orElseThrow();
            ObjectNode bundle = explorer.bundle(List.of(), List.of(), List.of("PAY-42"), court);

            assertThat(bundle.get("format").asString()).isEqualTo("silkroad-evidence-bundle/1");
            assertThat(bundle.get("configBlocks").get(0).get("number").asLong()).isZero();
            assertThat(bundle.get("headers")).hasSize(11);
            assertThat(bundle.get("blocks")).singleElement()
                    .satisfies(b -> assertThat(b.get("number").asLong()).isEqualTo(10));
            assertThat(bundle.get("transactions").findValuesAsString("txId")).containsExactly(RecordedBlocks.PAYMENT_TX);
            assertThat(bundle.get("certificates").propertyNames()).containsExactly("CNMSP", "MYMSP", "RWMSP");
            assertThat(bundle.get("quorum").get("required").asInt()).isEqualTo(3);
            byte[] block10 = Base64.getDecoder().decode(bundle.get("blocks").get(0).get("data").asString());
            assertThat(block10).isEqualTo(RecordedBlocks.all().get(10).getData().toByteArray());
        }

        @Test
        void a_bundle_for_nothing_is_refused() {
            org.silkroad.gateway.shared.FabricIdentity anyone = org.silkroad.gateway.shared.TestIdentities
                    .standard(java.nio.file.Path.of("target", "explorer-bundle-ids-" + UUID.randomUUID()))
                    .load().identity("business-1").orElseThrow();
            assertThatThrownBy(() -> explorer.bundle(List.of("no-such-tx"), List.of(), List.of(), anyone))
                    .isInstanceOfSatisfying(GatewayProblem.class,
                            p -> assertThat(p.code()).isEqualTo("EXPLORER_NOTHING_TO_EXPORT"));
        }
    }
}
