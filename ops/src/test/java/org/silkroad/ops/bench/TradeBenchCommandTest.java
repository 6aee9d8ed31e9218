package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.ops.shared.OpsException;

class TradeBenchCommandTest {

    @Test
    void options_default_and_parse() {
        TradeBenchCommand.Options defaults = TradeBenchCommand.Options.parse(List.of());
        assertThat(defaults).isEqualTo(new TradeBenchCommand.Options(null, 30, 8, 10, 2048, 1));

        TradeBenchCommand.Options set = TradeBenchCommand.Options.parse(List.of("--run", "/r", "--seconds", "5",
                "--concurrency", "2", "--shipments", "3", "--content-bytes", "100", "--seed", "7"));
        assertThat(set).isEqualTo(new TradeBenchCommand.Options("/r", 5, 2, 3, 100, 7));
    }

    @Test
    void refuses_unknown_options_missing_values_and_non_positive_numbers() {
        assertThatThrownBy(() -> TradeBenchCommand.Options.parse(List.of("--nope", "1")))
                .isInstanceOf(OpsException.class).hasMessageContaining("unknown option --nope");
        assertThatThrownBy(() -> TradeBenchCommand.Options.parse(List.of("--seconds")))
                .isInstanceOf(OpsException.class).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> TradeBenchCommand.Options.parse(List.of("--shipments", "0")))
                .isInstanceOf(OpsException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> TradeBenchCommand.Options.parse(List.of("--concurrency", "x")))
                .isInstanceOf(OpsException.class).hasMessageContaining("needs a number");
    }

    @Test
    void median_and_nearest_rank_percentile() {
        assertThat(TradeBenchCommand.median(List.of(1L, 2L, 9L))).isEqualTo(2);
        assertThat(TradeBenchCommand.median(List.of(1L, 3L, 5L, 9L))).isEqualTo(4);
        assertThat(TradeBenchCommand.percentile(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), 90)).isEqualTo(9);
        assertThat(TradeBenchCommand.percentile(List.of(5L), 90)).isEqualTo(5);
    }

    @Test
    void refuses_a_run_folder_without_a_network(@TempDir Path empty) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TradeBenchCommand(Map.of(), Clock.systemUTC(), out)
                .run(List.of("--run", empty.toString()), out))
                .isInstanceOf(OpsException.class);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
