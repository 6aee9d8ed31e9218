package org.silkroad.gateway.explorer;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.IdentityDirectory;
import org.silkroad.gateway.shared.SecurityConfiguration;
import org.silkroad.gateway.shared.TestIdentities;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** Only courts and regulators reach the explorer's API; its static pages hold no data and are public. */
@WebMvcTest({ExplorerController.class, ExplorerPages.class})
@Import({SecurityConfiguration.class, ExplorerAccessTest.Setup.class})
class ExplorerAccessTest {

    static final String COURT_KEY = "test-key-court-5be1";
    static final String REGULATOR_KEY = "test-key-regulator-a90c";
    static final String CENTRAL_BANK_KEY = "test-key-central-bank-11aa";

    @TestConfiguration(proxyBeanMethods = false)
    static class Setup {
        @Bean
        IdentityDirectory identityDirectory() {
            TestIdentities identities = TestIdentities.standard(Path.of("target", "explorer-ids-" + UUID.randomUUID()));
            identities.add("court", "court", COURT_KEY);
            identities.add("regulator", "regulator", REGULATOR_KEY);
            identities.add("central-bank", "central-bank", CENTRAL_BANK_KEY);
            return identities.load();
        }

        @Bean
        ExplorerService explorerService(JsonMapper json) {
            ExplorerStore store = RecordedBlocks.newStore("explorer-access-" + UUID.randomUUID());
            RecordedBlocks.indexAll(store);
            BlockIndexer idle = new BlockIndexer(new RecordedBlocks.Source(-1), store, new BlockParser(json));
            return new ExplorerService(store, idle, json, "CNMSP", "silkroad");
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void a_court_and_a_regulator_read_the_explorer() throws Exception {
        mvc.perform(get("/api/v1/explorer/blocks/10").header("X-API-Key", COURT_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.number").value(10))
                .andExpect(jsonPath("$.transactions[0].txId").value(RecordedBlocks.PAYMENT_TX));
        mvc.perform(get("/api/v1/explorer/search").param("q", "PAY-42").header("X-API-Key", REGULATOR_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.transactions[0].txId").value(RecordedBlocks.PAYMENT_TX));
    }

    @Test
    void every_other_role_is_forbidden_with_a_problem_detail() throws Exception {
        for (String key : new String[] {TestIdentities.BUSINESS_KEY, TestIdentities.BANK_KEY, CENTRAL_BANK_KEY}) {
            mvc.perform(get("/api/v1/explorer/status").header("X-API-Key", key))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        }
        mvc.perform(get("/api/v1/explorer/bundle").param("id", "PAY-42").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isForbidden());
    }

    @Test
    void without_an_api_key_the_api_is_closed() throws Exception {
        mvc.perform(get("/api/v1/explorer/status")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    @Test
    void the_bundle_is_a_download_for_a_court() throws Exception {
        mvc.perform(get("/api/v1/explorer/bundle").param("id", "PAY-42").header("X-API-Key", COURT_KEY))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition", "attachment; filename=\"evidence-bundle.json\""))
                .andExpect(jsonPath("$.format").value("silkroad-evidence-bundle/1"))
                .andExpect(jsonPath("$.exportedBy").value("CNMSP/court"));
    }

    @Test
    void the_transactions_and_entities_naming_an_id_are_paged_by_a_cursor() throws Exception {
        mvc.perform(get("/api/v1/explorer/search/transactions").param("q", "PAY-42").param("limit", "1")
                        .header("X-API-Key", COURT_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.transactions[0].txId").value(RecordedBlocks.PAYMENT_TX))
                .andExpect(jsonPath("$.next").value(org.hamcrest.Matchers.nullValue()));
        mvc.perform(get("/api/v1/explorer/search/transactions").param("q", "PAY-42").param("after", "10")
                        .header("X-API-Key", COURT_KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("EXPLORER_BAD_CURSOR"));
        mvc.perform(get("/api/v1/explorer/search/transactions").param("q", "PAY-42")
                        .header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/explorer/search/entities").param("q", "PAY-42").header("X-API-Key", COURT_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.entities[*].key").value(org.hamcrest.Matchers.hasItem(
                        "silkroad.currency.payment/PAY-42")));
        mvc.perform(get("/api/v1/explorer/search/entities").param("q", "PAY-42").param("after", "x")
                        .header("X-API-Key", COURT_KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("EXPLORER_BAD_CURSOR"));
    }

    @Test
    void unknown_things_are_404_problems_with_stable_codes() throws Exception {
        mvc.perform(get("/api/v1/explorer/blocks/999").header("X-API-Key", COURT_KEY))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.code").value("EXPLORER_BLOCK_NOT_FOUND"));
        mvc.perform(get("/api/v1/explorer/documents/xyz").header("X-API-Key", COURT_KEY))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("EXPLORER_BAD_QUERY"));
    }

    @Test
    void the_pages_are_public_and_forbid_inline_script() throws Exception {
        mvc.perform(get("/explorer")).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", "/explorer/index.html"));
        mvc.perform(get("/api/v1/explorer/status").header("X-API-Key", COURT_KEY))
                .andExpect(header().string("Content-Security-Policy", org.hamcrest.Matchers.containsString(
                        "script-src 'self'")));
        mvc.perform(get("/explorer/index.html")).andExpect(content().string(
                org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("<script>"))));
    }
}
