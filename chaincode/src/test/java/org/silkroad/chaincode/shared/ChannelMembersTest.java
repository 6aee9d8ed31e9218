package org.silkroad.chaincode.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;

class ChannelMembersTest {

    private static FakeStub proposal(FakeLedger ledger) {
        return ledger.propose(TestIdentities.creator("CNMSP", "central-bank", "pboc"), Instant.EPOCH,
                "currency:recover");
    }

    @Test
    void are_the_organisations_the_lifecycle_answers_for_about_this_chaincodes_definition() {
        FakeLedger ledger = new FakeLedger();
        ledger.leaveChannel("RWMSP");

        assertThat(ChannelMembers.of(proposal(ledger))).containsExactly("CNMSP", "MYMSP");
    }

    @Test
    void count_an_organisation_that_did_not_approve_the_definition_as_a_member() {
        byte[] definition = QueryChaincodeDefinitionResult.newBuilder().putApprovals("MYMSP", false)
                .putApprovals("CNMSP", true).build().toByteArray();

        assertThat(ChannelMembers.fromDefinition(definition)).containsExactly("CNMSP", "MYMSP");
    }

    @Test
    void ask_about_the_chaincode_the_proposal_invokes() {
        assertThat(ChannelMembers.invokedChaincode(proposal(new FakeLedger()).getSignedProposal()))
                .isEqualTo(FakeLedger.CHAINCODE);
    }

    @Test
    void report_an_answer_or_a_proposal_that_does_not_parse_as_an_internal_error() {
        byte[] garbage = {(byte) 0xff, 0x01, 0x02};

        assertThatThrownBy(() -> ChannelMembers.fromDefinition(garbage))
                .isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith("INTERNAL: the chaincode definition does not parse");
        assertThatThrownBy(() -> ChannelMembers.invokedChaincode(SignedProposal.newBuilder()
                .setProposalBytes(com.google.protobuf.ByteString.copyFrom(garbage)).build()))
                .isInstanceOf(ChaincodeException.class)
                .hasMessageStartingWith("INTERNAL: the signed proposal does not parse");
    }
}
