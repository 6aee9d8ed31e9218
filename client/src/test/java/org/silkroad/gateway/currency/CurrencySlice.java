package org.silkroad.gateway.currency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

import org.silkroad.gateway.shared.CallerStreams;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.IdentityDirectory;
import org.silkroad.gateway.shared.SecurityConfiguration;
import org.silkroad.gateway.shared.TestIdentities;
import org.silkroad.gateway.shared.TestPki;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The money feature in a {@code @WebMvcTest} slice: its controllers and services, the real security configuration,
 * CN identities of every role it needs, the {@link FakeLedger} with {@link FakeCurrencyChaincode} behind it, and a
 * clock the test moves.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, CurrencyConfiguration.class, CurrencyLedger.class, Currencies.class,
        NoteSpender.class, ExactNotes.class, Render.class, WalletAccess.class, CurrencyService.class, WalletService.class,
        PaymentService.class, QuoteService.class, PaymentStreams.class, RecoveryService.class,
        CallerStreams.class})
class CurrencySlice {

    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final String BUSINESS_1 = "key-business-1";
    static final String BUSINESS_2 = "key-business-2";
    static final String BANK = "key-bank";
    static final String CENTRAL_BANK = "key-central-bank";
    static final String REGULATOR = "key-regulator";

    private static final IdentityDirectory IDENTITIES = identities();

    static MockHttpServletRequestBuilder as(String apiKey, MockHttpServletRequestBuilder request) {
        return request.header("X-API-Key", apiKey);
    }

    @Bean
    IdentityDirectory identityDirectory() {
        return IDENTITIES;
    }

    @Bean
    FakeLedger fakeLedger() {
        return new FakeLedger();
    }

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(NOW);
    }

    private static IdentityDirectory identities() {
        Path directory = Path.of("target", "test-identities-currency");
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> files = Files.walk(directory)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                }
            }
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestIdentities identities = new TestIdentities(TestPki.newCa("ca.cn.silkroad.test"), directory);
        identities.add("business-1", "business", BUSINESS_1);
        identities.add("business-2", "business", BUSINESS_2);
        identities.add("bank", "bank", BANK);
        identities.add("central-bank", "central-bank", CENTRAL_BANK);
        identities.add("regulator", "regulator", REGULATOR);
        identities.add("gateway-probe", null, null);
        return identities.load();
    }
}
