package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.ops.shared.OpsException;

/** What {@code bench} refuses before it sends anything: no network needed. */
class BenchCommandTest {

    @TempDir
    Path run;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @Test
    void explains_how_to_get_the_benchmark_identities_when_they_are_missing() throws IOException {
        network("127.0.0.1:7051", "http://127.0.0.1:8081");
        Files.writeString(run.resolve("settings.env"), "SILKROAD_PORT_BASE=7000\nSILKROAD_BENCH_USERS=0\n");

        assertThatThrownBy(() -> bench()).isInstanceOf(OpsException.class)
                .hasMessageContaining("lacks 40 of the identities the benchmark uses (bench-001, bench-002, bench-003,")
                .hasMessageContaining("only when the network is brought up with SILKROAD_BENCH_USERS=40 "
                        + "(this network was brought up with SILKROAD_BENCH_USERS=0)")
                .hasMessageContaining("test-network/silkroad.sh down && SILKROAD_BENCH_USERS=40 test-network/silkroad.sh up");
        assertThat(out.size()).isZero();
    }

    @Test
    void refuses_a_peer_that_is_not_on_this_machine() throws IOException {
        network("192.0.2.10:7051", "http://127.0.0.1:8081");

        assertThatThrownBy(() -> bench()).isInstanceOf(OpsException.class)
                .hasMessageContaining("CN peer is at 192.0.2.10, not a loopback address");
    }

    @Test
    void refuses_a_gateway_that_is_not_on_this_machine_unless_only_the_direct_path_runs() throws IOException {
        network("127.0.0.1:7051", "http://192.0.2.10:8081");

        assertThatThrownBy(() -> bench()).isInstanceOf(OpsException.class)
                .hasMessageContaining("CN gateway is at 192.0.2.10");
        assertThatThrownBy(() -> bench("--path", "direct")).isInstanceOf(OpsException.class)
                .hasMessageContaining("lacks");
    }

    @Test
    void names_host_of_endpoints() {
        assertThat(BenchCommand.hostOf("127.0.0.1:7051")).isEqualTo("127.0.0.1");
        assertThat(BenchCommand.hostOf("[::1]:7051")).isEqualTo("::1");
    }

    private int bench(String... args) throws InterruptedException {
        List<String> all = new java.util.ArrayList<>(List.of("--run", run.toString()));
        all.addAll(List.of(args));
        return new BenchCommand(Map.of(), Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC),
                new PrintStream(progress, true, StandardCharsets.UTF_8))
                .run(all, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private void network(String peer, String gateway) throws IOException {
        Path ids = run.resolve("CN/identities");
        for (String demo : List.of("central-bank", "regulator")) {
            Files.createDirectories(ids.resolve(demo));
            Files.writeString(ids.resolve(demo).resolve("cert.pem"), "not read before the identities are complete");
        }
        Files.writeString(run.resolve("network.json"), """
                {"channel":"silkroad","chaincode":"silkroad","consensus":"BFT","states":{"CN":{"mspId":"CNMSP",
                 "peer":{"endpoint":"%s","hostAlias":"peer0.cn.silkroad.test","tlsCaCert":"%s"},
                 "gateway":{"url":"%s"},"identitiesDir":"%s"}},"orderers":[]}"""
                .formatted(peer, run.resolve("ca.crt"), gateway, ids));
    }
}
