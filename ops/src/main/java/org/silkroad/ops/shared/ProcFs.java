package org.silkroad.ops.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Linux's {@code /proc}, read as files so that tests can lay out a fake one. A process can exit between two reads;
 * every method treats a vanished process as absent rather than as an error. Shared by {@code report} (memory per
 * process) and {@code bench} (memory before and after a load).
 */
public final class ProcFs {

    private final Path root;
    private Map<Long, List<Long>> childrenByScan;

    /** @param root a directory laid out like {@code /proc} (tests use a temporary one) */
    public ProcFs(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /** The machine's own {@code /proc}. */
    public static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /** The process's status, or empty if it does not exist (any more) or cannot be read. */
    public Optional<ProcStatus> status(long pid) {
        try {
            return Optional.of(ProcStatus.parse(Files.readString(root.resolve(pid + "/status"),
                    StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * CPU time a process has used so far, user plus system, in clock ticks ({@code utime + stime} of
     * {@code /proc/<pid>/stat}); empty if it does not exist (any more). Ticks compare with {@link #machineCpuTicks()}.
     */
    public OptionalLong cpuTicks(long pid) {
        return ticks(root.resolve(pid + "/stat"));
    }

    /**
     * CPU time a JVM's JIT compiler threads have used so far, in clock ticks: the threads HotSpot names
     * {@code C1 CompilerThreadN} and {@code C2 CompilerThreadN} (the kernel keeps the first 15 characters of a name).
     * 0 for a process without them (not a JVM, or exited); a thread that ends between the reads takes its ticks along,
     * as HotSpot's idle compiler threads do.
     */
    public long compilerTicks(long pid) {
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(root.resolve(pid + "/task"))) {
            for (Path thread : threads) {
                String name = read(thread.resolve("comm")).strip();
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    ticks += ticks(thread.resolve("stat")).orElse(0);
                }
            }
        } catch (IOException e) {
            // The process exited while its threads were listed: what was read so far.
        }
        return ticks;
    }

    /** {@code utime + stime} of a process's or thread's {@code stat} file; empty if it is gone or unreadable. */
    private static OptionalLong ticks(Path statFile) {
        try {
            String stat = Files.readString(statFile, StandardCharsets.UTF_8);
            // The command name (field 2) is in parentheses and may itself hold spaces or ')': split after the last one.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            // fields[0] is field 3 (state), so utime (field 14) and stime (field 15) are fields[11] and fields[12].
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The whole machine's CPU time so far, in clock ticks summed over every CPU, from the first line of
     * {@code /proc/stat}: {@code [busy, total]}, where idle and iowait are the only ticks not busy.
     *
     * @return empty if {@code /proc/stat} cannot be read
     */
    public Optional<long[]> machineCpuTicks() {
        try {
            for (String line : Files.readAllLines(root.resolve("stat"), StandardCharsets.UTF_8)) {
                if (!line.startsWith("cpu ")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                long total = 0;
                // user nice system idle iowait irq softirq steal; guest time is already counted in user.
                for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                    total += Long.parseLong(f[i]);
                }
                long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
                return Optional.of(new long[] {total - idle, total});
            }
        } catch (IOException | RuntimeException e) {
            // Fall through: unknown.
        }
        return Optional.empty();
    }

    /**
     * Direct children of a process. Reads {@code /proc/<pid>/task/<tid>/children} (children of every thread: a Go or
     * Java program forks from any of them); kernels built without {@code CONFIG_PROC_CHILDREN} lack those files, and
     * then the parent of every process in {@code /proc} is read once and reused.
     */
    public List<Long> children(long pid) {
        Path tasks = root.resolve(pid + "/task");
        if (Files.isRegularFile(tasks.resolve(pid + "/children"))) {
            List<Long> children = new ArrayList<>();
            try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    for (String child : read(thread.resolve("children")).trim().split("\\s+")) {
                        if (!child.isEmpty()) {
                            children.add(Long.parseLong(child));
                        }
                    }
                }
                return children;
            } catch (IOException | NumberFormatException e) {
                // The process exited while its threads were listed, or the file is not what we expect: fall through.
            }
        }
        return scanChildren().getOrDefault(pid, List.of());
    }

    /**
     * The process and all its descendants, the process first. The visited set guards against pid reuse forming a
     * cycle mid-scan.
     */
    public Set<Long> tree(long pid) {
        Set<Long> tree = new LinkedHashSet<>();
        Deque<Long> pending = new ArrayDeque<>(List.of(pid));
        while (!pending.isEmpty()) {
            long next = pending.pop();
            if (tree.add(next)) {
                pending.addAll(children(next));
            }
        }
        return tree;
    }

    private Map<Long, List<Long>> scanChildren() {
        if (childrenByScan == null) {
            Map<Long, List<Long>> byParent = new HashMap<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long pid = Long.parseLong(name);
                    status(pid).ifPresent(s -> byParent.computeIfAbsent(s.ppid(), p -> new ArrayList<>()).add(pid));
                }
            } catch (IOException e) {
                // An unreadable /proc leaves every process without known children; RSS then covers the process alone.
            }
            childrenByScan = byParent;
        }
        return childrenByScan;
    }

    private static String read(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        }
    }
}
