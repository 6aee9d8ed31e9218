package org.silkroad.gateway.explorer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code explorer} health component: how far the index is. It stays UP while catching up (the gateway serves
 * businesses regardless) and says how far it got; the last indexing failure is shown until blocks flow again.
 */
final class ExplorerHealthIndicator implements HealthIndicator {

    private final BlockIndexer indexer;

    ExplorerHealthIndicator(BlockIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public Health health() {
        BlockIndexer.Progress p = indexer.progress();
        Health.Builder health = Health.up()
                .withDetail("indexedHeight", p.indexedHeight())
                .withDetail("chainHeight", p.chainHeight())
                .withDetail("catchingUp", p.chainHeight() < 0 || p.indexedHeight() < p.chainHeight());
        if (p.catchUpMillis() >= 0) {
            health.withDetail("catchUpMillis", p.catchUpMillis());
        }
        if (p.lastError() != null) {
            health.withDetail("lastError", p.lastError());
        }
        return health.build();
    }
}
