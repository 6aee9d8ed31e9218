package org.silkroad.ops.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.ProcStatus;
import org.silkroad.ops.shared.RunFolder;

/**
 * Memory at one moment: resident set size of every process the network scripts started (with its descendants, as
 * {@code report} counts it), and this benchmark JVM's own heap.
 *
 * @param rssKib   by process name (pid file), in pid-file order; absent when the process is not running
 * @param totalKib every listed process and its descendants, each counted once
 */
record MemorySnapshot(Map<String, Long> rssKib, long totalKib) {

    MemorySnapshot {
        rssKib = Collections.unmodifiableMap(new LinkedHashMap<>(rssKib));
    }

    static MemorySnapshot of(RunFolder run, ProcFs proc) {
        Map<String, Long> byProcess = new LinkedHashMap<>();
        Set<Long> counted = new HashSet<>();
        long total = 0;
        for (RunFolder.PidFile pidFile : run.pidFiles()) {
            long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile.file(), StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException e) {
                continue;
            }
            if (proc.status(pid).filter(ProcStatus::alive).isEmpty()) {
                continue;
            }
            long rss = 0;
            for (long member : proc.tree(pid)) {
                long memberRss = proc.status(member).map(ProcStatus::rssKib).orElse(0L);
                rss += memberRss;
                if (counted.add(member)) {
                    total += memberRss;
                }
            }
            byProcess.put(pidFile.process(), rss);
        }
        return new MemorySnapshot(byProcess, total);
    }

    /**
     * This JVM's heap: now, and the highest use of every heap pool since start (the pools peak at different times,
     * so the sum is an upper bound of the real peak).
     */
    /**
     * @param cpuMillis CPU time this process has used (every thread, user and system), or -1 when the JVM does not
     *                  tell: the load generator competes with the network for the same cores
     */
    record Jvm(long usedBytes, long committedBytes, long maxBytes, long peakPoolsBytes, long gcCount, long gcMillis,
               long cpuMillis) {

        static Jvm now() {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(gc.getCollectionCount(), 0);
                millis += Math.max(gc.getCollectionTime(), 0);
            }
            long cpu = -1;
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    && os.getProcessCpuTime() >= 0) {
                cpu = os.getProcessCpuTime() / 1_000_000;
            }
            return new Jvm(heap.getUsed(), heap.getCommitted(), heap.getMax(), peak, count, millis, cpu);
        }
    }
}
