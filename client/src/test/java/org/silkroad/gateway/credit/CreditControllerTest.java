package org.silkroad.gateway.credit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.escrow.FeatureSlice;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.LedgerException;
import org.silkroad.gateway.shared.TestIdentities;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(CreditController.class)
@Import(FeatureSlice.class)
class CreditControllerTest {

    static final String ATTEST = "{\"attestationId\":\"A-1\",\"subject\":\"MYMSP/exporter\","
            + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00Z\",\"ratingBand\":\"BBB+\","
            + "\"creditLimit\":\"50000.00\",\"currency\":\"MYR\",\"basis\":\"trade record\"}";
    static final String DETAILS = "{\"attestationId\":\"A-1\",\"subject\":\"MYMSP/exporter\",\"attester\":\"CNMSP/bank\","
            + "\"validFrom\":\"2026-01-01T00:00:00Z\",\"validUntil\":\"2027-01-01T00:00:00Z\",\"ratingBand\":\"BBB+\","
            + "\"creditLimit\":5000000,\"currency\":\"MYR\",\"basis\":\"trade record\",\"salt\":\"s\"}";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    final JsonMapper json = JsonMapper.builder().build();

    @BeforeEach
    void script() {
        ledger.reset();
        FeatureSlice.myr(ledger);
    }

    @Test
    void an_attestation_sends_its_details_with_a_fresh_salt_as_transient_data_only() throws Exception {
        ledger.on("credit:getAttestation", call -> {
            throw new LedgerException(LedgerException.Kind.REJECTED, "NOT_FOUND", "NOT_FOUND: no attestation A-1",
                    null, null);
        });
        ledger.on("credit:attest", call -> "{\"attestationId\":\"A-1\",\"detailsHash\":\"" + "a".repeat(64) + "\"}");

        mvc.perform(post("/api/v1/credit/attestations").header("X-API-Key", TestIdentities.BANK_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(ATTEST))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.detailsHash").isString());

        FakeLedger.Call attest = ledger.calls().stream().filter(c -> c.transaction().equals("credit:attest"))
                .findFirst().orElseThrow();
        assertThat(attest.arguments().get(0)).doesNotContain("BBB+", "trade record", "5000000");
        JsonNode details = json.readTree(attest.transientData().get("details"));
        assertThat(details.path("creditLimit").asLong()).isEqualTo(5_000_000);
        assertThat(details.path("salt").asString()).hasSizeGreaterThanOrEqualTo(43);
    }

    @Test
    void a_consent_passes_the_subjects_own_copy_of_the_details_to_the_chaincode() throws Exception {
        ledger.on("credit:getDetails", call -> DETAILS);
        ledger.on("credit:grantConsent", call -> "{\"attestationId\":\"A-1\",\"status\":\"granted\"}");

        mvc.perform(post("/api/v1/credit/attestations/A-1/consents").header("X-API-Key", TestIdentities.BUSINESS_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"lender\":\"CNMSP/bank\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("granted"));
        FakeLedger.Call consent = ledger.calls().stream().filter(c -> c.transaction().equals("credit:grantConsent"))
                .findFirst().orElseThrow();
        assertThat(new String(consent.transientData().get("details"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(DETAILS);
    }

    @Test
    void details_show_the_limit_in_major_units_and_without_consent_are_a_403() throws Exception {
        ledger.on("credit:getDetails", call -> DETAILS);
        mvc.perform(get("/api/v1/credit/attestations/A-1/details").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.creditLimit").value("50000.00"))
                .andExpect(jsonPath("$.salt").value("s"));

        ledger.on("credit:getDetails", call -> {
            throw new LedgerException(LedgerException.Kind.REJECTED, "NO_CONSENT", "NO_CONSENT: CNMSP/bank may not",
                    null, null);
        });
        mvc.perform(get("/api/v1/credit/attestations/A-1/details").header("X-API-Key", TestIdentities.BANK_KEY))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("NO_CONSENT"));
    }

    @Test
    void a_verification_hands_the_presented_details_back_in_minor_units() throws Exception {
        ledger.on("credit:verify", call -> "{\"attestationId\":\"A-1\",\"genuine\":true,\"current\":true}");
        String presented = DETAILS.replace("5000000", "\"50000.00\"");

        mvc.perform(post("/api/v1/credit/verifications").header("X-API-Key", TestIdentities.BANK_KEY)
                        .contentType(MediaType.APPLICATION_JSON).content(presented))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.current").value(true));
        FakeLedger.Call verify = ledger.calls().stream().filter(c -> c.transaction().equals("credit:verify"))
                .findFirst().orElseThrow();
        assertThat(json.readTree(verify.transientData().get("details"))).isEqualTo(json.readTree(DETAILS));
    }
}
