package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.RunFolder;

class CpuMeterTest {

    @TempDir
    Path proc;

    @TempDir
    Path run;

    @Test
    void splits_the_machines_busy_time_into_network_benchmark_and_the_rest() {
        CpuMeter.Reading before = new CpuMeter.Reading(1_000, 4_000, 300, 50);
        CpuMeter.Reading after = new CpuMeter.Reading(1_000 + 3_600, 4_000 + 4_000, 300 + 2_800, 50 + 400);

        CpuMeter.Share share = CpuMeter.between(before, after);

        assertThat(share.networkPct()).isCloseTo(70, within(1e-9));
        assertThat(share.benchPct()).isCloseTo(10, within(1e-9));
        assertThat(share.otherPct()).isCloseTo(10, within(1e-9));
        assertThat(share.idlePct()).isCloseTo(10, within(1e-9));
        assertThat(CpuMeter.between(before, before)).isNull();
    }

    @Test
    void splits_the_networks_time_by_kind_of_process_in_milliseconds() {
        CpuMeter.Reading before = new CpuMeter.Reading(1_000, 4_000, 300, 50, Map.of("peer", 200L, "orderer", 100L),
                0, 0);
        CpuMeter.Reading after = new CpuMeter.Reading(4_600, 8_000, 3_100, 450,
                Map.of("peer", 1_700L, "orderer", 1_100L, "gateway", 300L), 0, 0);

        CpuMeter.Share share = CpuMeter.between(before, after);

        // ticks are 1/100 s: 1,500 peer ticks are 15 s of CPU
        assertThat(share.networkMsByKind()).containsExactly(entry("gateway", 3_000.0), entry("orderer", 10_000.0),
                entry("peer", 15_000.0));
        assertThat(share.benchMs()).isEqualTo(4_000.0);
        assertThat(CpuMeter.kind("orderer-CN-0")).isEqualTo("orderer");
        assertThat(CpuMeter.kind("ca")).isEqualTo("ca");
    }

    @Test
    void reads_ticks_of_the_network_processes_their_children_and_itself_from_proc() throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  100 5 50 800 45 0 0 0 0 0\ncpu0 50 2 25 400 20 0 0 0 0 0\n");
        process(10, "peer", 1, 30, 12);
        process(11, "sh -c (x) y", 10, 7, 1);   // a child of the peer, with spaces and parentheses in its name
        process(99, "java", 1, 40, 2);
        Files.writeString(proc.resolve("10/task/10/children"), "11");
        Files.createDirectories(run.resolve("pids"));
        Files.writeString(run.resolve("pids/peer-CN.pid"), "10\n");
        RunFolder folder = RunFolder.locate(run.toString(), java.util.Map.of());

        CpuMeter.Reading reading = new CpuMeter(folder, new ProcFs(proc), 99).read().orElseThrow();

        assertThat(reading).isEqualTo(new CpuMeter.Reading(155, 1000, 50, 42, Map.of("peer", 50L), 0, 0));
    }

    @Test
    void counts_the_jit_compiler_threads_of_the_networks_jvms_apart() throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  100 5 50 800 45 0 0 0 0 0\n");
        process(20, "java", 1, 60, 10);
        thread(20, 21, "C2 CompilerThre", 25, 3);
        thread(20, 22, "C1 CompilerThre", 4, 1);
        thread(20, 23, "Compiler mirror", 9, 9); // not a compiler thread, whatever its name starts with
        thread(20, 24, "grpc-default-ex", 12, 2);
        Files.createDirectories(run.resolve("pids"));
        Files.writeString(run.resolve("pids/chaincode-CN.pid"), "20\n");
        RunFolder folder = RunFolder.locate(run.toString(), java.util.Map.of());

        CpuMeter.Reading reading = new CpuMeter(folder, new ProcFs(proc), 99).read().orElseThrow();
        CpuMeter.Share share = CpuMeter.between(new CpuMeter.Reading(0, 0, 0, 0), reading);

        assertThat(reading.networkJit()).isEqualTo(33);
        assertThat(reading.network()).isEqualTo(70);
        assertThat(share.networkJitMs()).isEqualTo(330.0);
        assertThat(share.networkMs()).isEqualTo(700.0);
        assertThat(share.benchJitMs()).isZero(); // this benchmark (pid 99) is not laid out here
    }

    private void thread(long pid, long tid, String name, long utime, long stime) throws IOException {
        Path dir = proc.resolve(pid + "/task/" + tid);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("comm"), name + "\n");
        Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 8 0 1000 100000 100 18446744073709551615\n");
    }

    private void process(long pid, String name, long ppid, long utime, long stime) throws IOException {
        Path dir = proc.resolve(Long.toString(pid));
        Files.createDirectories(dir.resolve("task/" + pid));
        Files.writeString(dir.resolve("task/" + pid + "/children"), "");
        Files.writeString(dir.resolve("status"), "Name:\t" + name + "\nState:\tS (sleeping)\nPPid:\t" + ppid + "\n");
        Files.writeString(dir.resolve("stat"), pid + " (" + name + ") S " + ppid + " 1 1 0 -1 4194560 100 0 0 0 "
                + utime + " " + stime + " 0 0 20 0 8 0 1000 100000 100 18446744073709551615\n");
    }
}
