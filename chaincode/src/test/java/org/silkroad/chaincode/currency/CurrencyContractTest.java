package org.silkroad.chaincode.currency;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.silkroad.chaincode.currency.CurrencyWorld.ALICE;
import static org.silkroad.chaincode.currency.CurrencyWorld.BNM;
import static org.silkroad.chaincode.currency.CurrencyWorld.BNR;
import static org.silkroad.chaincode.currency.CurrencyWorld.BOB;
import static org.silkroad.chaincode.currency.CurrencyWorld.CAROL;
import static org.silkroad.chaincode.currency.CurrencyWorld.COURT;
import static org.silkroad.chaincode.currency.CurrencyWorld.EHUB;
import static org.silkroad.chaincode.currency.CurrencyWorld.ICBC;
import static org.silkroad.chaincode.currency.CurrencyWorld.MAYBANK;
import static org.silkroad.chaincode.currency.CurrencyWorld.MERCHANT;
import static org.silkroad.chaincode.currency.CurrencyWorld.PBOC;
import static org.silkroad.chaincode.currency.CurrencyWorld.POS;
import static org.silkroad.chaincode.currency.CurrencyWorld.REGULATOR;
import static org.silkroad.chaincode.currency.CurrencyWorld.json;
import static org.silkroad.chaincode.currency.CurrencyWorld.payJson;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkroad.chaincode.currency.CurrencyWorld.Who;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;
import tools.jackson.databind.JsonNode;

class CurrencyContractTest {

    private final CurrencyWorld world = new CurrencyWorld();

    private String issueJson(String requestId, String currency, Who to, Object amount) {
        return String.format("{\"requestId\":\"%s\",\"currency\":\"%s\",\"wallet\":\"%s\",\"amount\":%s}",
                requestId, currency, to.wallet(), amount);
    }

    @Nested
    class RegisterCurrency {

        @Test
        void registers_the_callers_state_as_issuer() {
            JsonNode currency = json(world.submit(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}"));

            assertThat(currency.get("code").asString()).isEqualTo("CNY");
            assertThat(currency.get("decimals").asInt()).isEqualTo(2);
            assertThat(currency.get("issuerMspId").asString()).isEqualTo("CNMSP");
            assertThat(currency.get("registeredAt").asString()).isEqualTo("2026-03-02T10:00:00Z");
            JsonNode audit = world.audit("CNY");
            assertThat(audit.get("issued").asLong()).isZero();
            assertThat(audit.get("balanced").asBoolean()).isTrue();
        }

        @Test
        void makes_the_issuing_states_peers_necessary_endorsers_of_its_supply()
                throws com.google.protobuf.InvalidProtocolBufferException {
            world.submit(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}");

            Map<String, byte[]> policies = world.last.validationParameters();
            assertThat(policies).containsOnlyKeys("\u0000silkroad.currency.supply\u0000CNY\u0000");
            var envelope = org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope.parseFrom(
                    policies.values().iterator().next());
            assertThat(envelope.getIdentitiesList()).hasSize(1);
            var role = org.hyperledger.fabric.protos.common.MSPRole.parseFrom(envelope.getIdentities(0).getPrincipal());
            assertThat(role.getMspIdentifier()).isEqualTo("CNMSP");
            assertThat(role.getRole()).isEqualTo(org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType.PEER);
        }

        @Test
        void repeats_idempotently_for_the_same_state_and_decimals() {
            String first = world.submit(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}");
            world.advance(Duration.ofMinutes(1));

            assertThat(world.submit(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}")).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
        }

        @Test
        void refuses_the_same_code_from_another_state_or_with_other_decimals() {
            world.submit(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}");

            world.refused(BNM, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}", "CURRENCY_EXISTS");
            world.refused(PBOC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":4}", "CURRENCY_EXISTS");
        }

        @Test
        void refuses_a_caller_that_is_not_a_central_bank() {
            world.refused(ICBC, "registerCurrency", "{\"code\":\"CNY\",\"decimals\":2}", "FORBIDDEN");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"code\":\"cny\",\"decimals\":2}",
            "{\"code\":\"CNYY\",\"decimals\":2}",
            "{\"code\":\"CNY\",\"decimals\":9}",
            "{\"code\":\"CNY\",\"decimals\":-1}",
            "{\"code\":\"CNY\",\"decimals\":2.5}",
            "{\"code\":\"CNY\",\"decimals\":\"2\"}",
            "{\"code\":\"CNY\"}",
            "{\"code\":\"CNY\",\"decimals\":2,\"extra\":1}",
            ""
        })
        void rejects_malformed_requests(String request) {
            world.refused(PBOC, "registerCurrency", request, "INVALID_ARGUMENT");
        }
    }

    @Nested
    class Issue {

        @Test
        void creates_one_note_in_the_wallet_and_adds_to_the_supply() {
            world.standard();

            JsonNode result = json(world.submit(PBOC, "issue", issueJson("i-1", "CNY", BOB, 10_000)));

            String txId = world.last.getTxId();
            assertThat(result.get("requestId").asString()).isEqualTo("i-1");
            assertThat(result.get("currency").asString()).isEqualTo("CNY");
            assertThat(result.get("wallet").asString()).isEqualTo("MYMSP/bob");
            assertThat(result.get("amount").asLong()).isEqualTo(10_000);
            assertThat(result.get("noteId").asString()).isEqualTo(txId + ":0");
            assertThat(result.get("txId").asString()).isEqualTo(txId);
            assertThat(world.balance(BOB, "CNY")).isEqualTo(10_000);
            assertThat(world.audit("CNY").get("issued").asLong()).isEqualTo(10_000);
        }

        @Test
        void returns_the_first_result_for_a_retry_and_writes_nothing() {
            world.standard();
            String first = world.submit(PBOC, "issue", issueJson("i-1", "CNY", ALICE, 500));

            assertThat(world.submit(PBOC, "issue", issueJson("i-1", "CNY", ALICE, 500))).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            assertThat(world.audit("CNY").get("issued").asLong()).isEqualTo(500);
        }

        @Test
        void refuses_a_request_id_reused_for_different_content() {
            world.standard();
            world.submit(PBOC, "issue", issueJson("i-1", "CNY", ALICE, 500));

            world.refused(PBOC, "issue", issueJson("i-1", "CNY", ALICE, 501), "REQUEST_ID_REUSED");
        }

        @Test
        void refuses_every_identity_but_the_issuers_central_bank() {
            world.standard();

            world.refused(BNM, "issue", issueJson("i-1", "CNY", ALICE, 500), "NOT_ISSUER");
            world.refused(ICBC, "issue", issueJson("i-1", "CNY", ALICE, 500), "NOT_ISSUER");
            world.refused(ALICE, "issue", issueJson("i-1", "CNY", ALICE, 500), "NOT_ISSUER");
        }

        @Test
        void refuses_an_unknown_currency_and_a_wallet_not_open() {
            world.standard();

            world.refused(PBOC, "issue", issueJson("i-1", "RWF", ALICE, 500), "UNKNOWN_CURRENCY");
            world.refused(PBOC, "issue", issueJson("i-1", "CNY", new Who("CNMSP", "business", "nobody"), 500),
                    "WALLET_NOT_FOUND");
        }

