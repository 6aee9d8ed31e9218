package org.silkroad.ops.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.silkroad.ops.shared.TextTable;
import tools.jackson.databind.JsonNode;

/** The benchmark's figures as aligned text tables. */
final class BenchReport {

    private BenchReport() {
    }

    static void results(List<Measurement> results, PrintStream out) {
        TextTable table = new TextTable("SCENARIO", "PATH", "CONC", "SECONDS", "COMMITTED", "TX/S", "P50 ms", "P95 ms",
                "P99 ms", "MAX ms", "FAILED", "CPU% NET/BENCH/OTHER/IDLE", "FAILURES BY CODE");
        for (Measurement m : results) {
            table.row(m.scenario(), m.path(), Integer.toString(m.concurrency()), fixed(m.seconds(), 1),
                    Long.toString(m.committed()), fixed(m.tps(), 1), fixed(m.latency().p50Ms(), 0),
                    fixed(m.latency().p95Ms(), 0), fixed(m.latency().p99Ms(), 0), fixed(m.latency().maxMs(), 0),
                    Long.toString(m.failed()), cpu(m.cpu()), failures(m));
        }
        table.print(out);
    }

    /**
     * CPU time per committed transaction, by kind of network process and for the benchmark itself: where a
     * transaction's cost goes, and a figure that a busy machine disturbs less than transactions per second.
     */
    static void cpuPerTransaction(List<Measurement> results, PrintStream out) {
        Set<String> kinds = new java.util.TreeSet<>();
        for (Measurement m : results) {
            if (m.cpu() != null) {
                kinds.addAll(m.cpu().networkMsByKind().keySet());
            }
        }
        List<String> header = new ArrayList<>(List.of("SCENARIO", "PATH"));
        kinds.forEach(kind -> header.add(kind.toUpperCase(Locale.ROOT)));
        header.addAll(List.of("NETWORK", "OF IT JIT", "BENCH"));
        TextTable table = new TextTable(header.toArray(String[]::new));
        for (Measurement m : results) {
            if (m.cpu() == null || m.committed() == 0) {
                continue;
            }
            List<String> row = new ArrayList<>(List.of(m.scenario(), m.path()));
            for (String kind : kinds) {
                row.add(fixed(m.cpu().networkMsByKind().getOrDefault(kind, 0.0) / m.committed(), 2));
            }
            row.add(fixed(m.cpu().networkMs() / m.committed(), 2));
            row.add(fixed(m.cpu().networkJitMs() / m.committed(), 2));
            row.add(fixed(m.cpu().benchMs() / m.committed(), 2));
            table.row(row.toArray(String[]::new));
        }
        table.print(out);
    }

    /** {@code 71/12/9/8}: percent of all cores used by the network, this benchmark, anything else, nothing. */
    static String cpu(CpuMeter.Share share) {
        if (share == null) {
            return "-";
        }
        return fixed(share.networkPct(), 0) + "/" + fixed(share.benchPct(), 0) + "/" + fixed(share.otherPct(), 0) + "/"
                + fixed(share.idlePct(), 0);
    }

