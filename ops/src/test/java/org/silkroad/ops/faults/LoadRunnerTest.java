package org.silkroad.ops.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The runner files each outcome under the phase in force when its request was sent. */
class LoadRunnerTest {

    /** Acknowledges in the first phase, then answers 503 with Retry-After 0, then 500. */
    private static final class Scripted implements FaultWorkload {
        volatile int mode;
        final AtomicInteger steps = new AtomicInteger();

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void prepare(PrintStream progress) {
        }

        @Override
        public List<String> steps() {
            return List.of("scripted");
        }

        @Override
        public int workers() {
            return 2;
        }

        @Override
        public Outcome step(int worker) throws InterruptedException {
            steps.incrementAndGet();
            Thread.sleep(5);
            return switch (mode) {
                case 0 -> new Outcome(Outcome.Kind.ACKNOWLEDGED, null, "CN", 201, false, 0, 5_000_000, "scripted");
                case 1 -> new Outcome(Outcome.Kind.AMBIGUOUS, "LEDGER_UNAVAILABLE", "CN", 503, true, 0, 1_000_000,
                        "scripted");
                default -> new Outcome(Outcome.Kind.AMBIGUOUS, "INTERNAL_ERROR", "CN", 500, false, 0, 2_000_000,
                        "scripted");
            };
        }

        @Override
        public Set<String> acknowledgedTransactions() {
            return Set.of();
        }

        @Override
        public List<CheckResult> verify(PrintStream progress) {
            return List.of();
        }
    }

    @Test
    void outcomes_count_under_the_phase_they_were_sent_in() throws InterruptedException {
        Scripted workload = new Scripted();
        LoadRunner runner = new LoadRunner(List.of(workload));
        LoadRunner.Phase steady = runner.phase("steady");
        runner.start();
        Thread.sleep(200);
        workload.mode = 1;
        LoadRunner.Phase down = runner.phase("down");
        Thread.sleep(800);
        workload.mode = 2;
        LoadRunner.Phase broken = runner.phase("broken");
        Thread.sleep(600);
        runner.stop();

        assertThat(runner.phases()).extracting(p -> p.name).containsExactly("steady", "down", "broken");
        assertThat(steady.acknowledged()).isPositive();
        assertThat(steady.rate()).isPositive();
        assertThat(steady.acknowledged("scripted")).isEqualTo(steady.acknowledged());
        assertThat(steady.rate("scripted")).isEqualTo(steady.rate());
        assertThat(steady.acknowledged("other")).isZero();
        assertThat(down.acknowledged() + down.ambiguous()).isPositive();
        assertThat(down.byCode()).containsKey("503 LEDGER_UNAVAILABLE");
        assertThat(down.unavailableWithoutRetryAfter()).isZero();
        assertThat(broken.serverErrors500()).isPositive();
        assertThat(broken.slowestFailureSeconds()).isEqualTo(0.002);
        assertThat(broken.seconds()).isBetween(0.5, 5.0);
    }
}
