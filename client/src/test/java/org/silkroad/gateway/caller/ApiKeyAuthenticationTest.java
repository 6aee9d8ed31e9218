package org.silkroad.gateway.caller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.TestIdentities;
import org.silkroad.gateway.shared.WebSliceConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The API-key authentication of {@code shared.SecurityConfiguration}, seen through {@code /api/v1/me}: every endpoint
 * answers a 401 problem detail unless the X-API-Key header names a known caller.
 */
@WebMvcTest(MeController.class)
@Import(WebSliceConfiguration.class)
class ApiKeyAuthenticationTest {

    @Autowired
    MockMvc mvc;

    @Test
    void missing_api_key_is_401_problem_with_code() throws Exception {
        mvc.perform(get("/api/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(header().string("WWW-Authenticate", "ApiKey header=\"X-API-Key\""))
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"))
                .andExpect(jsonPath("$.status").value(401))
                .andExpect(jsonPath("$.instance").value("/api/v1/me"));
    }

    @Test
    void unknown_api_key_is_401_problem_with_code() throws Exception {
        mvc.perform(get("/api/v1/me").header("X-API-Key", "guessed-key"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    @Test
    void empty_api_key_is_401() throws Exception {
        mvc.perform(get("/api/v1/me").header("X-API-Key", ""))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    @Test
    void the_probe_identity_has_no_api_key_so_its_name_is_not_one() throws Exception {
        mvc.perform(get("/api/v1/me").header("X-API-Key", "gateway-probe"))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void known_api_key_acts_as_its_own_identity() throws Exception {
        mvc.perform(get("/api/v1/me").header("X-API-Key", TestIdentities.BANK_KEY))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("bank"))
                .andExpect(jsonPath("$.certificateSerial").value(org.hamcrest.Matchers.matchesPattern("[0-9a-f]+")))
                .andExpect(jsonPath("$.certificateNotAfter").isNotEmpty());
    }

    @Test
    void unknown_paths_are_401_without_key_so_they_reveal_nothing() throws Exception {
        mvc.perform(get("/api/v1/secret-admin"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("UNAUTHENTICATED"));
    }

    @Test
    void unknown_paths_are_404_problem_with_key() throws Exception {
        mvc.perform(get("/api/v1/nothing-here").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("ENDPOINT_NOT_FOUND"));
    }

    @Test
    void no_session_is_created() throws Exception {
        mvc.perform(get("/api/v1/me").header("X-API-Key", TestIdentities.BUSINESS_KEY))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(result -> assertThat(result.getRequest().getSession(false)).isNull());
    }
}
