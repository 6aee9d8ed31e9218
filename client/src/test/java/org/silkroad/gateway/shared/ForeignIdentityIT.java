package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.grpc.Status;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only identities issued by a member state's own CA act on the ledger: a certificate from an outside CA that
 * merely claims CNMSP is refused by the CN peer, and an unknown API key is refused by the CN gateway.
 * Runs against {@code test-network/} ({@code mvn -pl client verify -Pnetwork}).
 */
class ForeignIdentityIT {

    private static LocalNetwork network;
    private static LocalNetwork.State cn;

    @BeforeAll
    static void connect() {
        network = LocalNetwork.load();
        cn = network.state("CN");
    }

    @Test
    void the_cn_peer_answers_a_cn_identity() throws Exception {
        try (LocalNetwork.PeerConnection connection = cn.connectAs("business-1")) {
            byte[] version = system(connection).evaluateTransaction("version");

            assertThat(new String(version, StandardCharsets.UTF_8)).contains("\"chaincode\":\"silkroad\"");
        }
    }

    @Test
    void the_cn_peer_refuses_a_certificate_from_an_outside_ca_claiming_cnmsp() throws Exception {
        TestPki outsideCa = TestPki.newCa("ca.cn.silkroad.test");
        TestPki.Issued impostor = outsideCa.enrollment("business-1", "business");

        try (LocalNetwork.PeerConnection connection =
                     cn.connect(new X509Identity(cn.mspId(), impostor.certificate()), impostor.privateKey())) {
            Contract system = system(connection);

            assertThatThrownBy(() -> system.evaluateTransaction("version"))
                    .isInstanceOfSatisfying(GatewayException.class, refused -> {
                        assertThat(refused.getStatus().getCode())
                                .as("refused by the peer, not a transport failure")
                                .isNotIn(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.OK);
                        assertThat(LocalNetwork.refusal(refused).toLowerCase(Locale.ROOT)).contains("access denied");
                    });
        }
    }

    @Test
    void the_cn_gateway_refuses_an_unknown_api_key() {
        HttpResponse<String> response = network.get(cn, "/api/v1/me", "not-a-key-of-anyone");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(LocalNetwork.json(response.body()).path("code").asString()).isEqualTo("UNAUTHENTICATED");
    }

    private Contract system(LocalNetwork.PeerConnection connection) {
        return connection.gateway().getNetwork(network.channel()).getContract(network.chaincode(), "system");
    }
}
