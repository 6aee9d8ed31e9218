package org.silkroad.gateway.explorer;

import java.time.Duration;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.FabricLedger;
import org.silkroad.gateway.shared.FabricProperties;
import org.silkroad.gateway.shared.IdentityDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The explorer runs inside the state's gateway, so {@code up} starts it with no extra process, and it reads blocks
 * from the state's own peer: a state's court depends on no other state's goodwill to see the ledger. The index is the
 * application's DataSource ({@code spring.datasource.url}: an H2 file under the run folder by default, or PostgreSQL).
 * {@code silkroad.explorer.enabled=false} turns the whole feature off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "silkroad.explorer.enabled", havingValue = "true", matchIfMissing = true)
class ExplorerConfiguration {

    @Bean(destroyMethod = "close")
    ExplorerStore explorerStore(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        ExplorerStore store = new ExplorerStore(jdbc, transactions, json);
        store.createSchema();
        return store;
    }

    @Bean
    BlockSource explorerBlockSource(FabricLedger ledger, IdentityDirectory identities, FabricProperties properties) {
        FabricIdentity reader = identities.identity(properties.probeIdentity()).orElseThrow(() ->
                new IllegalStateException("explorer: probe identity '" + properties.probeIdentity()
                        + "' is not in the identities directory"));
        return new FabricBlockSource(ledger, reader);
    }

    /**
     * The indexer; {@code silkroad.explorer.batch-window} (default 1 s) is how long it gathers blocks to store them in
     * one database transaction: how far the index may lag the peer, against what indexing costs per block.
     */
    @Bean
    BlockIndexer blockIndexer(BlockSource source, ExplorerStore store, JsonMapper json,
                              @Value("${silkroad.explorer.batch-window:1s}") Duration batchWindow) {
        return new BlockIndexer(source, store, new BlockParser(json), batchWindow);
    }

    @Bean
    ExplorerHealthIndicator explorerHealthIndicator(BlockIndexer indexer) {
        return new ExplorerHealthIndicator(indexer);
    }

    @Bean
    ExplorerService explorerService(ExplorerStore store, BlockIndexer indexer, JsonMapper json,
                                    FabricProperties properties) {
        return new ExplorerService(store, indexer, json, properties.mspId(), properties.channel());
    }
}
