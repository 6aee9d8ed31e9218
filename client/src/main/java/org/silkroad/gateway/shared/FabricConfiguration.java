package org.silkroad.gateway.shared;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Fabric side of the gateway: the identities it signs with and the connection to the state's peer. */
@Configuration(proxyBeanMethods = false)
public class FabricConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FabricConfiguration.class);

    /** Every identity must load at start-up; after that the directory is watched for the operator's changes. */
    @Bean(destroyMethod = "close")
    IdentityDirectory identityDirectory(FabricProperties properties) {
        IdentityDirectory identities = IdentityDirectory.load(properties.identitiesDir(), properties.mspId());
        identities.watch(properties.identitiesRefresh());
        return identities;
    }

    @Bean(destroyMethod = "close")
    FabricLedger fabricLedger(FabricProperties properties, MeterRegistry meters, IdentityDirectory identities) {
        FabricLedger ledger = FabricLedger.connect(properties, meters);
        identities.onRetired(ledger::forget);
        if (properties.watchCommits()) {
            identities.identity(properties.probeIdentity()).ifPresentOrElse(ledger::watchCommits, () -> log.warn(
                    "probe identity '{}' not found: submits ask for their commit status instead of watching blocks",
                    properties.probeIdentity()));
        }
        return ledger;
    }
}
