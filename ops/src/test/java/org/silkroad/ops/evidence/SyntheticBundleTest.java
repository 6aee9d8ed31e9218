package org.silkroad.ops.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.silkroad.ops.evidence.SyntheticChannel.Party;

/**
 * The verifier on channels built in the test (see {@link SyntheticChannel}): what the recorded bundle cannot vary —
 * other consenter counts and quorums, who signs, foreign and expired certificates.
 */
class SyntheticBundleTest {

    private static final List<String> STATES = List.of("CNMSP", "MYMSP", "RWMSP");

    private static BundleVerifier.Result verify(SyntheticChannel channel) {
        return new BundleVerifier().verify(EvidenceBundle.read(channel.bundle()));
    }

    private static List<Party> peers(SyntheticChannel channel) {
        return List.of(channel.cas.get("CNMSP").issue("peer0.cn"), channel.cas.get("MYMSP").issue("peer0.my"));
    }

    @Test
    void four_consenters_three_signatures_verify() {
        SyntheticChannel channel = new SyntheticChannel(STATES, 4);
        Party creator = channel.cas.get("CNMSP").issue("business-1");
        channel.addTransaction(creator, peers(channel), SyntheticChannel.now(), 1, 3, 4);

        BundleVerifier.Result result = verify(channel);

        assertThat(result.failures()).isEmpty();
        assertThat(result.verified()).anyMatch(line -> line.startsWith("block 1: data hash matches; signed by "
                + "[consenter 1 (CNMSP), consenter 3 (RWMSP), consenter 4 (CNMSP)] (quorum 3)"));
    }

    @Test
    void seven_consenters_need_five_signatures() {
        SyntheticChannel channel = new SyntheticChannel(STATES, 7);
        Party creator = channel.cas.get("MYMSP").issue("business-2");
        channel.addTransaction(creator, peers(channel), SyntheticChannel.now(), 1, 2, 3, 4, 5);
        channel.addTransaction(creator, peers(channel), SyntheticChannel.now(), 1, 2, 3, 4);

        BundleVerifier.Result result = verify(channel);

        assertThat(result.verified()).anyMatch(line -> line.startsWith("block 1: data hash matches")
                && line.endsWith("(quorum 5)"));
        assertThat(result.failures()).singleElement().asString()
                .startsWith("block 2: 4 valid orderer signature(s)").contains("the BFT quorum is 5 of 7");
    }

    @Test
    void the_same_consenter_signing_twice_counts_once_and_unknown_signers_not_at_all() {
        SyntheticChannel channel = new SyntheticChannel(STATES, 4);
        Party creator = channel.cas.get("CNMSP").issue("business-1");
        channel.addTransaction(creator, peers(channel), SyntheticChannel.now(), 1, 1, 2);

        BundleVerifier.Result result = verify(channel);

        assertThat(result.failures()).singleElement().asString()
                .startsWith("block 1: 2 valid orderer signature(s) [consenter 1 (CNMSP), consenter 2 (MYMSP)]")
                .contains("consenter 1 (CNMSP): signed twice (counted once)");
    }

    @Test
    void a_creator_certificate_from_a_ca_outside_the_channel_is_rejected_though_it_claims_a_member_msp() {
        SyntheticChannel channel = new SyntheticChannel(STATES, 4);
        SyntheticChannel.Ca impostor = SyntheticChannel.newCa("CNMSP");
        channel.addTransaction(impostor.issue("business-1"), peers(channel), SyntheticChannel.now(), 1, 2, 3);

        BundleVerifier.Result result = verify(channel);

        assertThat(result.failures()).containsExactly(
                "transaction tx-1: creator CNMSP/business-1: certificate not issued by a CA of CNMSP");
    }

    @Test
    void certificates_are_checked_at_the_transaction_time() {
        SyntheticChannel channel = new SyntheticChannel(STATES, 4);
        Instant time = SyntheticChannel.now();
        Party expired = channel.cas.get("RWMSP").issue("business-9", time.minusSeconds(7200), time.minusSeconds(3600));
        Party validThen = channel.cas.get("RWMSP").issue("business-8", time.minusSeconds(7200), time.plusSeconds(60));
        channel.addTransaction(expired, peers(channel), time, 1, 2, 3);
        channel.addTransaction(validThen, peers(channel), time, 1, 2, 3);

        BundleVerifier.Result result = verify(channel);

        // business-8's certificate has long expired by now, but was valid when it signed: still good evidence.
        assertThat(result.failures()).containsExactly("transaction tx-1: creator RWMSP/business-9: certificate not "
                + "valid at " + time);
        assertThat(result.verified()).anyMatch(line -> line.startsWith("transaction tx-2")
                && line.contains("created by RWMSP/business-8"));
    }

    @Test
    void an_endorsement_signed_by_another_key_is_rejected() {
        SyntheticChannel channel = new SyntheticChannel(STATES, 4);
        Party peer = channel.cas.get("MYMSP").issue("peer0.my");
        Party thief = new Party(peer.mspId(), peer.certificate(), channel.cas.get("MYMSP").issue("other").key());
        channel.addTransaction(channel.cas.get("CNMSP").issue("business-1"),
                List.of(channel.cas.get("CNMSP").issue("peer0.cn"), thief), SyntheticChannel.now(), 1, 2, 3);

        BundleVerifier.Result result = verify(channel);

        assertThat(result.failures()).containsExactly("transaction tx-1: the endorsement by MYMSP/peer0.my does not "
                + "verify: the transaction's results or the endorsement were changed");
    }
}
