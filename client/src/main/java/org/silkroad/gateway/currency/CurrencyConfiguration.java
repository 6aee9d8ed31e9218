package org.silkroad.gateway.currency;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The money feature's own infrastructure: its settings, the clock and the note lock table. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CurrencyProperties.class)
class CurrencyConfiguration {

    /** The time quotes' expiries are checked against and held notes expire by; tests put their own first. */
    @Bean
    Clock systemClock() {
        return Clock.systemUTC();
    }

    /** One table per gateway process: every payment of every caller goes through it. */
    @Bean
    NoteLocks noteLocks(Clock clock, CurrencyProperties properties) {
        return new NoteLocks(clock, properties.spentNoteMemory());
    }
}
