package org.silkroad.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.RunFolder;

/**
 * Who used the machine's CPU during a run: the network's processes (every pid file and its descendants), this
 * benchmark's JVM, and everything else. "Everything else" is the noise figure: another build or test suite on the same
 * cores shows there, while the load average counts the network's own busy threads too.
 */
final class CpuMeter {

    /**
     * Ticks per second of {@code /proc/<pid>/stat} CPU times: USER_HZ, which Linux fixes at 100 for user space on
     * every architecture a JDK runs on.
     */
    static final int TICKS_PER_SECOND = 100;

    /**
     * Shares of the machine's whole CPU capacity (all cores) during one run, in percent; they add up to 100. And the
     * CPU time each kind of network process used, in milliseconds.
     *
     * @param networkMsByKind by kind of process ({@code peer}, {@code orderer}, {@code chaincode}, {@code gateway},
     *                        {@code ca}: the pid file's name up to its first {@code -}), sorted
     * @param networkJitMs    the part of the network's time its JVMs spent compiling (JIT compiler threads)
     * @param benchJitMs      the part of {@code benchMs} this benchmark's JVM spent compiling
     */
    record Share(double networkPct, double benchPct, double otherPct, double idlePct,
                 Map<String, Double> networkMsByKind, double benchMs, double networkJitMs, double benchJitMs) {

        Share {
            networkMsByKind = Collections.unmodifiableMap(new TreeMap<>(networkMsByKind));
        }

        Share(double networkPct, double benchPct, double otherPct, double idlePct) {
            this(networkPct, benchPct, otherPct, idlePct, Map.of(), 0, 0, 0);
        }

        /** The network's CPU time, all kinds together. */
        double networkMs() {
            return networkMsByKind.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /**
     * Ticks at one moment; {@code networkByKind} splits {@code network} by kind of process; {@code networkJit} and
     * {@code benchJit} are the parts of {@code network} and {@code bench} spent by JIT compiler threads.
     */
    record Reading(long busy, long total, long network, long bench, Map<String, Long> networkByKind, long networkJit,
                   long benchJit) {

        Reading {
            networkByKind = Collections.unmodifiableMap(new TreeMap<>(networkByKind));
        }

        Reading(long busy, long total, long network, long bench) {
            this(busy, total, network, bench, Map.of(), 0, 0);
        }
    }

    private final RunFolder run;
    private final ProcFs proc;
    private final long self;

    CpuMeter(RunFolder run, ProcFs proc, long selfPid) {
        this.run = Objects.requireNonNull(run, "run");
        this.proc = Objects.requireNonNull(proc, "proc");
        this.self = selfPid;
    }

    /** Empty when {@code /proc/stat} is unreadable. */
    Optional<Reading> read() {
        Optional<long[]> machine = proc.machineCpuTicks();
        if (machine.isEmpty()) {
            return Optional.empty();
        }
        Set<Long> counted = new HashSet<>();
        long network = 0;
        long jit = 0;
        Map<String, Long> byKind = new TreeMap<>();
        for (RunFolder.PidFile pidFile : run.pidFiles()) {
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile.file(), StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException e) {
                continue;
            }
            long ticks = 0;
            for (long member : proc.tree(pid)) {
                if (counted.add(member)) {
                    ticks += proc.cpuTicks(member).orElse(0);
                    jit += proc.compilerTicks(member);
                }
            }
            network += ticks;
            byKind.merge(kind(pidFile.process()), ticks, Long::sum);
        }
        return Optional.of(new Reading(machine.get()[0], machine.get()[1], network, proc.cpuTicks(self).orElse(0),
                byKind, jit, proc.compilerTicks(self)));
    }

    /** {@code peer-CN} → {@code peer}, {@code orderer-CN-0} → {@code orderer}. */
    static String kind(String process) {
        int dash = process.indexOf('-');
        return dash < 0 ? process : process.substring(0, dash);
    }

    /**
     * The shares between two readings; null when no time passed. A process that exits between the readings takes its
     * ticks with it, so "other" is clamped at zero rather than shown negative.
     */
    static Share between(Reading before, Reading after) {
        double total = after.total() - before.total();
        if (total <= 0) {
            return null;
        }
        double network = Math.max(0, after.network() - before.network());
        double bench = Math.max(0, after.bench() - before.bench());
        double busy = after.busy() - before.busy();
        double other = Math.max(0, busy - network - bench);
        double idle = Math.max(0, total - busy);
        Map<String, Double> msByKind = new TreeMap<>();
        after.networkByKind().forEach((kind, ticks) -> msByKind.put(kind,
                millis(Math.max(0, ticks - before.networkByKind().getOrDefault(kind, 0L)))));
        return new Share(100 * network / total, 100 * bench / total, 100 * other / total, 100 * idle / total,
                msByKind, millis((long) bench), millis(Math.max(0, after.networkJit() - before.networkJit())),
                millis(Math.max(0, after.benchJit() - before.benchJit())));
    }

    private static double millis(long ticks) {
        return ticks * 1000.0 / TICKS_PER_SECOND;
    }
}
