package org.silkroad.ops.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class NetworkDescriptionTest {

    static final String SAMPLE = """
            {"channel":"silkroad","chaincode":"silkroad","consensus":"BFT",
             "states":{
               "CN":{"mspId":"CNMSP",
                     "peer":{"endpoint":"127.0.0.1:7051","hostAlias":"peer0.cn.silkroad.test",
                             "tlsCaCert":"/abs/CN/tls-ca.pem","operations":"http://127.0.0.1:7046"},
                     "gateway":{"url":"http://127.0.0.1:8081"},
                     "identitiesDir":"/abs/.run/CN/identities",
                     "ca":{"url":"https://127.0.0.1:7054","caCert":"/abs/CN/ca.pem"}},
               "MY":{"mspId":"MYMSP",
                     "peer":{"endpoint":"127.0.0.1:8051","hostAlias":"peer0.my.silkroad.test",
                             "tlsCaCert":"/abs/MY/tls-ca.pem","operations":"http://127.0.0.1:8046"},
                     "gateway":{"url":"http://127.0.0.1:8082"},
                     "identitiesDir":"/abs/.run/MY/identities",
                     "ca":{"url":"https://127.0.0.1:8054","caCert":"/abs/MY/ca.pem"}},
               "RW":{"mspId":"RWMSP",
                     "peer":{"endpoint":"127.0.0.1:9051","hostAlias":"peer0.rw.silkroad.test",
                             "tlsCaCert":"/abs/RW/tls-ca.pem","operations":"http://127.0.0.1:9046"},
                     "gateway":{"url":"http://127.0.0.1:8083"},
                     "identitiesDir":"/abs/.run/RW/identities",
                     "ca":{"url":"https://127.0.0.1:9054","caCert":"/abs/RW/ca.pem"}}},
             "orderers":[
               {"state":"CN","name":"osn0.cn.silkroad.test","endpoint":"127.0.0.1:7050","operations":"http://127.0.0.1:7043"},
               {"state":"CN","name":"osn1.cn.silkroad.test","endpoint":"127.0.0.1:7150","operations":"http://127.0.0.1:7143"},
               {"state":"MY","name":"osn0.my.silkroad.test","endpoint":"127.0.0.1:8050","operations":"http://127.0.0.1:8043"},
               {"state":"RW","name":"osn0.rw.silkroad.test","endpoint":"127.0.0.1:9050","operations":"http://127.0.0.1:9043"}]}
            """;

    @Test
    void reads_every_state_peer_gateway_ca_and_orderer() {
        NetworkDescription network = NetworkDescription.parse(SAMPLE);

        assertThat(network.channel()).isEqualTo("silkroad");
        assertThat(network.chaincode()).isEqualTo("silkroad");
        assertThat(network.consensus()).isEqualTo("BFT");
        NetworkDescription.State cn = network.states().get("CN");
        assertThat(cn.mspId()).isEqualTo("CNMSP");
        assertThat(cn.peer()).isEqualTo(new NetworkDescription.Peer("127.0.0.1:7051", "peer0.cn.silkroad.test",
                Path.of("/abs/CN/tls-ca.pem"), "http://127.0.0.1:7046"));
        assertThat(cn.gateway().url()).isEqualTo("http://127.0.0.1:8081");
        assertThat(cn.identityDir("gateway-probe")).isEqualTo(Path.of("/abs/.run/CN/identities/gateway-probe"));
        assertThat(cn.ca()).isEqualTo(new NetworkDescription.Ca("https://127.0.0.1:7054", Path.of("/abs/CN/ca.pem")));
        assertThat(network.orderers()).extracting(NetworkDescription.Orderer::name).containsExactly(
                "osn0.cn.silkroad.test", "osn1.cn.silkroad.test", "osn0.my.silkroad.test", "osn0.rw.silkroad.test");
        assertThat(network.orderers().get(2).operations()).isEqualTo("http://127.0.0.1:8043");
    }

    @Test
    void keeps_states_in_file_order() {
        String reordered = SAMPLE.replace("\"CN\":{", "\"ZZ\":{").replace("\"CNMSP\"", "\"ZZMSP\"");

        assertThat(NetworkDescription.parse(reordered).states().keySet()).containsExactly("ZZ", "MY", "RW");
    }

    @Test
    void ignores_fields_it_does_not_know() {
        String extended = SAMPLE.replace("\"consensus\":\"BFT\",", "\"consensus\":\"BFT\",\"explorer\":{\"url\":\"x\"},");

        assertThat(NetworkDescription.parse(extended).states()).hasSize(3);
    }

    @Test
    void names_the_json_path_of_a_missing_required_field() {
        String noAlias = SAMPLE.replace("\"hostAlias\":\"peer0.my.silkroad.test\",", "");

        assertThatThrownBy(() -> NetworkDescription.parse(noAlias))
                .isInstanceOf(OpsException.class)
                .hasMessage("network.json: states.MY.peer.hostAlias is missing");
    }

    @Test
    void rejects_a_document_without_states() {
        assertThatThrownBy(() -> NetworkDescription.parse("{\"channel\":\"silkroad\",\"chaincode\":\"silkroad\"}"))
                .isInstanceOf(OpsException.class)
                .hasMessageContaining("states is missing");
    }

    @Test
    void rejects_text_that_is_not_json_with_a_readable_message() {
        assertThatThrownBy(() -> NetworkDescription.parse("{\"channel\": "))
                .isInstanceOf(OpsException.class)
                .hasMessageStartingWith("network.json is not valid JSON");
    }
}
