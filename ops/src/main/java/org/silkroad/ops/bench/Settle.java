package org.silkroad.ops.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The benchmark's settle phase: uniform payments on each path in rounds, not counted, until in one round the JIT
 * compiler threads of the network's JVMs and of this benchmark's used less than {@value #SETTLED_JIT_PERCENT} % of
 * their processes' CPU, or {@code --settle} seconds would be over before another round ends.
 *
 * <p>Without it the first runs after a start measure the compilers as much as the payments, and the REST path, which
 * has the most code to compile, more than the direct one: a gateway's C2 compiler still took 40-50 % of its CPU in
 * the second three-minute run after a start and ~12 % in the fourth (ops README). The share does not fall to
 * nothing: in the last rounds of a 300 s settle on a fresh network it was still 5.6-7.4 %.
 */
final class Settle {

    /** How long each path runs in one round. */
    static final Duration ROUND = Duration.ofSeconds(15);
    static final double SETTLED_JIT_PERCENT = 10.0;

    /** A path's payments for one round (the direct path lists its notes afresh, as every run does). */
    @FunctionalInterface
    interface Operations {
        LoadDriver.Operation of(String path, int round) throws InterruptedException;
    }

    /** How it ended. */
    enum Outcome { SETTLED, OUT_OF_TIME, NOT_MEASURABLE }

    private final CpuMeter cpu;
    private final PrintStream progress;
    private final Duration round;

    /** @param round how long each path runs in one round ({@link #ROUND}; tests take less) */
    Settle(CpuMeter cpu, PrintStream progress, Duration round) {
        this.cpu = Objects.requireNonNull(cpu, "cpu");
        this.progress = Objects.requireNonNull(progress, "progress");
        this.round = Objects.requireNonNull(round, "round");
    }

    /** Runs rounds until settled or out of time; prints one line per round to {@code out}. */
    Outcome run(BenchOptions options, PrintStream out, Operations operations) throws InterruptedException {
        long start = System.nanoTime();
        long roundNanos = round.toNanos() * options.paths().size();
        long budget = Duration.ofSeconds(options.settle()).toNanos();
        for (int n = 1; ; n++) {
            var before = cpu.read();
            List<String> rates = new ArrayList<>();
            for (String path : options.paths()) {
                progress.printf(Locale.ROOT, "settle %d: uniform via %s, %.1f s, not counted%n", n, path,
                        round.toMillis() / 1000.0);
                Measurement m = LoadDriver.run("settle", path, new LoadDriver.Limits(options.concurrency(), round,
                        options.maxTx(), BenchCommand.DRAIN), options.seed() + n, operations.of(path, n));
                String failures = BenchReport.failures(m);
                rates.add(String.format(Locale.ROOT, "%s %.1f tx/s%s", path, m.tps(),
                        failures.equals("-") ? "" : " (" + failures + ")"));
            }
            var after = cpu.read();
            CpuMeter.Share share = before.isPresent() && after.isPresent()
                    ? CpuMeter.between(before.get(), after.get()) : null;
            long elapsed = (System.nanoTime() - start) / 1_000_000_000L;
            if (share == null || share.networkMs() + share.benchMs() == 0) {
                out.printf("Settle round %d (%d s): uniform %s; the JIT's share is not measurable here (no /proc)%n",
                        n, elapsed, String.join(", ", rates));
                return Outcome.NOT_MEASURABLE;
            }
            double jitPercent = 100 * (share.networkJitMs() + share.benchJitMs())
                    / (share.networkMs() + share.benchMs());
            Outcome outcome = jitPercent < SETTLED_JIT_PERCENT ? Outcome.SETTLED
                    : System.nanoTime() - start + roundNanos > budget ? Outcome.OUT_OF_TIME : null;
            out.printf(Locale.ROOT, "Settle round %d (%d s): uniform %s; JIT compilers %.1f %% of the CPU of the "
                    + "network and this benchmark%s%n", n, elapsed, String.join(", ", rates), jitPercent,
                    outcome == Outcome.SETTLED ? ": settled" : outcome == Outcome.OUT_OF_TIME
                            ? ": NOT settled within --settle " + options.settle() + " s" : "");
            out.flush();
            if (outcome != null) {
                return outcome;
            }
        }
    }
}
