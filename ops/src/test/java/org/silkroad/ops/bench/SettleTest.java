package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.RunFolder;

/**
 * The settle phase against a fake {@code /proc}: each round's operations move the ticks of a network JVM and of its
 * compiler thread, as the JIT would.
 */
class SettleTest {

    private static final long JVM = 20;
    private static final long COMPILER = 21;
    private static final Duration ROUND = Duration.ofMillis(200);

    @TempDir
    Path proc;

    @TempDir
    Path run;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> operationsAsked = new ArrayList<>();
    private long machineTicks;
    private long jvmTicks;
    private long compilerTicks;
    private boolean machineReadable = true;

    @BeforeEach
    void network() throws IOException {
        Files.createDirectories(proc.resolve(JVM + "/task/" + COMPILER));
        Files.createDirectories(proc.resolve(JVM + "/task/" + JVM));
        Files.writeString(proc.resolve(JVM + "/task/" + COMPILER + "/comm"), "C2 CompilerThre\n");
        Files.writeString(proc.resolve(JVM + "/task/" + JVM + "/comm"), "java\n");
        Files.writeString(proc.resolve(JVM + "/task/" + JVM + "/children"), "");
        Files.createDirectories(run.resolve("pids"));
        Files.writeString(run.resolve("pids/gateway-CN.pid"), JVM + "\n");
        advance(0, 0);
    }

    @Test
    void stops_at_the_first_round_whose_compilers_used_less_than_a_tenth_of_the_cpu() throws Exception {
        // Round 1: the compiler takes 40 of 100 ticks; round 2: 9 of 100; round 3 would take 0.
        List<long[]> rounds = List.of(new long[] {100, 40}, new long[] {100, 9}, new long[] {100, 0});

        Settle.Outcome outcome = settle("--path", "both", "--settle", "60", rounds);

        assertThat(outcome).isEqualTo(Settle.Outcome.SETTLED);
        assertThat(operationsAsked).containsExactly("direct 1", "rest 1", "direct 2", "rest 2");
        List<String> lines = printed();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("Settle round 1 \\(\\d+ s\\): uniform direct [0-9.]+ tx/s, rest [0-9.]+ tx/s; "
                + "JIT compilers 40\\.0 % of the CPU of the network and this benchmark");
        assertThat(lines.get(1)).startsWith("Settle round 2 ").endsWith("JIT compilers 9.0 % of the CPU of the network "
                + "and this benchmark: settled");
    }

    @Test
    void gives_up_when_another_round_would_end_after_the_time_allowed() throws Exception {
        List<long[]> rounds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rounds.add(new long[] {100, 30});
        }

        // One path, 0.2 s rounds, 1 s allowed: the fifth round would end after it (a slow machine stops sooner).
        Settle.Outcome outcome = settle("--path", "direct", "--settle", "1", rounds);

        assertThat(outcome).isEqualTo(Settle.Outcome.OUT_OF_TIME);
        List<String> lines = printed();
        assertThat(lines).hasSizeBetween(1, 4);
        assertThat(lines.get(lines.size() - 1)).endsWith("JIT compilers 30.0 % of the CPU of the network and this "
                + "benchmark: NOT settled within --settle 1 s");
    }

    @Test
    void says_so_after_one_round_when_the_cpu_cannot_be_read() throws Exception {
        machineReadable = false;
        Files.delete(proc.resolve("stat"));

        Settle.Outcome outcome = settle("--path", "direct", "--settle", "60", List.of(new long[] {100, 40}));

        assertThat(outcome).isEqualTo(Settle.Outcome.NOT_MEASURABLE);
        assertThat(printed()).singleElement().asString().endsWith("the JIT's share is not measurable here (no /proc)");
    }

    private Settle.Outcome settle(String pathOption, String path, String settleOption, String seconds,
                                  List<long[]> rounds) throws Exception {
        BenchOptions options = BenchOptions.parse(List.of(pathOption, path, settleOption, seconds, "--concurrency",
                "2"));
        CpuMeter cpu = new CpuMeter(RunFolder.locate(run.toString(), Map.of()), new ProcFs(proc), 99);
        Settle settle = new Settle(cpu, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                ROUND);
        return settle.run(options, new PrintStream(out, true, StandardCharsets.UTF_8), (p, n) -> {
            operationsAsked.add(p + " " + n);
            if (p.equals(options.paths().get(0))) {
                long[] ticks = rounds.get(n - 1);
                advance(ticks[0], ticks[1]);
            }
            return (worker, sequence, random) -> {
                Thread.sleep(10);
                return LoadDriver.Attempt.committed(10_000_000);
            };
        });
    }

    /** The JVM uses {@code ticks} more, {@code compiling} of them in its compiler thread; the machine as much. */
    private void advance(long ticks, long compiling) {
        machineTicks += ticks;
        jvmTicks += ticks;
        compilerTicks += compiling;
        try {
            if (machineReadable) {
                Files.writeString(proc.resolve("stat"), "cpu  " + machineTicks + " 0 0 1000 0 0 0 0 0 0\n");
            }
            Files.writeString(proc.resolve(JVM + "/stat"), stat(JVM, "java", jvmTicks));
            Files.writeString(proc.resolve(JVM + "/task/" + COMPILER + "/stat"), stat(COMPILER, "C2 CompilerThre",
                    compilerTicks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String stat(long pid, String name, long utime) {
        return pid + " (" + name + ") S 1 1 1 0 -1 4194560 100 0 0 0 " + utime + " 0 0 0 20 0 8 0 1000 100000 100 "
                + "18446744073709551615\n";
    }

    private List<String> printed() {
        String text = out.toString(StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? List.of() : List.of(text.split("\\R"));
    }
}
