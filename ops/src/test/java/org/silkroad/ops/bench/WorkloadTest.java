package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class WorkloadTest {

    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void uniform_spreads_over_every_payer_and_payee_and_never_pays_itself() {
        Set<String> payers = new HashSet<>();
        Set<String> payees = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            Workload.Payment p = Workload.Scenario.UNIFORM.next(i % 32, random, 10_000);
            payers.add(p.payer());
            payees.add(p.payee());
            assertThat(p.payee()).isNotEqualTo(p.payer());
            assertThat(p.amount()).isBetween(1L, 10_000L);
        }

        assertThat(payers).containsExactlyInAnyOrderElementsOf(Workload.payers());
        assertThat(payees).containsExactlyInAnyOrderElementsOf(Workload.users());
    }

    @Test
    void hot_merchant_gives_each_worker_its_own_payer_and_one_payee() {
        Set<String> payers = new HashSet<>();
        for (int worker = 0; worker < 32; worker++) {
            Workload.Payment p = Workload.Scenario.HOT_MERCHANT.next(worker, random, 10_000);
            assertThat(p.payee()).isEqualTo("bench-040");
            payers.add(p.payer());
        }

        assertThat(payers).hasSize(32).doesNotContain("bench-040");
        assertThat(Workload.Scenario.HOT_MERCHANT.next(33, random, 10).payer()).isEqualTo("bench-002");
    }

    @Test
    void single_payer_is_one_payer_paying_the_merchants() {
        for (int worker = 0; worker < 100; worker++) {
            Workload.Payment p = Workload.Scenario.SINGLE_PAYER.next(worker, random, 10_000);
            assertThat(p.payer()).isEqualTo("bench-001");
            assertThat(Workload.merchants()).contains(p.payee());
        }
        assertThat(Workload.Scenario.SINGLE_PAYER.payers()).containsExactly("bench-001");
    }

    @Test
    void names_the_benchmark_users_as_the_network_enrolls_them() {
        assertThat(Workload.users()).hasSize(40).startsWith("bench-001").endsWith("bench-040");
        assertThat(Workload.merchants()).containsExactly("bench-033", "bench-034", "bench-035", "bench-036",
                "bench-037", "bench-038", "bench-039", "bench-040");
    }
}
