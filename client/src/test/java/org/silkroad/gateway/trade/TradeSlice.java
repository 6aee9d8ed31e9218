package org.silkroad.gateway.trade;

import java.nio.file.Path;

import org.silkroad.gateway.shared.CallerStreams;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.IdentityDirectory;
import org.silkroad.gateway.shared.JsonLedger;
import org.silkroad.gateway.shared.SecurityConfiguration;
import org.silkroad.gateway.shared.TestIdentities;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The trade feature in a {@code @WebMvcTest} slice: its controller and services, the real security configuration, CN
 * identities, and the {@link FakeLedger} whose chaincode answers each test scripts.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, JsonLedger.class, TradeService.class, ShipmentStreams.class,
        CallerStreams.class})
class TradeSlice {

    static final String EXPORTER = "key-exporter";
    static final String CARRIER = "key-carrier";
    static final String BANK = "key-bank";
    static final String CUSTOMS = "key-customs";

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

    private static IdentityDirectory identities() {
        TestIdentities identities = TestIdentities.inEmptyDirectory(Path.of("target", "test-identities-trade"));
        identities.add("exporter", "business", EXPORTER);
        identities.add("carrier", "business", CARRIER);
        identities.add("bank", "bank", BANK);
        identities.add("customs", "customs", CUSTOMS);
        identities.add("gateway-probe", null, null);
        return identities.load();
    }
}
