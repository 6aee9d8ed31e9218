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

    /** Read once at start-up; add or change identities by restarting the gateway. */
    @Bean
    IdentityDirectory identityDirectory(FabricProperties properties) {
        return IdentityDirectory.load(properties.identitiesDir(), properties.mspId());
    }

    @Bean(destroyMethod = "close")
    FabricLedger fabricLedger(FabricProperties properties, MeterRegistry meters, IdentityDirectory identities) {
        FabricLedger ledger = FabricLedger.connect(properties, meters);
        if (properties.watchCommits()) {
            identities.identity(properties.probeIdentity()).ifPresentOrElse(ledger::watchCommits, () -> log.warn(
                    "probe identity '{}' not found: submits ask for their commit status instead of watching blocks",
                    properties.probeIdentity()));
        }
        return ledger;
    }
}
