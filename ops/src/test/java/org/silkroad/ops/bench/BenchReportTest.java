package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BenchReportTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    @Test
    void results_table_has_one_row_per_scenario_and_path_with_failures_by_code() {
        LatencyRecorder latencies = new LatencyRecorder();
        for (int ms = 1; ms <= 100; ms++) {
            latencies.record(ms * 1_000_000L);
        }
        List<Measurement> results = List.of(
                new Measurement("noop", "direct", 32, 20.04, 2004, Map.of(), Map.of(), latencies.summary(), 0)
                        .withCpu(new CpuMeter.Share(71.2, 12.4, 9.0, 7.4)),
                new Measurement("hot-merchant", "rest", 32, 20.5, 0, Map.of("NOTE_SPENT", 2L, "LEDGER_TIMEOUT", 1L),
                        Map.of("NO_FREE_NOTE", 4L), LatencyRecorder.Summary.EMPTY, 1));

        BenchReport.results(results, out);

        assertThat(printed()).isEqualTo("""
                  SCENARIO      PATH    CONC  SECONDS  COMMITTED  TX/S   P50 ms  P95 ms  P99 ms  MAX ms  FAILED  CPU% NET/BENCH/OTHER/IDLE  FAILURES BY CODE
                  noop          direct  32    20.0     2004       100.0  50      95      99      100     0       71/12/9/7                  -
                  hot-merchant  rest    32    20.5     0          0.0    -       -       -       -       3       -                          LEDGER_TIMEOUT 1, NOTE_SPENT 2; skipped NO_FREE_NOTE 4; 1 worker unfinished at the deadline
                """);
    }

    @Test
    void stages_table_has_a_row_for_each_run_that_could_time_its_stages() {
        Stages.Recorder recorder = new Stages.Recorder();
        for (int i = 0; i < 100; i++) {
            // endorsed in 10..109 ms, committed 300 ms later, 25 to a block in blocks 7, 8, 9, 10
            recorder.record(LoadDriver.Attempt.committed((310 + i) * 1_000_000L, (10 + i) * 1_000_000L, 7 + i / 25));
        }
        List<Measurement> results = List.of(
                new Measurement("noop", "direct", 32, 1.2, 100, Map.of(), Map.of(), LatencyRecorder.Summary.EMPTY, 0)
                        .withStages(recorder.stages()),
                new Measurement("uniform", "rest", 32, 20.0, 0, Map.of(), Map.of(), LatencyRecorder.Summary.EMPTY, 0));

        BenchReport.stages(results, out);

        assertThat(printed()).isEqualTo("""
                  SCENARIO  PATH    ENDORSE P50 ms  P99 ms  THEN TO COMMIT P50 ms  P99 ms  BLOCKS  TX/BLOCK  MS/BLOCK
                  noop      direct  59.0            108.0   300                    300     4       25.0      300
                """);
    }

    @Test
    void cpu_per_transaction_divides_each_kinds_time_by_the_committed_transactions() {
        List<Measurement> results = List.of(
                new Measurement("noop", "direct", 32, 20.0, 2000, Map.of(), Map.of(), LatencyRecorder.Summary.EMPTY, 0)
                        .withCpu(new CpuMeter.Share(70, 10, 10, 10, Map.of("peer", 13_000.0, "orderer", 10_400.0),
                                3_000, 2_340, 500)),
                new Measurement("uniform", "direct", 32, 20.0, 1000, Map.of(), Map.of(), LatencyRecorder.Summary.EMPTY,
                        0).withCpu(new CpuMeter.Share(90, 10, 0, 0, Map.of("peer", 11_700.0, "chaincode", 6_700.0),
                                2_000, 0, 0)),
                new Measurement("uniform", "rest", 32, 20.0, 0, Map.of(), Map.of(), LatencyRecorder.Summary.EMPTY, 0));

        BenchReport.cpuPerTransaction(results, out);

        assertThat(printed()).isEqualTo("""
                  SCENARIO  PATH    CHAINCODE  ORDERER  PEER   NETWORK  OF IT JIT  BENCH
                  noop      direct  0.00       5.20     6.50   11.70    1.17       1.50
                  uniform   direct  6.70       0.00     11.70  18.40    0.00       2.00
                """);
    }

    @Test
    void targets_say_yes_no_or_not_measured() {
        BenchReport.targets(List.of(
                new Targets.Target("uniform (direct) >= 80% of noop (direct)", "91.0%", Targets.Status.MET),
                new Targets.Target("uniform: rest >= 90% of direct", "50.0%", Targets.Status.NOT_MET),
                new Targets.Target("hot-merchant (rest): 0 conflict failures", "not run", Targets.Status.NOT_MEASURED)),
                out);

        assertThat(printed()).isEqualTo("""
                  TARGET                                    MEASURED  MET
                  uniform (direct) >= 80% of noop (direct)  91.0%     yes
                  uniform: rest >= 90% of direct            50.0%     NO
                  hot-merchant (rest): 0 conflict failures  not run   not measured
                """);
    }

    @Test
    void memory_table_shows_each_process_before_after_and_the_change() {
        BenchReport.memory(new MemorySnapshot(Map.of("peer-CN", 102_400L), 102_400),
                new MemorySnapshot(Map.of("peer-CN", 153_600L), 153_600), out);

        assertThat(printed()).isEqualTo("""
                  PROCESS  BEFORE MiB  AFTER MiB  CHANGE MiB
                  peer-CN  100.0       150.0      +50.0
                  total    100.0       150.0      +50.0
                """);
    }

    @Test
    void audit_line_gives_amounts_in_minor_and_major_units() {
        var audit = JsonMapper.builder().build().readTree("""
                {"balanced":true,"currency":"CNY","escrowed":0,"issued":409600000,"noteCount":2113,"outstanding":409600000,
                 "quoteReserves":0,"redeemed":0,"unspentNotes":409600000}""");

        assertThat(BenchReport.audit(audit, 2)).isEqualTo("balanced true, currency CNY, escrowed 0 (0.00), "
                + "issued 409600000 (4096000.00), noteCount 2113, outstanding 409600000 (4096000.00), "
                + "quoteReserves 0 (0.00), redeemed 0 (0.00), unspentNotes 409600000 (4096000.00)");
    }
}
