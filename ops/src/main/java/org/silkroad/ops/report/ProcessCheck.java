package org.silkroad.ops.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.ProcStatus;
import org.silkroad.ops.shared.RunFolder;

/**
 * Is every process the network scripts started still running, and how much memory does it hold? Memory is resident
 * set size ({@code VmRSS}) of the process and all its descendants, because a node may run as a wrapper with the
 * real work in a child. The total counts each process once, even when one listed process descends from another.
 */
final class ProcessCheck {

    private final ProcFs proc;

    ProcessCheck(ProcFs proc) {
        this.proc = Objects.requireNonNull(proc, "proc");
    }

    Report.Processes check(List<RunFolder.PidFile> pidFiles) {
        List<Report.ProcessEntry> entries = new ArrayList<>();
        Set<Long> counted = new HashSet<>();
        long totalRssKib = 0;
        for (RunFolder.PidFile pidFile : pidFiles) {
            Long pid;
            try {
                pid = Long.parseLong(Files.readString(pidFile.file(), StandardCharsets.US_ASCII).trim());
            } catch (IOException | NumberFormatException e) {
                entries.add(new Report.ProcessEntry(pidFile.process(), null, false, 0, 0,
                        "pid file " + pidFile.file() + " does not hold a process id"));
                continue;
            }
            Optional<ProcStatus> status = proc.status(pid);
            if (status.isEmpty() || !status.get().alive()) {
                entries.add(new Report.ProcessEntry(pidFile.process(), pid, false, 0, 0,
                        status.isEmpty() ? "no such process" : "exited (zombie, not yet reaped by its parent)"));
                continue;
            }
            Set<Long> tree = proc.tree(pid);
            long rssKib = 0;
            for (long member : tree) {
                long memberRss = proc.status(member).map(ProcStatus::rssKib).orElse(0L);
                rssKib += memberRss;
                if (counted.add(member)) {
                    totalRssKib += memberRss;
                }
            }
            entries.add(new Report.ProcessEntry(pidFile.process(), pid, true, rssKib, tree.size() - 1, null));
        }
        return new Report.Processes(entries, totalRssKib);
    }
}