        @Test
        void refuses_a_supply_beyond_the_largest_amount() {
            world.standard();
            world.submit(PBOC, "issue", issueJson("i-1", "CNY", ALICE, Long.MAX_VALUE));

            world.refused(PBOC, "issue", issueJson("i-2", "CNY", ALICE, 1), "AMOUNT_OVERFLOW");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5", "1.5", "1e3", "\"100\"", "9223372036854775808", "null", "true"})
        void accepts_only_positive_json_integers_as_amounts(String amount) {
            world.standard();

            world.refused(PBOC, "issue", issueJson("i-1", "CNY", ALICE, amount), "INVALID_ARGUMENT");
        }

        @Test
        void rejects_a_malformed_wallet_id() {
            world.standard();

            world.refused(PBOC, "issue",
                    "{\"requestId\":\"i-1\",\"currency\":\"CNY\",\"wallet\":\"alice\",\"amount\":5}", "INVALID_ARGUMENT");
        }
    }

    @Nested
    class Redeem {

        @Test
        void retires_notes_of_the_central_banks_own_wallet() {
            world.standard();
            String note = world.issue("CNY", ALICE, 700);
            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), PBOC, 700));
            String held = world.json(world.submit(ALICE, "getPayment", "{\"paymentId\":\"p-1\"}"))
                    .get("outputs").get(0).get("noteId").asString();

            JsonNode result = json(world.submit(PBOC, "redeem",
                    "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + held + "\"]}"));

            assertThat(result.get("amount").asLong()).isEqualTo(700);
            assertThat(result.get("notes").get(0).asString()).isEqualTo(held);
            assertThat(result.get("txId").asString()).isEqualTo(world.last.getTxId());
            JsonNode audit = world.audit("CNY");
            assertThat(audit.get("redeemed").asLong()).isEqualTo(700);
            assertThat(audit.get("outstanding").asLong()).isZero();
            assertThat(audit.get("balanced").asBoolean()).isTrue();
            assertThat(world.submit(PBOC, "redeem",
                    "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + held + "\"]}"))
                    .isEqualTo(result.toString());
            world.refused(PBOC, "redeem", "{\"requestId\":\"r-2\",\"currency\":\"CNY\",\"notes\":[\"" + held + "\"]}",
                    "NOTE_SPENT");
        }

        @Test
        void refuses_notes_held_by_anyone_else() {
            world.standard();
            String note = world.issue("CNY", ALICE, 700);

            world.refused(PBOC, "redeem", "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + note + "\"]}",
                    "NOTE_NOT_FOUND");
        }

        @Test
        void refuses_another_states_central_bank() {
            world.standard();
            String note = world.issue("CNY", BNM, 700);

            world.refused(BNM, "redeem", "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + note + "\"]}",
                    "NOT_ISSUER");
        }

        @Test
        void refuses_a_request_id_reused_for_other_notes() {
            world.standard();
            String a = world.issue("CNY", PBOC, 1);
            String b = world.issue("CNY", PBOC, 2);
            world.submit(PBOC, "redeem", "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + a + "\"]}");

            world.refused(PBOC, "redeem", "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + b + "\"]}",
                    "REQUEST_ID_REUSED");
        }

        @Test
        void rejects_duplicate_and_empty_note_lists() {
            world.standard();
            String a = world.issue("CNY", PBOC, 1);

            world.refused(PBOC, "redeem",
                    "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[\"" + a + "\",\"" + a + "\"]}",
                    "INVALID_ARGUMENT");
            world.refused(PBOC, "redeem", "{\"requestId\":\"r-1\",\"currency\":\"CNY\",\"notes\":[]}",
                    "INVALID_ARGUMENT");
        }
    }

    @Nested
    class OpenWallet {

        @Test
        void opens_the_callers_wallet_named_by_its_enrollment_id() {
            JsonNode wallet = json(world.submit(ALICE, "openWallet", null));

            assertThat(wallet.get("walletId").asString()).isEqualTo("CNMSP/alice");
            assertThat(wallet.get("mspId").asString()).isEqualTo("CNMSP");
            assertThat(wallet.get("kind").asString()).isEqualTo("standard");
            assertThat(wallet.get("tier").asString()).isEqualTo("default");
            assertThat(wallet.get("frozen").asBoolean()).isFalse();
        }

        @Test
        void is_idempotent() {
            String first = world.submit(ALICE, "openWallet", null);
            world.advance(Duration.ofHours(1));

            assertThat(world.submit(ALICE, "openWallet", null)).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
        }

        @Test
        void names_the_wallet_by_the_certificate_cn_when_the_enrollment_id_attribute_is_absent() {
            byte[] creator = TestIdentities.serializedIdentity("RWMSP", TestIdentities.enrollmentCertificate(
                    "trader-9", TestIdentities.attrsExtension(java.util.Map.of("silkroad.role", "business"))));
            FakeStub stub = world.ledger.propose(creator, world.now, "currency:openWallet");

            assertThat(json(world.contract.openWallet(new Context(stub))).get("walletId").asString())
                    .isEqualTo("RWMSP/trader-9");
        }

        @Test
        void refuses_devices_and_callers_without_a_role() {
            world.refused(POS, "openWallet", null, "FORBIDDEN");
            world.refused(new Who("CNMSP", null, "norole"), "openWallet", null, "FORBIDDEN");
        }
    }

    @Nested
    class RegisterDevice {

        @Test
        void registers_a_device_wallet_owned_by_the_caller() {
            world.standard();

            JsonNode device = json(world.submit(MERCHANT, "registerDevice",
                    "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":5000}}"));

            assertThat(device.get("walletId").asString()).isEqualTo("CNMSP/pos-1");
            assertThat(device.get("kind").asString()).isEqualTo("device");
            assertThat(device.get("owner").asString()).isEqualTo("CNMSP/merchant");
            assertThat(device.get("perPaymentCap").get("CNY").asLong()).isEqualTo(5000);
        }

        @Test
        void lets_the_owner_change_the_caps_and_nobody_else_take_the_id() {
            world.standard();
            world.submit(MERCHANT, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":5000}}");

            JsonNode changed = json(world.submit(MERCHANT, "registerDevice",
                    "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":100,\"MYR\":50}}"));

            assertThat(changed.get("perPaymentCap").get("MYR").asLong()).isEqualTo(50);
            world.refused(EHUB, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":1}}", "CONFLICT");
            world.refused(MERCHANT, "registerDevice", "{\"deviceId\":\"alice\",\"caps\":{\"CNY\":1}}", "CONFLICT");
        }

        @Test
        void keeps_standard_identities_and_devices_apart() {
            world.standard();
            world.submit(MERCHANT, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":5000}}");
            String note = world.issue("CNY", POS, 100);
            Who squatter = new Who("CNMSP", "business", "pos-1");

            world.refused(squatter, "openWallet", null, "FORBIDDEN");
            world.refused(squatter, "pay", payJson("p-1", "CNY", List.of(note), ALICE, 100), "FORBIDDEN");
        }

        @Test
        void refuses_other_roles_unknown_currencies_and_owners_without_a_wallet() {
            world.standard();

            world.refused(ICBC, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":1}}", "FORBIDDEN");
            world.refused(MERCHANT, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"EUR\":1}}",
                    "UNKNOWN_CURRENCY");
            world.refused(new Who("CNMSP", "business", "late"), "registerDevice",
                    "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":1}}", "WALLET_NOT_FOUND");
            world.refused(MERCHANT, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":0}}",
                    "INVALID_ARGUMENT");
            world.refused(MERCHANT, "registerDevice", "{\"deviceId\":\"a/b\",\"caps\":{\"CNY\":1}}",
                    "INVALID_ARGUMENT");
        }
    }

    @Nested
    class TiersAndFreezes {

        @Test
        void defines_a_tier_and_assigns_it_within_the_central_banks_jurisdiction() {
            world.standard();

            JsonNode tier = json(world.submit(PBOC, "setTier",
                    "{\"tier\":\"retail\",\"limits\":{\"CNY\":{\"perPayment\":1000,\"daily\":3000}}}"));
            JsonNode wallet = json(world.submit(PBOC, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"retail\"}"));

            assertThat(tier.get("limits").get("CNY").get("daily").asLong()).isEqualTo(3000);
            assertThat(wallet.get("tier").asString()).isEqualTo("retail");
        }

        @Test
        void refuses_to_assign_a_tier_the_central_bank_has_not_defined() {
            world.standard();

            world.refused(PBOC, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"gold\"}", "UNKNOWN_TIER");
            assertThat(json(world.submit(PBOC, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"default\"}"))
                    .get("tier").asString()).isEqualTo("default");
        }

        @Test
        void refuses_a_central_bank_acting_on_another_states_wallet() {
            world.standard();
            world.submit(BNM, "setTier", "{\"tier\":\"retail\",\"limits\":{}}");

            world.refused(BNM, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"retail\"}", "NOT_JURISDICTION");
            world.refused(BNM, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"x\"}", "NOT_JURISDICTION");
            world.refused(BNM, "unfreeze", "{\"wallet\":\"CNMSP/alice\"}", "NOT_JURISDICTION");
        }

        @Test
        void refuses_tier_and_freeze_changes_by_anyone_but_a_central_bank() {
            world.standard();

            world.refused(ICBC, "setTier", "{\"tier\":\"retail\",\"limits\":{}}", "FORBIDDEN");
            world.refused(ICBC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"x\"}", "FORBIDDEN");
            world.refused(REGULATOR, "assignTier", "{\"wallet\":\"MYMSP/bob\",\"tier\":\"default\"}", "FORBIDDEN");
        }

        @Test
        void freezes_and_unfreezes_with_a_reason() {
            world.standard();

            JsonNode frozen = json(world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"court order 7\"}"));
            JsonNode unfrozen = json(world.submit(PBOC, "unfreeze", "{\"wallet\":\"CNMSP/alice\"}"));

            assertThat(frozen.get("frozen").asBoolean()).isTrue();
            assertThat(frozen.get("frozenReason").asString()).isEqualTo("court order 7");
            assertThat(unfrozen.get("frozen").asBoolean()).isFalse();
            assertThat(unfrozen.has("frozenReason")).isFalse();
            world.refused(PBOC, "freeze", "{\"wallet\":\"CNMSP/nobody\",\"reason\":\"x\"}", "WALLET_NOT_FOUND");
            world.refused(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\" \"}", "INVALID_ARGUMENT");
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"tier\":\"retail\",\"limits\":{\"CNY\":{}}}",
            "{\"tier\":\"retail\",\"limits\":{\"CNY\":{\"perPayment\":0}}}",
            "{\"tier\":\"retail\",\"limits\":{\"cny\":{\"daily\":5}}}",
            "{\"tier\":\"re tail\",\"limits\":{}}",
            "{\"tier\":\"retail\"}"
        })
        void rejects_malformed_tiers(String request) {
            world.standard();

            world.refused(PBOC, "setTier", request, "INVALID_ARGUMENT");
        }
    }

    @Nested
    class Recover {

        private String recoverJson(String paymentId, Who from, String currency, List<String> notes, Who to) {
            return String.format("{\"paymentId\":\"%s\",\"wallet\":\"%s\",\"currency\":\"%s\",\"notes\":%s,"
                    + "\"successor\":\"%s\",\"reason\":\"identity revoked\"}", paymentId, from.wallet(), currency,
                    CurrencyWorld.quoted(notes), to.wallet());
        }

        @Test
        void moves_a_frozen_wallets_notes_to_its_successor_as_one_note_and_records_who_and_why() {
            world.standard();
            String first = world.issue("CNY", ALICE, 700);
            String second = world.issue("CNY", ALICE, 300);
            world.issue("MYR", ALICE, 50);
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"identity revoked\"}");

            JsonNode recovery = json(world.submit(PBOC, "recover",
                    recoverJson("r-1", ALICE, "CNY", List.of(first, second), MERCHANT)));

            String txId = world.last.getTxId();
            assertThat(recovery.get("kind").asString()).isEqualTo("recovery");
            assertThat(recovery.get("payer").asString()).isEqualTo("CNMSP/alice");
            assertThat(recovery.get("authority").asString()).isEqualTo("CNMSP");
            assertThat(recovery.get("reason").asString()).isEqualTo("identity revoked");
            assertThat(recovery.get("outputs")).hasSize(1);
            assertThat(recovery.get("outputs").get(0).get("noteId").asString()).isEqualTo(txId + ":0");
            assertThat(recovery.get("outputs").get(0).get("amount").asLong()).isEqualTo(1000);
            assertThat(world.last.eventName()).isEqualTo(CurrencyContract.PAYMENT_EVENT);
            assertThat(world.balance(ALICE, "CNY")).isZero();
            assertThat(world.balance(ALICE, "MYR")).isEqualTo(50);
            assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(1000);
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
            assertThat(world.audit("CNY").get("issued").asLong()).isEqualTo(1000);
            for (Who wallet : List.of(ALICE, MERCHANT)) {
                JsonNode history = json(world.evaluate(PBOC, "history", "{\"wallet\":\"" + wallet.wallet() + "\"}"));
                assertThat(history.get("payments").get(history.get("payments").size() - 1).get("paymentId").asString())
                        .isEqualTo("r-1");
            }
            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(first), BOB, 700), "WALLET_FROZEN");
            world.submit(PBOC, "unfreeze", "{\"wallet\":\"CNMSP/alice\"}");
            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(first), BOB, 700), "NOTE_SPENT");
        }

        @Test
        void returns_the_first_result_for_a_retry_and_refuses_the_id_for_anything_else() {
            world.standard();
            String first = world.issue("CNY", ALICE, 700);
            String second = world.issue("CNY", ALICE, 300);
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"lost key\"}");
            String recovery = world.submit(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(first), MERCHANT));

            assertThat(world.submit(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(first), MERCHANT)))
                    .isEqualTo(recovery);
            assertThat(world.last.writes()).isEmpty();
            assertThat(world.last.eventName()).isNull();
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(second), MERCHANT),
                    "PAYMENT_ID_REUSED");
            world.refused(PBOC, "recover", recoverJson("r-2", ALICE, "CNY", List.of(first), MERCHANT), "NOTE_SPENT");
        }

        @Test
        void needs_the_wallets_own_central_bank_and_a_successor_in_its_state() {
            world.standard();
            String note = world.issue("CNY", ALICE, 700);
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"lost key\"}");

            world.refused(BNM, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), MERCHANT), "NOT_JURISDICTION");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), BOB), "NOT_JURISDICTION");
            for (Who notACentralBank : List.of(ICBC, MERCHANT, ALICE, COURT, REGULATOR)) {
                world.refused(notACentralBank, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), MERCHANT),
                        "FORBIDDEN");
            }
            assertThat(world.balance(ALICE, "CNY")).isEqualTo(700);
        }

        @Test
        void lets_the_issuer_take_its_currency_back_from_a_wallet_of_a_state_that_left_the_channel() {
            world.standard();
            String first = world.issue("CNY", BOB, 400);
            String second = world.issue("CNY", BOB, 100);
            world.issue("MYR", BOB, 50);

            world.refused(PBOC, "recover", recoverJson("r-1", BOB, "CNY", List.of(first, second), MERCHANT),
                    "NOT_JURISDICTION");
            world.ledger.leaveChannel("MYMSP");
            world.refused(BNR, "recover", recoverJson("r-1", BOB, "CNY", List.of(first), CAROL), "NOT_JURISDICTION");
            world.refused(PBOC, "recover", recoverJson("r-1", BOB, "MYR", List.of(first), MERCHANT),
                    "NOT_JURISDICTION");
            world.refused(PBOC, "recover", recoverJson("r-1", BOB, "CNY", List.of(first), CAROL), "NOT_JURISDICTION");
            world.refused(ICBC, "recover", recoverJson("r-1", BOB, "CNY", List.of(first), MERCHANT), "FORBIDDEN");

            String recovery = world.submit(PBOC, "recover",
                    recoverJson("r-1", BOB, "CNY", List.of(first, second), MERCHANT));

            JsonNode record = json(recovery);
            assertThat(record.get("kind").asString()).isEqualTo("recovery");
            assertThat(record.get("payer").asString()).isEqualTo("MYMSP/bob");
            assertThat(record.get("authority").asString()).isEqualTo("CNMSP");
            assertThat(record.get("outputs").get(0).get("amount").asLong()).isEqualTo(500);
            assertThat(world.balance(BOB, "CNY")).isZero();
            assertThat(world.balance(BOB, "MYR")).isEqualTo(50);
            assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(500);
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
            assertThat(world.submit(PBOC, "recover", recoverJson("r-1", BOB, "CNY", List.of(first, second), MERCHANT)))
                    .isEqualTo(recovery);
            assertThat(world.last.writes()).isEmpty();
        }

        @Test
        void still_needs_a_freeze_for_a_wallet_of_the_callers_own_state_after_another_state_left() {
            world.standard();
            String note = world.issue("CNY", ALICE, 700);
            world.ledger.leaveChannel("MYMSP");

            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), MERCHANT),
                    "WALLET_NOT_FROZEN");
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"lost key\"}");
            world.submit(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), MERCHANT));
            assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(700);
        }

        @Test
        void moves_nothing_from_a_wallet_that_is_not_frozen_or_to_a_wallet_that_is_not_open() {
            world.standard();
            String note = world.issue("CNY", ALICE, 700);

            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), MERCHANT),
                    "WALLET_NOT_FROZEN");
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"lost key\"}");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note),
                    new Who("CNMSP", "business", "ghost")), "WALLET_NOT_FOUND");
            world.refused(PBOC, "recover", recoverJson("r-1", new Who("CNMSP", "business", "ghost"), "CNY",
                    List.of(note), MERCHANT), "WALLET_NOT_FOUND");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "MYR", List.of(note), MERCHANT),
                    "NOTE_NOT_FOUND");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "XXX", List.of(note), MERCHANT),
                    "UNKNOWN_CURRENCY");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), ALICE), "INVALID_ARGUMENT");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(), MERCHANT), "INVALID_ARGUMENT");
            world.refused(PBOC, "recover", recoverJson("r-1", ALICE, "CNY", List.of(note), MERCHANT)
                    .replace("identity revoked", ""), "INVALID_ARGUMENT");
        }
    }

    @Nested
    class Pay {

        @Test
        void spends_the_inputs_and_creates_one_note_per_output() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);

            JsonNode payment = json(world.submit(ALICE, "pay",
                    payJson("p-1", "CNY", List.of(note), MERCHANT, 600, BOB, 150, ALICE, 250)));

            String txId = world.last.getTxId();
            assertThat(payment.get("paymentId").asString()).isEqualTo("p-1");
            assertThat(payment.get("kind").asString()).isEqualTo("payment");
            assertThat(payment.get("payer").asString()).isEqualTo("CNMSP/alice");
            assertThat(payment.get("inputs").get(0).asString()).isEqualTo(note);
            assertThat(payment.get("outputs").get(0).get("noteId").asString()).isEqualTo(txId + ":0");
            assertThat(payment.get("outputs").get(2).get("noteId").asString()).isEqualTo(txId + ":2");
            assertThat(payment.get("requestHash").asString()).hasSize(64);
            assertThat(payment.get("timestamp").asString()).isEqualTo("2026-03-02T10:00:00Z");
            assertThat(world.balance(ALICE, "CNY")).isEqualTo(250);
            assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(600);
            assertThat(world.balance(BOB, "CNY")).isEqualTo(150);
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
        }

        @Test
        void emits_one_payment_event_naming_every_new_note() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);

            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000));

            FakeLedger.CommittedEvent event = world.ledger.events().get(world.ledger.events().size() - 1);
            assertThat(event.name()).isEqualTo("currency.Payment");
            JsonNode payload = json(event.payloadText());
            assertThat(payload.get("paymentId").asString()).isEqualTo("p-1");
            assertThat(payload.get("kind").asString()).isEqualTo("payment");
            assertThat(payload.get("currency").asString()).isEqualTo("CNY");
            assertThat(payload.get("payer").asString()).isEqualTo("CNMSP/alice");
            assertThat(payload.get("outputs").get(0).get("wallet").asString()).isEqualTo("CNMSP/merchant");
            assertThat(payload.get("outputs").get(0).get("amount").asLong()).isEqualTo(1000);
            assertThat(payload.get("outputs").get(0).get("noteId").asString()).endsWith(":0");
            assertThat(payload.get("txId").asString()).isEqualTo(event.txId());
            assertThat(payload.get("timestamp").asString()).isEqualTo("2026-03-02T10:00:00Z");
        }

        @Test
        void returns_the_first_result_for_a_retry_without_writing_or_emitting() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);
            String first = world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000));
            int events = world.ledger.events().size();
            world.advance(Duration.ofSeconds(30));

            assertThat(world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000))).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            assertThat(world.ledger.events()).hasSize(events);
        }

        @Test
        void refuses_a_payment_id_reused_for_another_payment_or_by_another_payer() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);
            String other = world.issue("CNY", BOB, 1000);
            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000));

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 999, ALICE, 1),
                    "PAYMENT_ID_REUSED");
            world.refused(BOB, "pay", payJson("p-1", "CNY", List.of(other), MERCHANT, 1000), "PAYMENT_ID_REUSED");
        }

        @Test
        void refuses_a_note_spent_before() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);
            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000));

            world.refused(ALICE, "pay", payJson("p-2", "CNY", List.of(note), MERCHANT, 1000), "NOTE_SPENT");
        }

        @Test
        void refuses_notes_that_are_not_the_payers_in_that_currency() {
            world.standard();
            String bobs = world.issue("CNY", BOB, 1000);
            String myr = world.issue("MYR", ALICE, 1000);

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(bobs), MERCHANT, 1000), "NOTE_NOT_FOUND");
            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(myr), MERCHANT, 1000), "NOTE_NOT_FOUND");
            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of("feed:0"), MERCHANT, 1000), "NOTE_NOT_FOUND");
        }

        @Test
        void refuses_unbalanced_payments_either_way() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 999), "UNBALANCED");
            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1001), "UNBALANCED");
        }

        @Test
        void refuses_outputs_to_wallets_that_are_not_open_and_accepts_frozen_receivers() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/merchant\",\"reason\":\"audit\"}");

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(note), "CNMSP/ghost", 1000), "WALLET_NOT_FOUND");
            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000));
            assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(1000);
        }

        @Test
        void refuses_a_frozen_payer_and_a_payer_without_a_wallet() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/alice\",\"reason\":\"sanctions\"}");

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 1000), "WALLET_FROZEN");
            world.refused(new Who("CNMSP", "business", "nowallet"), "pay",
                    payJson("p-1", "CNY", List.of(note), MERCHANT, 1000), "WALLET_NOT_FOUND");
        }

        @Test
        void refuses_an_unknown_currency() {
            world.standard();

            world.refused(ALICE, "pay", payJson("p-1", "EUR", List.of("ab:0"), MERCHANT, 1), "UNKNOWN_CURRENCY");
        }

        @Test
        void applies_the_per_payment_limit_to_what_goes_to_others_only() {
            world.standard();
            world.submit(PBOC, "setTier", "{\"tier\":\"retail\",\"limits\":{\"CNY\":{\"perPayment\":500}}}");
            world.submit(PBOC, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"retail\"}");
            String note = world.issue("CNY", ALICE, 2000);

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 501, ALICE, 1499),
                    "LIMIT_EXCEEDED");
            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 500, ALICE, 1500));
            assertThat(world.last.writes().keySet()).noneMatch(k -> k.contains("outflow"));
        }

        @Test
        void applies_the_daily_limit_per_utc_day_of_the_transaction_timestamps() {
            world.standard();
            world.submit(PBOC, "setTier", "{\"tier\":\"retail\",\"limits\":{\"CNY\":{\"daily\":1000}}}");
            world.submit(PBOC, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"retail\"}");
            world.now = Instant.parse("2026-03-02T23:00:00Z");
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                notes.add(world.issue("CNY", ALICE, 400));
            }

            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(notes.get(0)), MERCHANT, 400));
            world.submit(ALICE, "pay", payJson("p-2", "CNY", List.of(notes.get(1)), MERCHANT, 400));
            world.refused(ALICE, "pay", payJson("p-3", "CNY", List.of(notes.get(2)), MERCHANT, 400), "LIMIT_EXCEEDED");
            world.now = Instant.parse("2026-03-03T00:00:01Z");
            world.submit(ALICE, "pay", payJson("p-3", "CNY", List.of(notes.get(2)), MERCHANT, 400));

            assertThat(world.last.writes().keySet()).anyMatch(k -> k.contains("outflow") && k.contains("2026-03-03"));
        }

        @Test
        void lets_a_tier_limit_only_the_currencies_it_names() {
            world.standard();
            world.submit(PBOC, "setTier", "{\"tier\":\"retail\",\"limits\":{\"CNY\":{\"perPayment\":1,\"daily\":1}}}");
            world.submit(PBOC, "assignTier", "{\"wallet\":\"CNMSP/alice\",\"tier\":\"retail\"}");
            String myr = world.issue("MYR", ALICE, 5000);

            world.submit(ALICE, "pay", payJson("p-1", "MYR", List.of(myr), BOB, 5000));

            assertThat(world.last.reads().keySet()).noneMatch(k -> k.contains("outflow"));
        }

        @Test
        void lets_a_device_pay_up_to_its_cap_and_only_in_capped_currencies() {
            world.standard();
            world.submit(MERCHANT, "registerDevice", "{\"deviceId\":\"pos-1\",\"caps\":{\"CNY\":300}}");
            String cny = world.issue("CNY", POS, 1000);
            String myr = world.issue("MYR", POS, 1000);

            world.refused(POS, "pay", payJson("p-1", "CNY", List.of(cny), ALICE, 301, POS, 699), "DEVICE_CAP_EXCEEDED");
            world.refused(POS, "pay", payJson("p-1", "MYR", List.of(myr), BOB, 1, POS, 999), "DEVICE_CAP_EXCEEDED");
            world.submit(POS, "pay", payJson("p-1", "CNY", List.of(cny), ALICE, 300, POS, 700));
            assertThat(world.balance(POS, "CNY")).isEqualTo(700);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":1}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\",\"a:0\"],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":1}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":0}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":-1}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":1.0}]}",
            "{\"paymentId\":\"p 1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":1}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"not a note\"],\"outputs\":[{\"wallet\":\"CNMSP/merchant\",\"amount\":1}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[{\"wallet\":\"merchant\",\"amount\":1}]}",
            "{\"paymentId\":\"p-1\",\"currency\":\"CNY\",\"inputs\":[\"a:0\"],\"outputs\":[null]}"
        })
        void rejects_malformed_payments(String request) {
            world.standard();

            world.refused(ALICE, "pay", request, "INVALID_ARGUMENT");
        }

        @Test
        void refuses_outputs_whose_sum_overflows() {
            world.standard();

            world.refused(ALICE, "pay", payJson("p-1", "CNY", List.of("a:0"), MERCHANT, Long.MAX_VALUE, BOB, 1),
                    "AMOUNT_OVERFLOW");
        }

        @Test
        void reads_only_points_it_needs_and_never_a_range() {
            world.standard();
            String note = world.issue("CNY", ALICE, 1000);

            world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), MERCHANT, 900, ALICE, 100));

            assertThat(world.last.rangeReads()).isEmpty();
            assertThat(world.last.reads().keySet()).containsExactlyInAnyOrder(
                    key("payment", "p-1"),
                    key("currency", "CNY"),
                    key("wallet", "CNMSP/alice"),
                    key("note", "CNMSP/alice", "CNY", note),
                    key("wallet", "CNMSP/merchant"),
                    key("tier", "CNMSP", "default"));
        }
    }

    static String key(String type, String... attributes) {
        return new org.hyperledger.fabric.shim.ledger.CompositeKey("silkroad.currency." + type, attributes).toString();
    }

    @Nested
    class SameBlock {

        @Test
        void thirty_two_payments_into_one_merchant_neither_write_what_another_reads_or_writes() {
            world.standard();
            List<Who> payers = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Who payer = new Who("CNMSP", "business", "shopper-" + i);
                world.submit(payer, "openWallet", null);
                payers.add(payer);
                notes.add(world.issue("CNY", payer, 100 + i));
            }

            // All 32 simulated against the same committed state, as endorsers do for one block.
            List<FakeStub> block = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                FakeStub stub = world.ledger.propose(payers.get(i).creator(), world.now, "currency:pay");
                world.contract.pay(new Context(stub), payJson("block-" + i, "CNY", List.of(notes.get(i)),
                        MERCHANT, 100 + i - 1, payers.get(i), 1));
                block.add(stub);
            }

            for (int i = 0; i < block.size(); i++) {
                FakeStub mine = block.get(i);
                assertThat(mine.rangeReads()).isEmpty();
                for (int j = 0; j < block.size(); j++) {
                    if (i == j) {
                        continue;
                    }
                    Set<String> theirWrites = block.get(j).writes().keySet();
                    assertThat(mine.writes().keySet()).doesNotContainAnyElementsOf(theirWrites);
                    assertThat(mine.reads().keySet()).doesNotContainAnyElementsOf(theirWrites);
                }
            }
            block.forEach(world.ledger::commit);
            long expected = 0;
            for (int i = 0; i < 32; i++) {
                expected += 100 + i - 1;
            }
            assertThat(world.balance(MERCHANT, "CNY")).isEqualTo(expected);
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
        }
    }

    @Nested
    class Quotes {

        private String funding;

        /** ICBC quotes MYR -> CNY: 1 sen (MYR minor unit) buys 3/2 fen, reserve 10,000 fen. */
        private JsonNode publish(String quoteId, long maxBase, String expiresAt) {
            funding = world.issue("CNY", ICBC, 10_000);
            return json(world.submit(ICBC, "publishQuote", quoteJson(quoteId, maxBase, expiresAt, funding)));
        }

        private String quoteJson(String quoteId, long maxBase, String expiresAt, String note) {
            return String.format("{\"quoteId\":\"%s\",\"baseCurrency\":\"MYR\",\"quoteCurrency\":\"CNY\","
                    + "\"rateNumerator\":3,\"rateDenominator\":2,\"maxBase\":%d,\"expiresAt\":\"%s\","
                    + "\"funding\":[\"%s\"]}", quoteId, maxBase, expiresAt, note);
        }

        private String crossJson(String paymentId, String quoteId, String input, long baseAmount, Who payee) {
            return String.format("{\"paymentId\":\"%s\",\"quoteId\":\"%s\",\"inputs\":[\"%s\"],\"baseAmount\":%d,"
                    + "\"payee\":\"%s\"}", paymentId, quoteId, input, baseAmount, payee.wallet());
        }

        @Test
        void publishing_moves_the_funding_notes_into_the_reserve() {
            world.standard();

            JsonNode quote = publish("q-1", 5000, "2026-03-02T11:00:00Z");

            assertThat(quote.get("provider").asString()).isEqualTo("CNMSP/icbc");
            assertThat(quote.get("reserve").asLong()).isEqualTo(10_000);
            assertThat(quote.get("usedBase").asLong()).isZero();
            assertThat(quote.get("closed").asBoolean()).isFalse();
            assertThat(quote.get("expiresAt").asString()).isEqualTo("2026-03-02T11:00:00Z");
            assertThat(world.balance(ICBC, "CNY")).isZero();
            JsonNode audit = world.audit("CNY");
            assertThat(audit.get("quoteReserves").asLong()).isEqualTo(10_000);
            assertThat(audit.get("unspentNotes").asLong()).isZero();
            assertThat(audit.get("balanced").asBoolean()).isTrue();
            assertThat(world.submit(ICBC, "publishQuote", quoteJson("q-1", 5000, "2026-03-02T11:00:00Z", funding)))
                    .isEqualTo(quote.toString());
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 6000, "2026-03-02T11:00:00Z", funding), "CONFLICT");
        }

        @Test
        void publishing_is_refused_to_non_banks_and_checked() {
            world.standard();
            String note = world.issue("CNY", ICBC, 10_000);
            String alices = world.issue("CNY", ALICE, 10_000);

            world.refused(ALICE, "publishQuote", quoteJson("q-1", 1, "2026-03-02T11:00:00Z", alices), "FORBIDDEN");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "2026-03-02T10:00:00Z", note), "INVALID_ARGUMENT");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "tomorrow", note), "INVALID_ARGUMENT");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "2026-03-02T11:00:00Z", alices), "NOTE_NOT_FOUND");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 0, "2026-03-02T11:00:00Z", note), "INVALID_ARGUMENT");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "2026-03-02T11:00:00Z", note)
                    .replace("\"rateDenominator\":2", "\"rateDenominator\":0"), "INVALID_ARGUMENT");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "2026-03-02T11:00:00Z", note)
                    .replace("\"baseCurrency\":\"MYR\"", "\"baseCurrency\":\"CNY\""), "INVALID_ARGUMENT");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "2026-03-02T11:00:00Z", note)
                    .replace("\"baseCurrency\":\"MYR\"", "\"baseCurrency\":\"RWF\""), "UNKNOWN_CURRENCY");
            world.submit(PBOC, "freeze", "{\"wallet\":\"CNMSP/icbc\",\"reason\":\"x\"}");
            world.refused(ICBC, "publishQuote", quoteJson("q-1", 1, "2026-03-02T11:00:00Z", note), "WALLET_FROZEN");
        }

        @Test
        void cross_border_payment_pays_the_provider_in_base_and_the_payee_out_of_the_reserve_rounding_down() {
            world.standard();
            publish("q-1", 5000, "2026-03-02T11:00:00Z");
            String bobs = world.issue("MYR", BOB, 1000);

            JsonNode payment = json(world.submit(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 333, ALICE)));

            // 333 * 3 / 2 = 499.5 -> 499 fen to Alice; the half fen stays in the reserve.
            assertThat(payment.get("kind").asString()).isEqualTo("cross-border");
            assertThat(payment.get("quoteAmount").asLong()).isEqualTo(499);
            assertThat(payment.get("baseAmount").asLong()).isEqualTo(333);
            assertThat(payment.get("rounding").asString()).isEqualTo("floor; remainder stays in the provider's reserve");
            assertThat(payment.get("outputs")).hasSize(3);
            assertThat(world.balance(ALICE, "CNY")).isEqualTo(499);
            assertThat(world.balance(ICBC, "MYR")).isEqualTo(333);
            assertThat(world.balance(BOB, "MYR")).isEqualTo(667);
            JsonNode quote = json(world.evaluate(BOB, "getQuote", "{\"quoteId\":\"q-1\"}"));
            assertThat(quote.get("usedBase").asLong()).isEqualTo(333);
            assertThat(quote.get("reserve").asLong()).isEqualTo(10_000 - 499);
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
            assertThat(world.audit("MYR").get("balanced").asBoolean()).isTrue();
            JsonNode event = json(world.ledger.events().get(world.ledger.events().size() - 1).payloadText());
            assertThat(event.get("kind").asString()).isEqualTo("cross-border");
            assertThat(event.get("quoteId").asString()).isEqualTo("q-1");
            assertThat(event.get("outputs").get(1).get("currency").asString()).isEqualTo("CNY");
            assertThat(event.get("outputs").get(1).get("wallet").asString()).isEqualTo("CNMSP/alice");
        }

        @Test
        void cross_border_payment_is_idempotent_and_refuses_a_reused_payment_id() {
            world.standard();
            publish("q-1", 5000, "2026-03-02T11:00:00Z");
            String bobs = world.issue("MYR", BOB, 1000);
            String first = world.submit(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 1000, ALICE));

            assertThat(world.submit(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 1000, ALICE))).isEqualTo(first);
            assertThat(world.last.writes()).isEmpty();
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 999, ALICE), "PAYMENT_ID_REUSED");
            world.refused(BOB, "pay", payJson("x-1", "MYR", List.of(bobs), ALICE, 1000), "PAYMENT_ID_REUSED");
        }

        @Test
        void checks_an_explicit_change() {
            world.standard();
            publish("q-1", 5000, "2026-03-02T11:00:00Z");
            String bobs = world.issue("MYR", BOB, 1000);

            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 600, ALICE).replace("}", ",\"change\":300}"),
                    "UNBALANCED");
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 1001, ALICE), "UNBALANCED");
            world.submit(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 600, ALICE).replace("}", ",\"change\":400}"));
            assertThat(world.balance(BOB, "MYR")).isEqualTo(400);
        }

        @Test
        void refuses_expired_closed_and_exhausted_quotes_and_payouts_of_zero() {
            world.standard();
            publish("q-1", 1000, "2026-03-02T11:00:00Z");
            String bobs = world.issue("MYR", BOB, 10_000);

            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 1001, ALICE).replace("}",
                    ",\"change\":8999}"), "QUOTE_EXHAUSTED");
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "nope", bobs, 1, ALICE), "NOT_FOUND");
            JsonNode tinyRate = json(world.submit(ICBC, "publishQuote", quoteJson("q-tiny", 100,
                    "2026-03-02T11:00:00Z", world.issue("CNY", ICBC, 5)).replace("\"rateNumerator\":3", "\"rateNumerator\":1")
                    .replace("\"rateDenominator\":2", "\"rateDenominator\":1000")));
            assertThat(tinyRate.get("reserve").asLong()).isEqualTo(5);
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-tiny", bobs, 999, ALICE).replace("}",
                    ",\"change\":9001}"), "AMOUNT_TOO_SMALL");
            world.submit(ICBC, "publishQuote", quoteJson("q-small", 100_000, "2026-03-02T11:00:00Z",
                    world.issue("CNY", ICBC, 10)));
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-small", bobs, 8, ALICE).replace("}",
                    ",\"change\":9992}"), "QUOTE_EXHAUSTED"); // 8 * 3 / 2 = 12 > 10 held
            world.now = Instant.parse("2026-03-02T11:00:00Z");
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 10_000, ALICE), "QUOTE_EXPIRED");
            world.submit(ICBC, "closeQuote", "{\"quoteId\":\"q-1\"}");
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 10_000, ALICE), "QUOTE_CLOSED");
        }

        @Test
        void closing_returns_the_remaining_reserve_to_the_provider_once() {
            world.standard();
            publish("q-1", 5000, "2026-03-02T11:00:00Z");
            String bobs = world.issue("MYR", BOB, 100);
            world.submit(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 100, ALICE));

            world.refused(BOB, "closeQuote", "{\"quoteId\":\"q-1\"}", "FORBIDDEN");
            world.refused(MAYBANK, "closeQuote", "{\"quoteId\":\"q-1\"}", "FORBIDDEN");
            JsonNode closed = json(world.submit(ICBC, "closeQuote", "{\"quoteId\":\"q-1\"}"));

            assertThat(closed.get("closed").asBoolean()).isTrue();
            assertThat(closed.get("reserve").asLong()).isZero();
            assertThat(closed.get("returnedAmount").asLong()).isEqualTo(10_000 - 150);
            assertThat(closed.get("returnedNoteId").asString()).isEqualTo(world.last.getTxId() + ":0");
            assertThat(world.balance(ICBC, "CNY")).isEqualTo(10_000 - 150);
            assertThat(world.audit("CNY").get("quoteReserves").asLong()).isZero();
            assertThat(world.audit("CNY").get("balanced").asBoolean()).isTrue();
            assertThat(world.submit(ICBC, "closeQuote", "{\"quoteId\":\"q-1\"}")).isEqualTo(closed.toString());
            assertThat(world.last.writes()).isEmpty();
        }

        @Test
        void applies_the_payers_limits_to_the_base_leg() {
            world.standard();
            publish("q-1", 5000, "2026-03-02T11:00:00Z");
            world.submit(BNM, "setTier", "{\"tier\":\"retail\",\"limits\":{\"MYR\":{\"perPayment\":50}}}");
            world.submit(BNM, "assignTier", "{\"wallet\":\"MYMSP/bob\",\"tier\":\"retail\"}");
            String bobs = world.issue("MYR", BOB, 100);

            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 51, ALICE), "LIMIT_EXCEEDED");
            world.submit(BNM, "freeze", "{\"wallet\":\"MYMSP/bob\",\"reason\":\"x\"}");
            world.refused(BOB, "crossBorderPay", crossJson("x-1", "q-1", bobs, 50, ALICE), "WALLET_FROZEN");
        }
    }

    @Nested
    class Queries {

        @Test
        void get_and_list_currencies() {
            world.standard();

            assertThat(json(world.evaluate(COURT, "getCurrency", "{\"code\":\"MYR\"}")).get("issuerMspId").asString())
                    .isEqualTo("MYMSP");
            JsonNode list = json(world.evaluate(COURT, "listCurrencies", null));
            assertThat(list.get("currencies")).hasSize(2);
            assertThat(list.get("currencies").get(0).get("code").asString()).isEqualTo("CNY");
            assertThatThrownBy(() -> world.evaluate(COURT, "getCurrency", "{\"code\":\"EUR\"}"))
                    .hasMessageStartingWith("UNKNOWN_CURRENCY: ");
        }

        @Test
        void get_wallet_and_payment_or_not_found() {
            world.standard();
            String note = world.issue("CNY", ALICE, 5);
            String paid = world.submit(ALICE, "pay", payJson("p-1", "CNY", List.of(note), BOB, 5));

            assertThat(json(world.evaluate(COURT, "getWallet", "{\"wallet\":\"MYMSP/bob\"}")).get("kind").asString())
                    .isEqualTo("standard");
            assertThat(world.evaluate(COURT, "getPayment", "{\"paymentId\":\"p-1\"}")).isEqualTo(paid);
            assertThatThrownBy(() -> world.evaluate(COURT, "getWallet", "{\"wallet\":\"MYMSP/nobody\"}"))
                    .hasMessageStartingWith("WALLET_NOT_FOUND: ");
            assertThatThrownBy(() -> world.evaluate(COURT, "getPayment", "{\"paymentId\":\"p-2\"}"))
                    .hasMessageStartingWith("NOT_FOUND: ");
            assertThatThrownBy(() -> world.evaluate(COURT, "getQuote", "{\"quoteId\":\"q-2\"}"))
                    .hasMessageStartingWith("NOT_FOUND: ");
        }

        @Test
        void unspent_notes_come_in_note_id_order_in_bounded_pages() {
            world.standard();
            Set<String> issued = new HashSet<>();
            for (int i = 0; i < 5; i++) {
                issued.add(world.issue("CNY", ALICE, 10 + i));
            }
            world.issue("MYR", ALICE, 99);

            JsonNode first = json(world.evaluate(ALICE, "unspentNotes",
                    "{\"wallet\":\"CNMSP/alice\",\"currency\":\"CNY\",\"limit\":3}"));
            JsonNode second = json(world.evaluate(ALICE, "unspentNotes",
                    "{\"wallet\":\"CNMSP/alice\",\"currency\":\"CNY\",\"limit\":3,\"bookmark\":"
                            + first.get("bookmark").toString() + "}"));

            List<String> ids = new ArrayList<>();
            first.get("notes").forEach(n -> ids.add(n.get("noteId").asString()));
            second.get("notes").forEach(n -> ids.add(n.get("noteId").asString()));
            assertThat(ids).containsExactlyInAnyOrderElementsOf(issued).isSorted();
            assertThat(first.get("total").asLong() + second.get("total").asLong()).isEqualTo(10 + 11 + 12 + 13 + 14);
            assertThat(second.has("bookmark")).isFalse();
            assertThatThrownBy(() -> world.evaluate(ALICE, "unspentNotes",
                    "{\"wallet\":\"CNMSP/alice\",\"currency\":\"CNY\",\"limit\":1001}"))
                    .hasMessageStartingWith("INVALID_ARGUMENT: ");
        }

        @Test
        void history_lists_the_payments_of_a_wallet_oldest_first_for_payer_and_payee_in_pages() {
            world.standard();
            String note = world.issue("CNY", ALICE, 100);
            world.submit(ALICE, "pay", payJson("h-1", "CNY", List.of(note), BOB, 60, ALICE, 40));
            world.advance(java.time.Duration.ofSeconds(1));
            String change = json(world.evaluate(ALICE, "getPayment", "{\"paymentId\":\"h-1\"}"))
                    .get("outputs").get(1).get("noteId").asString();
            world.submit(ALICE, "pay", payJson("h-2", "CNY", List.of(change), MERCHANT, 40));

            JsonNode first = json(world.evaluate(ALICE, "history", "{\"wallet\":\"CNMSP/alice\",\"limit\":1}"));
            JsonNode second = json(world.evaluate(ALICE, "history",
                    "{\"wallet\":\"CNMSP/alice\",\"limit\":1,\"bookmark\":" + first.get("bookmark").toString() + "}"));
            JsonNode bob = json(world.evaluate(BOB, "history", "{\"wallet\":\"MYMSP/bob\"}"));

            assertThat(first.get("payments").get(0).get("paymentId").asString()).isEqualTo("h-1");
            assertThat(second.get("payments").get(0).get("paymentId").asString()).isEqualTo("h-2");
            assertThat(bob.get("payments")).hasSize(1);
            assertThat(bob.get("payments").get(0).get("paymentId").asString()).isEqualTo("h-1");
            assertThat(bob.has("bookmark")).isFalse();
            assertThatThrownBy(() -> world.evaluate(ALICE, "history", "{\"wallet\":\"MYMSP/nobody\"}"))
                    .hasMessageStartingWith("WALLET_NOT_FOUND: ");
        }

        @Test
        void balance_totals_every_currency_of_a_wallet() {
            world.standard();
            world.issue("CNY", ALICE, 10);
            world.issue("CNY", ALICE, 20);
            world.issue("MYR", ALICE, 7);

            assertThat(world.evaluate(BOB, "balance", "{\"wallet\":\"CNMSP/alice\"}"))
                    .isEqualTo("{\"balances\":{\"CNY\":30,\"MYR\":7},\"wallet\":\"CNMSP/alice\"}");
        }
    }

    @Nested
    class Audit {

        @Test
        void reports_supply_against_notes_and_reserves() {
            world.standard();
            world.issue("CNY", ALICE, 300);
            world.issue("CNY", BOB, 200);
            world.issue("MYR", BOB, 1);

            assertThat(world.evaluate(PBOC, "audit", "{\"currency\":\"CNY\"}")).isEqualTo(
                    "{\"balanced\":true,\"currency\":\"CNY\",\"escrowed\":0,\"issued\":500,\"noteCount\":2,"
                            + "\"outstanding\":500,\"quoteReserves\":0,\"redeemed\":0,\"unspentNotes\":500}");
        }

        @Test
        void detects_money_that_appeared_outside_the_rules() {
            world.standard();
            world.issue("CNY", ALICE, 300);
            String forged = key("note", "CNMSP/alice", "CNY", "ff:0");
            world.ledger.put(forged, ("{\"amount\":1,\"createdTx\":\"ff\",\"currency\":\"CNY\",\"noteId\":\"ff:0\","
                    + "\"owner\":\"CNMSP/alice\"}").getBytes(UTF_8));

            assertThat(world.audit("CNY").get("balanced").asBoolean()).isFalse();
        }

        @Test
        void is_open_to_central_banks_and_regulators_of_any_state_only() {
            world.standard();

            assertThat(json(world.evaluate(BNR, "audit", "{\"currency\":\"CNY\"}")).get("balanced").asBoolean()).isTrue();
            for (Who who : List.of(ALICE, ICBC, COURT)) {
                assertThatThrownBy(() -> world.evaluate(who, "audit", "{\"currency\":\"CNY\"}"))
                        .hasMessageStartingWith("FORBIDDEN: ");
            }
            assertThatThrownBy(() -> world.evaluate(REGULATOR, "audit", "{\"currency\":\"EUR\"}"))
                    .hasMessageStartingWith("UNKNOWN_CURRENCY: ");
        }
    }

    @Nested
    class Holders {

        @Test
        void sums_what_each_wallet_of_one_state_holds_in_one_currency() {
            world.standard();
            world.issue("CNY", BOB, 300);
            world.issue("CNY", BOB, 200);
            world.issue("CNY", MAYBANK, 50);
            world.issue("MYR", BOB, 7);
            world.issue("CNY", ALICE, 1000);

            assertThat(world.evaluate(PBOC, "holders", "{\"currency\":\"CNY\",\"mspId\":\"MYMSP\"}")).isEqualTo(
                    "{\"amount\":550,\"currency\":\"CNY\",\"mspId\":\"MYMSP\",\"notes\":3,\"wallets\":["
                            + "{\"amount\":500,\"notes\":2,\"wallet\":\"MYMSP/bob\"},"
                            + "{\"amount\":50,\"notes\":1,\"wallet\":\"MYMSP/maybank\"}]}");
            assertThat(json(world.evaluate(REGULATOR, "holders", "{\"currency\":\"MYR\",\"mspId\":\"RWMSP\"}"))
                    .get("wallets")).isEmpty();
        }

        @Test
        void is_open_to_central_banks_and_regulators_only_and_checks_its_arguments() {
            world.standard();

            for (Who who : List.of(BOB, ICBC, COURT)) {
                assertThatThrownBy(() -> world.evaluate(who, "holders", "{\"currency\":\"CNY\",\"mspId\":\"MYMSP\"}"))
                        .hasMessageStartingWith("FORBIDDEN: ");
            }
            assertThatThrownBy(() -> world.evaluate(PBOC, "holders", "{\"currency\":\"EUR\",\"mspId\":\"MYMSP\"}"))
                    .hasMessageStartingWith("UNKNOWN_CURRENCY: ");
            for (String bad : List.of("{\"currency\":\"CNY\"}", "{\"currency\":\"CNY\",\"mspId\":\"Org1MSP\"}")) {
                assertThatThrownBy(() -> world.evaluate(PBOC, "holders", bad))
                        .hasMessageStartingWith("INVALID_ARGUMENT: ");
            }
        }
    }

    @Nested
    class Determinism {

        @Test
        void two_endorsers_write_identical_bytes_and_events() {
            CurrencyWorld cn = new CurrencyWorld().standard();
            CurrencyWorld my = new CurrencyWorld().standard();
            String cnNote = cn.issue("CNY", ALICE, 1000);
            String myNote = my.issue("CNY", ALICE, 1000);
            assertThat(myNote).isEqualTo(cnNote);

            FakeStub onCn = cn.ledger.propose(ALICE.creator(), cn.now, "currency:pay");
            FakeStub onMy = my.ledger.propose(ALICE.creator(), my.now, "currency:pay");
            String request = payJson("p-1", "CNY", List.of(cnNote), MERCHANT, 400, BOB, 600);
            String fromCn = cn.contract.pay(new Context(onCn), request);
            String fromMy = new CurrencyContract().pay(new Context(onMy), request);

            assertThat(fromMy).isEqualTo(fromCn);
            assertThat(onMy.writes().keySet()).containsExactlyElementsOf(onCn.writes().keySet());
            onCn.writes().forEach((key, value) -> assertThat(onMy.writes().get(key)).isEqualTo(value));
            assertThat(onMy.eventPayload()).isEqualTo(onCn.eventPayload());
        }
    }

    @Nested
    class UnknownTransaction {

        @Test
        void reports_a_stable_code_naming_the_transaction() {
            FakeStub stub = world.ledger.propose(ALICE.creator(), world.now, "currency:mint");

            assertThatThrownBy(() -> world.contract.unknownTransaction(new Context(stub)))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessage("UNKNOWN_TRANSACTION: contract currency has no transaction currency:mint");
        }
    }
}
