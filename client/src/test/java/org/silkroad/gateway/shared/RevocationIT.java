package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.grpc.Status;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.junit.jupiter.api.Test;

/**
 * A state revokes one of its identities on the running network, as its operator would after a key leaked
 * ({@code test-network/silkroad.sh revoke MY compromised-1}): MY's CA revokes the certificate and MY's admin alone
 * signs the configuration update that puts the CA's new CRL into the channel's definition of MYMSP. From that block
 * on every state's peer refuses the identity, for reads as for writes; its gateway answers 403 LEDGER_ACCESS_DENIED
 * and nothing is written; a transaction it had endorsed before does not commit after; MY's other callers, and CN's
 * identity of the same name (another CA), go on.
 * Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class RevocationIT {

    /** A business of every state that only this test revokes (test-network/lib/ca.sh, SILKROAD_DEMO_USERS). */
    private static final String COMPROMISED = "compromised-1";

    @Test
    void a_state_revokes_an_identity_of_its_own_on_the_running_network_and_every_peer_refuses_it() throws Exception {
        LocalNetwork network = LocalNetwork.load();
        LocalNetwork.State my = network.state("MY");
        // On a network where an earlier run of this test revoked it, the command must still succeed and hold.
        boolean revokedBefore = network.get(my, "/api/v1/system/version", my.apiKey(COMPROMISED)).statusCode() == 403;
        String inFlightPing = "revocation-in-flight-" + UUID.randomUUID();
        X509Identity revoked = new X509Identity(my.mspId(), my.certificate(COMPROMISED));
        try (LocalNetwork.PeerConnection holder = my.connect(revoked, my.privateKey(COMPROMISED))) {
            Transaction endorsedBefore = null;
            if (!revokedBefore) {
                LocalNetwork.ok(ping(network, my, COMPROMISED, "revocation-before-" + UUID.randomUUID()));
                // Endorsed by the peers while the certificate was good, handed to the orderers only after.
                endorsedBefore = system(network, holder).newProposal("ping")
                        .addArguments("{\"requestId\":\"" + inFlightPing + "\"}").build().endorse();
            }

            LocalNetwork.CommandOutcome revoke = network.networkScript(Duration.ofMinutes(3), "revoke", "MY",
                    COMPROMISED);

            assertThat(revoke.exitCode()).as(revoke.output()).isZero();
            assertThat(revoke.output()).contains("every peer and orderer refuses what ca-my revoked");
            if (endorsedBefore != null) {
                assertThatThrownBy(endorsedBefore::submit).as("a transaction endorsed before the revocation")
                        .isInstanceOfAny(SubmitException.class, CommitException.class);
            }
        }
        String refusedPing = "revocation-after-" + UUID.randomUUID();
        LocalNetwork.problem(ping(network, my, COMPROMISED, refusedPing), 403, "LEDGER_ACCESS_DENIED");
        LocalNetwork.problem(network.get(my, "/api/v1/system/version", my.apiKey(COMPROMISED)), 403,
                "LEDGER_ACCESS_DENIED");
        for (String code : List.of("CN", "MY", "RW")) {
            try (LocalNetwork.PeerConnection connection =
                         network.state(code).connect(revoked, my.privateKey(COMPROMISED))) {
                Contract system = system(network, connection);
                assertThatThrownBy(() -> system.evaluateTransaction("version")).as("the %s peer", code)
                        .isInstanceOfSatisfying(GatewayException.class, refused -> {
                            assertThat(refused.getStatus().getCode()).as("refused, not unreachable")
                                    .isNotIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED);
                            assertThat(LocalNetwork.refusal(refused).toLowerCase(Locale.ROOT))
                                    .contains("access denied");
                        });
            }
        }

        for (String notWritten : List.of(inFlightPing, refusedPing)) {
            LocalNetwork.problem(network.get(my, "/api/v1/system/pings/" + notWritten, my.apiKey("business-1")), 404,
                    "NOT_FOUND");
        }
        LocalNetwork.ok(ping(network, my, "business-1", "revocation-others-" + UUID.randomUUID()));
        LocalNetwork.State cn = network.state("CN");
        LocalNetwork.ok(ping(network, cn, COMPROMISED, "revocation-other-ca-" + UUID.randomUUID()));
    }

    private static Contract system(LocalNetwork network, LocalNetwork.PeerConnection connection) {
        return connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "system");
    }

    private static HttpResponse<String> ping(LocalNetwork network, LocalNetwork.State state, String identity,
                                             String requestId) {
        return network.postJson(state, "/api/v1/system/pings", state.apiKey(identity),
                "{\"requestId\":\"" + requestId + "\"}");
    }
}
