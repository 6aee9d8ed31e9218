package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;

import com.google.protobuf.Timestamp;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.gateway.ProposedTransaction;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.silkroad.fabric.EcdsaSigner;

/**
 * Contracts judge quote expiry and daily limits by the transaction's timestamp, which the caller sets. The peers
 * refuse a proposal whose timestamp is further than {@code SILKROAD_TIME_WINDOW} (2 minutes) from their clock, which
 * bounds how far a caller could move those judgements. Here a caller's own proposal is re-dated and signed again with
 * its own key: 30 s in the past it is answered, 10 minutes in the past it is refused.
 */
class ProposalTimeWindowIT {

    private static LocalNetwork.State cn;
    private static LocalNetwork network;

    @BeforeAll
    static void connect() {
        network = LocalNetwork.load();
        cn = network.state("CN");
    }

    @Test
    void a_proposal_dated_30_seconds_ago_is_answered() throws Exception {
        try (LocalNetwork.PeerConnection connection = cn.connectAs("business-1")) {
            byte[] version = redated(connection.gateway(), Duration.ofSeconds(30)).evaluate();

            assertThat(new String(version, StandardCharsets.UTF_8)).contains("\"chaincode\":\"silkroad\"");
        }
    }

    @Test
    void a_proposal_dated_10_minutes_ago_is_refused_by_the_peer() throws Exception {
        try (LocalNetwork.PeerConnection connection = cn.connectAs("business-1")) {
            org.hyperledger.fabric.client.Proposal old = redated(connection.gateway(), Duration.ofMinutes(10));

            assertThatThrownBy(old::evaluate)
                    .isInstanceOfSatisfying(GatewayException.class, refused -> assertThat(
                            refused.getMessage() + " " + refused.getDetails())
                            .containsIgnoringCase("timestamp"));
        }
    }

    /** {@code system:version} as business-1, its channel header's timestamp moved back, signed again by its key. */
    private static org.hyperledger.fabric.client.Proposal redated(Gateway gateway, Duration back) throws Exception {
        Contract system = gateway.getNetwork(network.channel()).getContract(network.chaincode(), "system");
        ProposedTransaction proposed = ProposedTransaction.parseFrom(system.newProposal("version").build().getBytes());
        Proposal proposal = Proposal.parseFrom(proposed.getProposal().getProposalBytes());
        Header header = Header.parseFrom(proposal.getHeader());
        Instant then = Instant.now().minus(back);
        ChannelHeader channelHeader = ChannelHeader.parseFrom(header.getChannelHeader()).toBuilder()
                .setTimestamp(Timestamp.newBuilder().setSeconds(then.getEpochSecond()).setNanos(then.getNano()))
                .build();
        Proposal redated = proposal.toBuilder()
                .setHeader(header.toBuilder().setChannelHeader(channelHeader.toByteString()).build().toByteString())
                .build();
        byte[] signature = EcdsaSigner.of(cn.privateKey("business-1"))
                .sign(MessageDigest.getInstance("SHA-256").digest(redated.toByteArray()));
        ProposedTransaction resigned = proposed.toBuilder()
                .setProposal(SignedProposal.newBuilder().setProposalBytes(redated.toByteString()))
                .build();
        return gateway.newSignedProposal(resigned.toByteArray(), signature);
    }
}
