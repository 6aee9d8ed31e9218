package org.silkroad.ops.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

public class ProcStatusTest {

    /** Abridged from a real /proc/<pid>/status of a Fabric peer. */
    public static String status(String name, String state, long ppid, String vmRssLine) {
        return "Name:\t" + name + "\n"
                + "Umask:\t0022\n"
                + "State:\t" + state + "\n"
                + "Tgid:\t21493\n"
                + "Ngid:\t0\n"
                + "Pid:\t21493\n"
                + "PPid:\t" + ppid + "\n"
                + "TracerPid:\t0\n"
                + "VmPeak:\t 2349304 kB\n"
                + "VmSize:\t 2349304 kB\n"
                + "VmHWM:\t   91232 kB\n"
                + (vmRssLine == null ? "" : vmRssLine + "\n")
                + "RssAnon:\t   52108 kB\n"
                + "RssFile:\t   28536 kB\n"
                + "Threads:\t17\n"
                + "voluntary_ctxt_switches:\t150\n";
    }

    @Test
    void reads_resident_memory_in_kib_from_vmrss() {
        ProcStatus status = ProcStatus.parse(status("peer", "S (sleeping)", 1, "VmRSS:\t   80644 kB"));

        assertThat(status).isEqualTo(new ProcStatus("peer", 'S', 1, 80644));
        assertThat(status.alive()).isTrue();
    }

    @Test
    void process_without_vmrss_such_as_a_kernel_thread_has_zero_resident_memory() {
        assertThat(ProcStatus.parse(status("kworker/0:1", "I (idle)", 2, null)).rssKib()).isZero();
    }

    @Test
    void zombie_is_not_alive() {
        assertThat(ProcStatus.parse(status("orderer", "Z (zombie)", 1, null)).alive()).isFalse();
    }

    @Test
    void rejects_vmrss_in_a_unit_other_than_kb() {
        assertThatThrownBy(() -> ProcStatus.parse(status("peer", "R (running)", 1, "VmRSS:\t 80 MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VmRSS");
    }

    @Test
    void rejects_text_without_a_state() {
        assertThatThrownBy(() -> ProcStatus.parse("Name:\tpeer\nVmRSS:\t 1 kB\n"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