    /** {@code MVCC_READ_CONFLICT 3, NOTE_SPENT 1; skipped NO_FREE_NOTE 2; 1 worker unfinished}, or {@code -}. */
    static String failures(Measurement m) {
        List<String> parts = new ArrayList<>();
        if (!m.failures().isEmpty()) {
            parts.add(counts(m.failures()));
        }
        if (!m.skips().isEmpty()) {
            parts.add("skipped " + counts(m.skips()));
        }
        if (m.unfinished() > 0) {
            parts.add(m.unfinished() + (m.unfinished() == 1 ? " worker" : " workers") + " unfinished at the deadline");
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    private static String counts(Map<String, Long> counts) {
        List<String> items = new ArrayList<>();
        counts.forEach((code, n) -> items.add(code + " " + n));
        return String.join(", ", items);
    }

    /**
     * The direct path's latency in two parts (endorsement; the rest: ordering, the block, the peer's commit) and the
     * blocks its committed transactions are in: how many made each block, and how often blocks came.
     */
    static void stages(List<Measurement> results, PrintStream out) {
        TextTable table = new TextTable("SCENARIO", "PATH", "ENDORSE P50 ms", "P99 ms", "THEN TO COMMIT P50 ms",
                "P99 ms", "BLOCKS", "TX/BLOCK", "MS/BLOCK");
        for (Measurement m : results) {
            Stages s = m.stages();
            if (s != null) {
                table.row(m.scenario(), m.path(), fixed(s.endorse().p50Ms(), 1), fixed(s.endorse().p99Ms(), 1),
                        fixed(s.afterEndorse().p50Ms(), 0), fixed(s.afterEndorse().p99Ms(), 0),
                        Integer.toString(s.blocks()), fixed(s.perBlock(), 1), fixed(s.msPerBlock(m.seconds()), 0));
            }
        }
        table.print(out);
    }

    static void gatewaySubmits(List<Measurement> results, PrintStream out) {
        TextTable table = new TextTable("SCENARIO", "SUBMITS", "BY OUTCOME");
        for (Measurement m : results) {
            if (m.gatewaySubmits() != null) {
                long total = m.gatewaySubmits().values().stream().mapToLong(Long::longValue).sum();
                table.row(m.scenario(), Long.toString(total),
                        m.gatewaySubmits().isEmpty() ? "-" : counts(m.gatewaySubmits()));
            }
        }
        table.print(out);
    }

    static void targets(List<Targets.Target> targets, PrintStream out) {
        TextTable table = new TextTable("TARGET", "MEASURED", "MET");
        for (Targets.Target t : targets) {
            table.row(t.goal(), t.measured(), switch (t.status()) {
                case MET -> "yes";
                case NOT_MET -> "NO";
                case NOT_MEASURED -> "not measured";
            });
        }
        table.print(out);
    }

    static void memory(MemorySnapshot before, MemorySnapshot after, PrintStream out) {
        TextTable table = new TextTable("PROCESS", "BEFORE MiB", "AFTER MiB", "CHANGE MiB");
        Set<String> names = new LinkedHashSet<>(before.rssKib().keySet());
        names.addAll(after.rssKib().keySet());
        for (String name : names) {
            Long b = before.rssKib().get(name);
            Long a = after.rssKib().get(name);
            table.row(name, b == null ? "-" : mib(b), a == null ? "-" : mib(a),
                    a == null || b == null ? "-" : signedMib(a - b));
        }
        table.row("total", mib(before.totalKib()), mib(after.totalKib()), signedMib(after.totalKib() - before.totalKib()));
        table.print(out);
    }

    static String jvm(MemorySnapshot.Jvm jvm) {
        return String.format(Locale.ROOT,
                "heap used %.1f MiB, committed %.1f MiB, max %.1f MiB, heap pools' peaks %.1f MiB; GC %d collections, "
                        + "%d ms; CPU %s",
                jvm.usedBytes() / 1048576.0, jvm.committedBytes() / 1048576.0, jvm.maxBytes() / 1048576.0,
                jvm.peakPoolsBytes() / 1048576.0, jvm.gcCount(), jvm.gcMillis(),
                jvm.cpuMillis() < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f s", jvm.cpuMillis() / 1000.0));
    }

    /** Every field of the audit result, amounts also in major units. */
    static String audit(JsonNode audit, int decimals) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : audit.properties()) {
            JsonNode value = field.getValue();
            String name = field.getKey();
            if (value.isIntegralNumber() && !name.equals("noteCount")) {
                parts.add(name + " " + value.asLong() + " (" + RestPayments.decimal(value.asLong(), decimals) + ")");
            } else {
                parts.add(name + " " + (value.isString() ? value.asString() : value.toString()));
            }
        }
        return String.join(", ", parts);
    }

    static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String signedMib(long kib) {
        return String.format(Locale.ROOT, "%+.1f", kib / 1024.0);
    }
}
