package org.silkroad.gateway.caller;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.TestIdentities;
import org.silkroad.gateway.shared.WebSliceConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(MeController.class)
@Import(WebSliceConfiguration.class)
class MeControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @Test
    void tells_the_caller_its_identity_msp_and_role_from_the_certificate() throws Exception {
        mvc.perform(get("/api/v1/me").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("business-1"))
                .andExpect(jsonPath("$.mspId").value("CNMSP"))
                .andExpect(jsonPath("$.role").value("business"))
                .andExpect(jsonPath("$.subject").value("CN=business-1,OU=client"))
                .andExpect(jsonPath("$.issuer").value("CN=ca.cn.silkroad.test,O=Silkroad Test"));
    }

    @Test
    void answers_without_asking_the_ledger() throws Exception {
        ledger.reset();

        mvc.perform(get("/api/v1/me").header("X-API-Key", TestIdentities.BANK_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.role").value("bank"));

        org.assertj.core.api.Assertions.assertThat(ledger.calls()).isEmpty();
    }
}
