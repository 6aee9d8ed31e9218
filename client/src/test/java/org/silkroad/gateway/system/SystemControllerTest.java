package org.silkroad.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.FakeLedger;
import org.silkroad.gateway.shared.LedgerException;
import org.silkroad.gateway.shared.TestIdentities;
import org.silkroad.gateway.shared.WebSliceConfiguration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.json.JsonMapper;

@WebMvcTest(SystemController.class)
@Import({WebSliceConfiguration.class, SystemLedger.class})
class SystemControllerTest {

    private static final String RECORD = """
            {"chaincodeVersion":"0.1.0","creatorMspId":"CNMSP","creatorRole":"business","requestId":"%s",\
            "timestamp":"2026-11-28T12:00:00Z","txId":"%s"}""";

    @Autowired
    MockMvc mvc;

    @Autowired
    FakeLedger ledger;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void resetLedger() {
        ledger.reset();
    }

    private static MockHttpServletRequestBuilder asBusiness(MockHttpServletRequestBuilder request) {
        return request.header("X-API-Key", TestIdentities.BUSINESS_KEY);
    }

    private static MockHttpServletRequestBuilder ping(String body) {
        return asBusiness(post("/api/v1/system/pings").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Nested
    class SubmitPing {

        @Test
        void submits_as_the_caller_and_answers_record_transaction_and_block() throws Exception {
            ledger.on("system:ping", call -> {
                String requestId = json.readTree(call.arguments().get(0)).path("requestId").asString();
                return RECORD.formatted(requestId, call.transactionId());
            });

            mvc.perform(ping("{\"requestId\":\"order-42:a.b_c-d\"}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.record.requestId").value("order-42:a.b_c-d"))
                    .andExpect(jsonPath("$.record.creatorMspId").value("CNMSP"))
                    .andExpect(jsonPath("$.record.txId").value("tx0001"))
                    .andExpect(jsonPath("$.transactionId").value("tx0001"))
                    .andExpect(jsonPath("$.blockNumber").value(5));

            FakeLedger.Call call = ledger.calls().get(0);
            assertThat(call.mode()).isEqualTo("submit");
            assertThat(call.as().name()).isEqualTo("business-1");
            assertThat(json.readTree(call.arguments().get(0)))
                    .isEqualTo(json.readTree("{\"requestId\":\"order-42:a.b_c-d\"}"));
        }

        @Test
        void retry_answers_the_first_record_with_its_own_transaction() throws Exception {
            Map<String, String> recorded = new ConcurrentHashMap<>();
            ledger.on("system:ping", call -> {
                String requestId = json.readTree(call.arguments().get(0)).path("requestId").asString();
                return recorded.computeIfAbsent(requestId, id -> RECORD.formatted(id, call.transactionId()));
            });
            mvc.perform(ping("{\"requestId\":\"r-1\"}")).andExpect(status().isOk());

            mvc.perform(ping("{\"requestId\":\"r-1\"}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.record.txId").value("tx0001"))
                    .andExpect(jsonPath("$.transactionId").value("tx0002"));
        }

        @Test
        void malformed_request_id_is_400_and_nothing_is_submitted() throws Exception {
            mvc.perform(ping("{\"requestId\":\"not allowed!\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors[0].field").value("requestId"));

            assertThat(ledger.calls()).isEmpty();
        }

        @Test
        void request_id_longer_than_128_characters_is_400() throws Exception {
            mvc.perform(ping("{\"requestId\":\"" + "a".repeat(129) + "\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));

            assertThat(ledger.calls()).isEmpty();
        }

        @Test
        void missing_request_id_is_400() throws Exception {
            mvc.perform(ping("{}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
        }

        @Test
        void body_that_is_not_json_is_400_malformed_request() throws Exception {
            mvc.perform(ping("{\"requestId\":"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("MALFORMED_REQUEST"))
                    .andExpect(jsonPath("$.detail", not(org.hamcrest.Matchers.containsString("jackson"))));
        }

        @Test
        void body_that_is_not_declared_json_is_415() throws Exception {
            mvc.perform(asBusiness(post("/api/v1/system/pings").contentType(MediaType.TEXT_PLAIN).content("r-1")))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.code").value("UNSUPPORTED_MEDIA_TYPE"));
        }

        @Test
        void chaincode_conflict_is_409_with_its_code_and_transaction() throws Exception {
            ledger.on("system:ping", call -> {
                throw LedgerException.rejected("CONFLICT", "request r-1 belongs to another caller",
                        call.transactionId());
            });

            mvc.perform(ping("{\"requestId\":\"r-1\"}"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("CONFLICT"))
                    .andExpect(jsonPath("$.detail").value("request r-1 belongs to another caller"))
                    .andExpect(jsonPath("$.transactionId").value("tx0001"));
        }

        @Test
        void invalidated_commit_is_409_commit_failed_with_validation_code() throws Exception {
            ledger.on("system:ping", call -> {
                throw LedgerException.commitFailed("MVCC_READ_CONFLICT", 9, call.transactionId());
            });

            mvc.perform(ping("{\"requestId\":\"r-1\"}"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("COMMIT_FAILED"))
                    .andExpect(jsonPath("$.validationCode").value("MVCC_READ_CONFLICT"))
                    .andExpect(jsonPath("$.retryable").value(true))
                    .andExpect(jsonPath("$.transactionId").value("tx0001"));
        }

        @Test
        void unreachable_ledger_is_503_retryable() throws Exception {
            ledger.on("system:ping", call -> {
                throw new LedgerException(LedgerException.Kind.UNAVAILABLE, null, "UNAVAILABLE: io exception",
                        call.transactionId(), null);
            });

            mvc.perform(ping("{\"requestId\":\"r-1\"}"))
                    .andExpect(status().isServiceUnavailable())
                    .andExpect(header().exists("Retry-After"))
                    .andExpect(jsonPath("$.code").value("LEDGER_UNAVAILABLE"))
                    .andExpect(jsonPath("$.retryable").value(true))
                    .andExpect(jsonPath("$.detail", not(org.hamcrest.Matchers.containsString("io exception"))));
        }

        @Test
        void unexpected_failure_is_500_without_its_message() throws Exception {
            ledger.on("system:ping", call -> {
                throw new IllegalStateException("cannot open /var/lib/silkroad/keys/business-1/key.pem");
            });

            mvc.perform(ping("{\"requestId\":\"r-1\"}"))
                    .andExpect(status().isInternalServerError())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("INTERNAL_ERROR"))
                    .andExpect(jsonPath("$.detail", not(org.hamcrest.Matchers.containsString("/var"))));
        }

        @Test
        void result_that_is_not_a_ping_record_is_502_with_the_transaction() throws Exception {
            ledger.on("system:ping", call -> "not json");

            mvc.perform(ping("{\"requestId\":\"r-1\"}"))
                    .andExpect(status().isBadGateway())
                    .andExpect(jsonPath("$.code").value("LEDGER_BAD_RESPONSE"))
                    .andExpect(jsonPath("$.transactionId").value("tx0001"));
        }
    }

    @Nested
    class ReadPing {

        @Test
        void evaluates_read_ping_with_the_request_id() throws Exception {
            ledger.on("system:readPing", call -> RECORD.formatted(call.arguments().get(0), "tx-first"));

            mvc.perform(asBusiness(get("/api/v1/system/pings/r-7")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.requestId").value("r-7"))
                    .andExpect(jsonPath("$.txId").value("tx-first"))
                    .andExpect(jsonPath("$.timestamp").value("2026-11-28T12:00:00Z"));

            assertThat(ledger.calls()).singleElement().satisfies(call -> {
                assertThat(call.mode()).isEqualTo("evaluate");
                assertThat(call.arguments()).containsExactly("r-7");
            });
        }

        @Test
        void chaincode_not_found_is_404_with_code_and_message() throws Exception {
            ledger.on("system:readPing", call -> {
                throw LedgerException.rejected("NOT_FOUND", "no ping with request ID r-8", null);
            });

            mvc.perform(asBusiness(get("/api/v1/system/pings/r-8")))
                    .andExpect(status().isNotFound())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("NOT_FOUND"))
                    .andExpect(jsonPath("$.detail").value("no ping with request ID r-8"))
                    .andExpect(jsonPath("$.transactionId").doesNotExist());
        }

        @Test
        void chaincode_code_unknown_to_the_table_is_422_with_the_code_kept() throws Exception {
            ledger.on("system:readPing", call -> {
                throw LedgerException.rejected("PING_EXPIRED", "ping r-9 expired", null);
            });

            mvc.perform(asBusiness(get("/api/v1/system/pings/r-9")))
                    .andExpect(status().is(422))
                    .andExpect(jsonPath("$.code").value("PING_EXPIRED"));
        }

        @Test
        void malformed_request_id_in_path_is_400_and_nothing_is_evaluated() throws Exception {
            mvc.perform(asBusiness(get("/api/v1/system/pings/{id}", "bad id!")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                    .andExpect(jsonPath("$.errors", hasSize(1)));

            assertThat(ledger.calls()).isEmpty();
        }
    }

    @Nested
    class Version {

        @Test
        void evaluates_version() throws Exception {
            ledger.on("system:version", call ->
                    "{\"chaincode\":\"silkroad\",\"contracts\":[\"system\"],\"version\":\"0.1.0\"}");

            mvc.perform(asBusiness(get("/api/v1/system/version")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.chaincode").value("silkroad"))
                    .andExpect(jsonPath("$.contracts[0]").value("system"))
                    .andExpect(jsonPath("$.version").value("0.1.0"));
        }

        @Test
        void ledger_timeout_is_504_retryable() throws Exception {
            ledger.on("system:version", call -> {
                throw new LedgerException(LedgerException.Kind.TIMEOUT, null, "DEADLINE_EXCEEDED", null, null);
            });

            mvc.perform(asBusiness(get("/api/v1/system/version")))
                    .andExpect(status().isGatewayTimeout())
                    .andExpect(jsonPath("$.code").value("LEDGER_TIMEOUT"))
                    .andExpect(jsonPath("$.retryable").value(true));
        }

        @Test
        void wrong_method_is_405_problem() throws Exception {
            mvc.perform(asBusiness(post("/api/v1/system/version")))
                    .andExpect(status().isMethodNotAllowed())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value("METHOD_NOT_ALLOWED"));
        }
    }
}
