package org.silkroad.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
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

/** What the command refuses before it touches anything. */
class FaultsCommandTest {

    @TempDir
    Path dir;

    private int run(String... args) throws InterruptedException {
        return new FaultsCommand(Map.of(), Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC),
                new PrintStream(new ByteArrayOutputStream())).run(List.of(args), new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void bad_options_are_refused_with_the_usage() {
        assertThatThrownBy(() -> run("--bogus")).isInstanceOf(OpsException.class).hasMessageContaining("usage");
        assertThatThrownBy(() -> run("--seconds", "x")).isInstanceOf(OpsException.class)
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> run("--seconds", "1")).isInstanceOf(OpsException.class).hasMessageContaining("3 to");
        assertThatThrownBy(() -> run("--run")).isInstanceOf(OpsException.class).hasMessageContaining("needs a value");
    }

    @Test
    void a_missing_network_script_is_refused() {
        assertThatThrownBy(() -> run("--run", dir.toString(), "--script", dir.resolve("none.sh").toString()))
                .isInstanceOf(OpsException.class).hasMessageContaining("not found");
    }

    @Test
    void a_raft_network_is_refused_before_any_fault() throws IOException {
        Path script = Files.writeString(dir.resolve("silkroad.sh"), "exit 1\n");
        Files.writeString(dir.resolve("network.json"), """
                {"channel":"silkroad","chaincode":"silkroad","consensus":"etcdraft",
                 "states":{"CN":{"mspId":"CNMSP","peer":{"endpoint":"127.0.0.1:1","hostAlias":"p","tlsCaCert":"c"}}},
                 "orderers":[{"state":"CN","name":"osn0.cn.silkroad.test"}]}""");

        assertThatThrownBy(() -> run("--run", dir.toString(), "--script", script.toString()))
                .isInstanceOf(OpsException.class).hasMessageContaining("SmartBFT");
    }

    @Test
    void retry_after_in_seconds_becomes_milliseconds_and_other_forms_are_ignored() {
        assertThat(PaymentWorkload.retryAfterMillis("2")).isEqualTo(2000);
        assertThat(PaymentWorkload.retryAfterMillis(null)).isZero();
        assertThat(PaymentWorkload.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isZero();
        assertThat(PaymentWorkload.retryAfterMillis("3600")).isEqualTo(60_000);
    }

    @Test
    void a_reply_is_ambiguous_without_answer_or_on_5xx_and_a_4xx_is_definite_even_when_retryable() {
        var json = GatewayClient.JSON;
        assertThat(new GatewayClient.Reply(0, null, null, "HTTP_TIMEOUT", 0).ambiguous()).isTrue();
        assertThat(new GatewayClient.Reply(503, json.readTree("{\"code\":\"LEDGER_UNAVAILABLE\"}"), "2", null, 0)
                .ambiguous()).isTrue();
        assertThat(new GatewayClient.Reply(409, json.readTree("{\"code\":\"NOTE_SPENT\",\"retryable\":true}"), null,
                null, 0).ambiguous()).isFalse();
        GatewayClient.Reply refused = new GatewayClient.Reply(403, json.readTree("{\"code\":\"NOT_ISSUER\"}"), null,
                null, 0);
        assertThat(refused.ambiguous()).isFalse();
        assertThat(refused.code()).isEqualTo("NOT_ISSUER");
        assertThat(new GatewayClient.Reply(409, json.readTree(
                "{\"code\":\"COMMIT_FAILED\",\"validationCode\":\"MVCC_READ_CONFLICT\"}"), null, null, 0).code())
                .isEqualTo("COMMIT_FAILED/MVCC_READ_CONFLICT");
    }
}
