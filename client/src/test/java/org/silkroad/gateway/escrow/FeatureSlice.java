package org.silkroad.gateway.escrow;

import org.silkroad.gateway.shared.WebSliceConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.RestController;

/**
 * The escrow, dispute and credit features in a {@code @WebMvcTest} slice: their services, the money feature's
 * components they use (currencies' decimals, note selection), the real security configuration and the standard CN
 * identities ({@code business-1}, {@code bank}), with the {@link org.silkroad.gateway.shared.FakeLedger} behind them.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(WebSliceConfiguration.class)
@ComponentScan(basePackages = {"org.silkroad.gateway.currency", "org.silkroad.gateway.escrow",
        "org.silkroad.gateway.dispute", "org.silkroad.gateway.credit"},
        excludeFilters = {@ComponentScan.Filter(type = FilterType.ANNOTATION, classes = RestController.class),
                @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = TestConfiguration.class)})
public class FeatureSlice {

    /** The money facts the slice's currency calls answer with: MYR, two decimals, and one 1,500.00 MYR note. */
    public static void myr(org.silkroad.gateway.shared.FakeLedger ledger) {
        ledger.on("currency:getCurrency", call -> "{\"code\":\"MYR\",\"decimals\":2,\"issuerMspId\":\"MYMSP\","
                + "\"registeredAt\":\"2026-11-28T12:00:00Z\",\"registeredTx\":\"t0\"}");
        ledger.on("currency:unspentNotes", call -> "{\"notes\":[{\"noteId\":\"n0:0\",\"currency\":\"MYR\","
                + "\"owner\":\"CNMSP/business-1\",\"amount\":150000,\"createdTx\":\"n0\"}],\"total\":150000}");
    }
}
