package org.silkroad.gateway.shared;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Fabric side of the gateway: the identities it signs with and the connection to the state's peer. */
@Configuration(proxyBeanMethods = false)
public class FabricConfiguration {

    /** Read once at start-up; add or change identities by restarting the gateway. */
    @Bean
    IdentityDirectory identityDirectory(FabricProperties properties) {
        return IdentityDirectory.load(properties.identitiesDir(), properties.mspId());
    }

    @Bean(destroyMethod = "close")
    FabricLedger fabricLedger(FabricProperties properties, MeterRegistry meters) {
        return FabricLedger.connect(properties, meters);
    }
}
