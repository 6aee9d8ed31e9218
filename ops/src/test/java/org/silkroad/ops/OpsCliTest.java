package org.silkroad.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path empty;

    @Test
    void missing_run_folder_is_a_one_line_error_without_stack_trace() {
        int code = run("report", "--run", empty.resolve("nowhere").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err()).startsWith("silkroad-ops: run folder ").contains("does not exist").doesNotContain("at org.");
        assertThat(out()).isEmpty();
    }

    @Test
    void run_folder_without_network_json_says_the_network_is_not_up() {
        int code = run("report", "--run=" + empty);

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("network.json does not exist").doesNotContain("Exception");
    }

    @Test
    void unknown_option_prints_usage() {
        int code = run("report", "--watch-seconds", "5");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("unknown option '--watch-seconds'").contains("report [--run <dir>] [--json]");
    }

    @Test
    void unknown_command_prints_usage() {
        assertThat(run("onboard")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'onboard'");
    }

    @Test
    void bench_help_prints_its_usage() {
        assertThat(run("bench", "--help")).isZero();
        assertThat(out()).contains("bench [--run <dir>] [--seconds N]").contains("SILKROAD_BENCH_USERS=40");
    }

    @Test
    void bench_without_a_network_is_a_one_line_error() {
        int code = run("bench", "--run=" + empty, "--seconds", "1");

        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("network.json does not exist").doesNotContain("Exception");
    }

    @Test
    void help_lists_the_report_command() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("report [--run <dir>] [--json]");
    }

    private int run(String... args) {
        return OpsCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
