package org.silkroad.gateway.customs;

import java.nio.file.Path;

import org.silkroad.gateway.currency.ContractDeposits;
import org.silkroad.gateway.shared.CallerStreams;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.IdentityDirectory;
import org.silkroad.gateway.shared.JsonLedger;
import org.silkroad.gateway.shared.SecurityConfiguration;
import org.silkroad.gateway.shared.TestIdentities;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Controller;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The customs feature in a {@code @WebMvcTest} slice: its controller and service, the money feature's services (the
 * duty deposit chooses notes through them; their controllers left out), the real security configuration, CN
 * identities, and the {@link FakeLedger} whose chaincode answers each test scripts.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({SecurityConfiguration.class, CallerStreams.class, JsonLedger.class, CustomsService.class})
@ComponentScan(basePackageClasses = ContractDeposits.class, excludeFilters = {
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = Controller.class),
        // the money feature's own test slice lives in the same package on the test class path
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*Slice")})
class CustomsSlice {

    static final String IMPORTER = "key-importer";
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
        TestIdentities identities = TestIdentities.inEmptyDirectory(Path.of("target", "test-identities-customs"));
        identities.add("importer", "business", IMPORTER);
        identities.add("customs", "customs", CUSTOMS);
        identities.add("gateway-probe", null, null);
        return identities.load();
    }
}
