package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.silkroad.ops.shared.OpsException;

class BenchOptionsTest {

    @Test
    void defaults_run_every_scenario_on_both_paths() {
        BenchOptions o = BenchOptions.parse(List.of());

        assertThat(o.run()).isNull();
        assertThat(o.seconds()).isEqualTo(20);
        assertThat(o.concurrency()).isEqualTo(32);
        assertThat(o.paths()).containsExactly("direct", "rest");
        assertThat(o.scenarios()).containsExactly(Workload.Scenario.UNIFORM, Workload.Scenario.HOT_MERCHANT,
                Workload.Scenario.SINGLE_PAYER);
        assertThat(o.notes()).isEqualTo(64);
        assertThat(o.payers()).hasSize(32);
        assertThat(o.warmup()).isEqualTo(5);
        assertThat(o.settle()).isEqualTo(300);
        assertThat(o.commits()).isEqualTo("stream");
    }

    @Test
    void reads_each_option_in_both_spellings() {
        BenchOptions o = BenchOptions.parse(List.of("--run", "/tmp/r", "--seconds=5", "--concurrency", "8",
                "--path=rest", "--scenario", "single-payer", "--notes", "16", "--max-tx=500", "--warmup", "0",
                "--settle=30", "--commits", "request"));

        assertThat(o.run()).isEqualTo("/tmp/r");
        assertThat(o.seconds()).isEqualTo(5);
        assertThat(o.concurrency()).isEqualTo(8);
        assertThat(o.paths()).containsExactly("rest");
        assertThat(o.runs("direct")).isFalse();
        assertThat(o.scenarios()).containsExactly(Workload.Scenario.SINGLE_PAYER);
        assertThat(o.payers()).containsExactly("bench-001");
        assertThat(o.notes()).isEqualTo(16);
        assertThat(o.maxTx()).isEqualTo(500);
        assertThat(o.warmup()).isZero();
        assertThat(o.settle()).isEqualTo(30);
        assertThat(o.commits()).isEqualTo("request");
    }

    @Test
    void refuses_what_it_cannot_run() {
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--seconds", "0"))).isInstanceOf(OpsException.class)
                .hasMessageContaining("--seconds must be 1 to 3600");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--path", "grpc"))).isInstanceOf(OpsException.class)
                .hasMessageContaining("--path must be one of direct, rest, both");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--commits", "poll"))).isInstanceOf(OpsException.class)
                .hasMessageContaining("--commits must be one of stream, request");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--notes", "101"))).isInstanceOf(OpsException.class);
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--concurrency"))).isInstanceOf(OpsException.class)
                .hasMessageContaining("needs a value");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--forever"))).isInstanceOf(OpsException.class)
                .hasMessageContaining("unknown option '--forever'");
        assertThatThrownBy(() -> BenchOptions.parse(List.of("--seconds", "ten"))).isInstanceOf(OpsException.class)
                .hasMessageContaining("whole number");
    }
}
