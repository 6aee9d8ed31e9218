package org.silkroad.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;

/** Pid files, process liveness and the SmartBFT leader from operations metrics served by a local HTTP server. */
class NodeControlTest {

    @TempDir
    Path run;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        metrics("/osn0", 0, "silkroad");
        metrics("/osn1", 1, "other");
        metrics("/osn2", 1, "silkroad");
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        Files.createDirectories(run.resolve("pids"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void metrics(String path, int leader, String channel) {
        server.createContext(path + "/metrics", exchange -> {
            byte[] body = ("# HELP consensus_BFT_is_leader ...\nconsensus_BFT_is_leader{channel=\"" + channel + "\"} "
                    + leader + "\nconsensus_BFT_leader_id{channel=\"" + channel + "\"} 3\n")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
    }

    private NodeControl control() throws IOException {
        NetworkDescription network = new NetworkDescription("silkroad", "silkroad", "BFT",
                Map.of("CN", new NetworkDescription.State("CN", "CNMSP",
                        new NetworkDescription.Peer("127.0.0.1:1", "peer0", Path.of("ca.crt"), null), null, null, null)),
                List.of(new NetworkDescription.Orderer("CN", "osn0.cn.silkroad.test", "127.0.0.1:2", base + "/osn0"),
                        new NetworkDescription.Orderer("CN", "osn1.cn.silkroad.test", "127.0.0.1:3", base + "/osn1"),
                        new NetworkDescription.Orderer("MY", "osn0.my.silkroad.test", "127.0.0.1:4", base + "/osn2")));
        long self = ProcessHandle.current().pid();
        for (String process : List.of("orderer-CN-0", "orderer-CN-1", "orderer-MY-0")) {
            Files.writeString(run.resolve("pids").resolve(process + ".pid"), self + "\n");
        }
        return new NodeControl(run, network, run.resolve("silkroad.sh"));
    }

    @Test
    void orderer_process_names_follow_the_scripts_naming() throws IOException {
        assertThat(control().orderers()).extracting(NodeControl.OrdererNode::process)
                .containsExactly("orderer-CN-0", "orderer-CN-1", "orderer-MY-0");
    }

    @Test
    void the_leader_is_the_orderer_whose_gauge_is_one_on_the_network_channel() throws IOException {
        // osn1 says 1, but for another channel.
        assertThat(control().bftLeader().process()).isEqualTo("orderer-MY-0");
    }

    @Test
    void a_pid_file_of_a_live_process_is_alive_and_a_missing_one_is_not() throws IOException {
        NodeControl nodes = control();
        Files.writeString(run.resolve("pids").resolve("peer-CN.pid"), "999999999\n");

        assertThat(nodes.alive("orderer-CN-0")).isTrue();
        assertThat(nodes.alive("peer-CN")).isFalse();
        assertThat(nodes.alive("peer-XX")).isFalse();
        assertThat(nodes.anyDead()).isTrue();
        assertThatThrownBy(() -> nodes.pid("peer-XX")).isInstanceOf(OpsException.class).hasMessageContaining("peer-XX");
    }
}
