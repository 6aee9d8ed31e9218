package org.silkroad.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.ProcStatusTest;
import org.silkroad.ops.shared.RunFolder;

/** Lays out a fake /proc (status and task/<tid>/children files) and a pids/ folder in a temporary directory. */
class ProcessCheckTest {

    @TempDir
    Path proc;

    @TempDir
    Path pids;

    @Test
    void sums_resident_memory_of_a_process_and_all_its_descendants() throws IOException {
        process(100, 1, "S", 1000, 100, 101);       // wrapper: children on two of its threads
        process(200, 100, "S", 2000, 200);
        process(300, 101, "S", 3000, 300, 301);
        process(400, 300, "S", 4000, 400);
        childrenOf(100, 100, "200");
        childrenOf(100, 101, "300");
        childrenOf(300, 300, "400");

        Report.Processes result = check(pidFile("peer-CN", "100"));

        assertThat(result.processes()).containsExactly(
                new Report.ProcessEntry("peer-CN", 100L, true, 10_000, 3, null));
        assertThat(result.totalRssKib()).isEqualTo(10_000);
    }

    @Test
    void finds_children_by_parent_pid_when_the_kernel_has_no_children_files() throws IOException {
        process(100, 1, "S", 1000);
        process(200, 100, "S", 2000);
        process(300, 200, "S", 3000);
        process(999, 1, "S", 50_000);
        Files.delete(proc.resolve("100/task/100/children"));
        Files.delete(proc.resolve("200/task/200/children"));
        Files.delete(proc.resolve("300/task/300/children"));
        Files.delete(proc.resolve("999/task/999/children"));

        Report.Processes result = check(pidFile("ca-CN", "100"));

        assertThat(result.processes().get(0).rssKib()).isEqualTo(6000);
        assertThat(result.processes().get(0).descendants()).isEqualTo(2);
    }

    @Test
    void total_counts_a_process_once_when_one_listed_process_descends_from_another() throws IOException {
        process(100, 1, "S", 1000, 100);
        process(200, 100, "S", 2000);
        childrenOf(100, 100, "200");

        Report.Processes result = check(pidFile("peer-CN", "100"), pidFile("chaincode-CN", "200"));

        assertThat(result.processes()).extracting(Report.ProcessEntry::rssKib).containsExactly(3000L, 2000L);
        assertThat(result.totalRssKib()).isEqualTo(3000);
    }

    @Test
    void process_that_no_longer_exists_is_not_alive_and_holds_no_memory() throws IOException {
        process(100, 1, "S", 1000);

        Report.Processes result = check(pidFile("orderer-MY-0", "4242"), pidFile("peer-MY", "100"));

        assertThat(result.processes().get(0)).isEqualTo(
                new Report.ProcessEntry("orderer-MY-0", 4242L, false, 0, 0, "no such process"));
        assertThat(result.totalRssKib()).isEqualTo(1000);
    }

    @Test
    void zombie_is_reported_as_exited() throws IOException {
        process(100, 1, "Z", 0);

        Report.ProcessEntry entry = check(pidFile("gateway-RW", "100")).processes().get(0);

        assertThat(entry.alive()).isFalse();
        assertThat(entry.problem()).contains("zombie");
    }

    @Test
    void pid_file_without_a_number_is_reported_not_thrown() throws IOException {
        Report.ProcessEntry entry = check(pidFile("ca-RW", "not a pid\n")).processes().get(0);

        assertThat(entry.alive()).isFalse();
        assertThat(entry.pid()).isNull();
        assertThat(entry.problem()).contains("does not hold a process id");
    }

    private Report.Processes check(RunFolder.PidFile... files) {
        return new ProcessCheck(new ProcFs(proc)).check(List.of(files));
    }

    private RunFolder.PidFile pidFile(String name, String content) throws IOException {
        Path file = pids.resolve(name + ".pid");
        Files.writeString(file, content.endsWith("\n") ? content : content + "\n");
        return new RunFolder.PidFile(name, file);
    }

    /** A process with the given threads (the main thread if none), each with an empty children file. */
    private void process(long pid, long ppid, String state, long rssKib, long... threads) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("status"), ProcStatusTest.status("p" + pid, state + " (x)", ppid,
                "Z".equals(state) ? null : "VmRSS:\t" + rssKib + " kB"));
        for (long tid : threads.length == 0 ? new long[] {pid} : threads) {
            Path task = Files.createDirectories(dir.resolve("task/" + tid));
            Files.writeString(task.resolve("children"), "");
        }
    }

    private void childrenOf(long pid, long tid, String children) throws IOException {
        Files.writeString(proc.resolve(pid + "/task/" + tid + "/children"), children + " ");
    }
}
