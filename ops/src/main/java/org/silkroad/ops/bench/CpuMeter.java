package org.silkroad.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.RunFolder;

/**
 * Who used the machine's CPU during a run: the network's processes (every pid file and its descendants), this
 * benchmark's JVM, and everything else. "Everything else" is the noise figure: another build or test suite on the same
 * cores shows there, while the load average counts the network's own busy threads too.
 */
final class CpuMeter {

    /**
     * Shares of the machine's whole CPU capacity (all cores) during one run, in percent; they add up to 100.
     */
    record Share(double networkPct, double benchPct, double otherPct, double idlePct) {
    }

    /** Ticks at one moment. */
    record Reading(long busy, long total, long network, long bench) {
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
        for (RunFolder.PidFile pidFile : run.pidFiles()) {
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile.file(), StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException e) {
                continue;
            }
            for (long member : proc.tree(pid)) {
                if (counted.add(member)) {
                    network += proc.cpuTicks(member).orElse(0);
                }
            }
        }
        return Optional.of(new Reading(machine.get()[0], machine.get()[1], network, proc.cpuTicks(self).orElse(0)));
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
        return new Share(100 * network / total, 100 * bench / total, 100 * other / total, 100 * idle / total);
    }
}
