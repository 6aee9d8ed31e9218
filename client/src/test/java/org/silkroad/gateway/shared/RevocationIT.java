package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.junit.jupiter.api.Test;

/**
 * A state revokes one of its identities on the running network, as its operator would after a key leaked
 * ({@code test-network/silkroad.sh revoke MY compromised-1}): MY's CA revokes the certificate, MY's gateway drops the
 * caller (401 for its API key from then on), and MY's admin alone signs the configuration update that puts the CA's
 * new CRL into the channel's definition of MYMSP. From that block on every state's peer refuses the identity, for
 * reads as for writes, and nothing it sends is written; a transaction it had endorsed before does not commit after;
 * MY's other callers, and CN's identity of the same name (another CA), go on. {@link IdentityLifecycleIT} enrolls,
 * re-keys and revokes a caller of its own.
 * Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class RevocationIT {

    /** A business of every state that only this test revokes (test-network/lib/ca.sh, SILKROAD_DEMO_USERS). */
    private static final String COMPROMISED = "compromised-1";

    @Test
    void a_state_revokes_an_identity_of_its_own_on_the_running_network_and_every_peer_refuses_it() throws Exception {
        LocalNetwork network = LocalNetwork.load();
        LocalNetwork.State my = network.state("MY");
        if (!Files.isDirectory(my.identitiesDir().resolve(COMPROMISED))) {
            // An earlier run of this test on this network revoked it: revoking again succeeds and changes nothing.
            LocalNetwork.CommandOutcome again = network.networkScript(Duration.ofMinutes(3), "revoke", "MY",
                    COMPROMISED);
            assertThat(again.exitCode()).as(again.output()).isZero();
            assertThat(again.output()).contains("No configuration update");
            othersGoOn(network, my);
            return;
        }
        String apiKey = my.apiKey(COMPROMISED);
        String inFlightPing = "revocation-in-flight-" + UUID.randomUUID();
        X509Identity revoked = new X509Identity(my.mspId(), my.certificate(COMPROMISED));
        PrivateKey revokedKey = my.privateKey(COMPROMISED);
        try (LocalNetwork.PeerConnection holder = my.connect(revoked, revokedKey)) {
            LocalNetwork.ok(ping(network, my, apiKey, "revocation-before-" + UUID.randomUUID()));
            // Endorsed by the peers while the certificate was good, handed to the orderers only after.
            Transaction endorsedBefore = system(network, holder).newProposal("ping")
                    .addArguments("{\"requestId\":\"" + inFlightPing + "\"}").build().endorse();

            LocalNetwork.CommandOutcome revoke = network.networkScript(Duration.ofMinutes(3), "revoke", "MY",
                    COMPROMISED);

            assertThat(revoke.exitCode()).as(revoke.output()).isZero();
            assertThat(revoke.output()).contains("MY's gateway no longer has " + COMPROMISED)
                    .contains("every peer and orderer refuses what ca-my revoked");
            assertThatThrownBy(endorsedBefore::submit).as("a transaction endorsed before the revocation")
                    .isInstanceOfAny(SubmitException.class, CommitException.class);
        }
        String refusedPing = "revocation-after-" + UUID.randomUUID();
        LocalNetwork.problem(ping(network, my, apiKey, refusedPing), 401, "UNAUTHENTICATED");
        for (String code : List.of("CN", "MY", "RW")) {
            try (LocalNetwork.PeerConnection connection = network.state(code).connect(revoked, revokedKey)) {
                Contract system = system(network, connection);
                LocalNetwork.assertAccessDenied(() -> system.evaluateTransaction("version"), "the " + code + " peer");
                // Signed by the revoked identity itself, straight to the peer: refused at endorsement.
                String ping = "{\"requestId\":\"" + refusedPing + "\"}";
                assertThatThrownBy(() -> system.submitTransaction("ping", ping))
                        .as("a ping submitted through the %s peer", code).isInstanceOf(GatewayException.class);
            }
        }

        for (String notWritten : List.of(inFlightPing, refusedPing)) {
            LocalNetwork.problem(network.get(my, "/api/v1/system/pings/" + notWritten, my.apiKey("business-1")), 404,
                    "NOT_FOUND");
        }
        othersGoOn(network, my);
    }

    /** MY's other callers, and CN's identity of the same name (issued by CN's CA), are not touched. */
    private static void othersGoOn(LocalNetwork network, LocalNetwork.State my) {
        LocalNetwork.ok(ping(network, my, my.apiKey("business-1"), "revocation-others-" + UUID.randomUUID()));
        LocalNetwork.State cn = network.state("CN");
        LocalNetwork.ok(ping(network, cn, cn.apiKey(COMPROMISED), "revocation-other-ca-" + UUID.randomUUID()));
    }

    private static Contract system(LocalNetwork network, LocalNetwork.PeerConnection connection) {
        return connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "system");
    }

    private static HttpResponse<String> ping(LocalNetwork network, LocalNetwork.State state, String apiKey,
                                             String requestId) {
        return network.postJson(state, "/api/v1/system/pings", apiKey,
                "{\"requestId\":\"" + requestId + "\"}");
    }
}
