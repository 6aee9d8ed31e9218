package org.silkroad.chaincode.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.TestIdentities;

/**
 * The caller is read through the shim's own {@link ClientIdentity} from a real serialized identity, as a peer passes
 * it: an X.509 enrollment certificate with the Fabric CA attribute extension.
 */
class CallerTest {

    private static Caller callerFrom(byte[] creator) {
        return Caller.of(new Context(new FakeLedger().propose(creator, Instant.EPOCH, "system:ping")));
    }

    @Nested
    class Of {

        @Test
        void reads_msp_id_and_role_from_the_enrollment_certificate() {
            Caller caller = callerFrom(TestIdentities.creator("CNMSP", "bank"));

            assertThat(caller.mspId()).isEqualTo(MspId.of("CNMSP"));
            assertThat(caller.role()).contains(Role.BANK);
            assertThat(caller).hasToString("CNMSP/bank");
        }

        @ParameterizedTest
        @EnumSource(Role.class)
        void recognises_every_role_fabric_ca_can_issue(Role role) {
            assertThat(callerFrom(TestIdentities.creator("RWMSP", role.attributeValue())).role()).contains(role);
        }

        @Test
        void has_no_role_when_the_certificate_has_no_attribute_extension() {
            byte[] creator = TestIdentities.serializedIdentity(
                    "MYMSP", TestIdentities.enrollmentCertificate("no-attrs", null));

            Caller caller = callerFrom(creator);

            assertThat(caller.mspId()).isEqualTo(MspId.of("MYMSP"));
            assertThat(caller.role()).isEmpty();
        }

        @Test
        void has_no_role_when_the_attributes_hold_no_silkroad_role() {
            assertThat(callerFrom(TestIdentities.creator("MYMSP", null)).role()).isEmpty();
        }

        @ParameterizedTest
        @ValueSource(strings = {"Bank", "BANK", " bank", "bank ", "central_bank", "centralbank", ""})
        void does_not_recognise_a_role_that_is_not_spelled_exactly(String attribute) {
            Caller caller = callerFrom(TestIdentities.creator("CNMSP", attribute));

            assertThat(caller.role()).isEmpty();
            assertThatThrownBy(() -> caller.requireRole(Role.BANK))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("FORBIDDEN: caller CNMSP has silkroad.role=" + attribute + ", needs");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Org1MSP", "cnmsp", "CnMSP", "CNMSP ", "CHNMSP", "CN", "MSP", "C1MSP", ""})
        void refuses_an_msp_id_that_is_not_a_member_states(String mspId) {
            byte[] creator = TestIdentities.creator(mspId, "bank");

            assertThatThrownBy(() -> callerFrom(creator))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("FORBIDDEN: caller's MSP ID " + mspId + " is not a member state's");
        }

        @Test
        void ignores_other_fabric_ca_attributes() {
            byte[] creator = TestIdentities.serializedIdentity("ETMSP", TestIdentities.enrollmentCertificate(
                    "customs1",
                    TestIdentities.attrsExtension(Map.of(
                            "hf.EnrollmentID", "customs1", "hf.Type", "client", "silkroad.role", "customs"))));

            assertThat(callerFrom(creator).role()).contains(Role.CUSTOMS);
        }
    }

    @Nested
    class WalletId {

        @Test
        void names_the_wallet_by_msp_id_and_the_enrollment_id_attribute() {
            Caller caller = callerFrom(TestIdentities.creator("MYMSP", "business", "trader.one@my"));

            assertThat(caller.enrollmentId()).contains("trader.one@my");
            assertThat(caller.walletId().value()).isEqualTo("MYMSP/trader.one@my");
        }

        @Test
        void falls_back_to_the_certificate_cn_without_the_attribute() {
            byte[] creator = TestIdentities.serializedIdentity("RWMSP", TestIdentities.enrollmentCertificate(
                    "kigali-7", TestIdentities.attrsExtension(Map.of("silkroad.role", "bank"))));

            assertThat(callerFrom(creator).walletId().value()).isEqualTo("RWMSP/kigali-7");
        }

        @ParameterizedTest
        @ValueSource(strings = {"has space", "slash/inside", "caf\u00e9"})
        void forbids_an_enrollment_id_that_cannot_name_a_wallet(String enrollmentId) {
            Caller caller = callerFrom(TestIdentities.creator("CNMSP", "business", enrollmentId));

            assertThatThrownBy(caller::walletId)
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessageStartingWith("FORBIDDEN: caller CNMSP has enrollment ID " + enrollmentId);
        }
    }

    @Nested
    class RequireRole {

        private final Caller centralBank = callerFrom(TestIdentities.creator("CNMSP", "central-bank"));

        @Test
        void returns_the_role_when_it_is_one_of_the_allowed() {
            assertThat(centralBank.requireRole(Role.BANK, Role.CENTRAL_BANK)).isEqualTo(Role.CENTRAL_BANK);
        }

        @Test
        void forbids_a_caller_without_an_allowed_role_naming_both_sides() {
            assertThatThrownBy(() -> centralBank.requireRole(Role.CUSTOMS, Role.REGULATOR))
                    .isInstanceOf(ChaincodeException.class)
                    .hasMessage("FORBIDDEN: caller CNMSP has silkroad.role=central-bank, needs one of [customs, regulator]");
        }

        @Test
        void forbids_a_caller_without_any_role() {
            Caller noRole = callerFrom(TestIdentities.creator("CNMSP", null));

            assertThatThrownBy(() -> noRole.requireRole(Role.BUSINESS))
                    .hasMessage("FORBIDDEN: caller CNMSP has silkroad.role=null, needs one of [business]");
        }
    }

    @Nested
    class RequireMspId {

        private final Caller customs = callerFrom(TestIdentities.creator("MYMSP", "customs"));

        @Test
        void lets_the_named_member_state_proceed() {
            customs.requireMspId(MspId.of("MYMSP"));

            assertThat(customs.mspId().countryCode()).isEqualTo("MY");
        }

        @Test
        void forbids_every_other_member_state() {
            assertThatThrownBy(() -> customs.requireMspId(MspId.of("CNMSP")))
                    .hasMessage("FORBIDDEN: caller is from MYMSP, only CNMSP may do this");
        }
    }
}
