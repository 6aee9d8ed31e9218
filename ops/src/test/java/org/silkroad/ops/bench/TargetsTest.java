package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class TargetsTest {

    static Measurement m(String scenario, String path, long committed, Map<String, Long> failures) {
        return new Measurement(scenario, path, 32, 10.0, committed, failures, Map.of(),
                LatencyRecorder.Summary.EMPTY, 0);
    }

    private static final List<String> BOTH = List.of("direct", "rest");
    private static final List<Workload.Scenario> ALL = List.of(Workload.Scenario.values());

    @Test
    void checks_uniform_against_noop_conflicts_into_the_merchant_and_rest_against_direct() {
        List<Measurement> results = List.of(
                m("noop", "direct", 1000, Map.of()),
                m("uniform", "direct", 850, Map.of()),
                m("uniform", "rest", 700, Map.of()),
                m("hot-merchant", "direct", 900, Map.of("ENDORSE_UNAVAILABLE", 2L)),
                m("hot-merchant", "rest", 850, Map.of("MVCC_READ_CONFLICT", 1L)),
                m("single-payer", "direct", 500, Map.of()),
                m("single-payer", "rest", 450, Map.of()));

        List<Targets.Target> targets = Targets.evaluate(results, BOTH, ALL);

        assertThat(targets).extracting(Targets.Target::goal, Targets.Target::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("uniform (direct) >= 80% of noop (direct)", Targets.Status.MET),
                org.assertj.core.groups.Tuple.tuple("uniform (rest) >= 80% of noop (direct)", Targets.Status.NOT_MET),
                org.assertj.core.groups.Tuple.tuple("hot-merchant (direct): 0 conflict failures", Targets.Status.MET),
                org.assertj.core.groups.Tuple.tuple("hot-merchant (rest): 0 conflict failures", Targets.Status.NOT_MET),
                org.assertj.core.groups.Tuple.tuple("uniform: rest >= 90% of direct", Targets.Status.NOT_MET),
                org.assertj.core.groups.Tuple.tuple("hot-merchant: rest >= 90% of direct", Targets.Status.MET),
                org.assertj.core.groups.Tuple.tuple("single-payer: rest >= 90% of direct", Targets.Status.MET));
        assertThat(targets.get(0).measured()).isEqualTo("85.0% (85.0 / 100.0 tx/s)");
        assertThat(targets.get(3).measured()).isEqualTo("1 conflicts of 851 transactions");
    }

    @Test
    void the_noop_rate_is_the_mean_of_the_runs_before_and_after_the_scenarios() {
        List<Measurement> results = List.of(m("noop", "direct", 1200, Map.of()), m("uniform", "direct", 850, Map.of()),
                m("noop-end", "direct", 800, Map.of()));

        List<Targets.Target> targets = Targets.evaluate(results, List.of("direct"), List.of(Workload.Scenario.UNIFORM));

        assertThat(Targets.noopRate(results)).contains(100.0);
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.goal()).isEqualTo("uniform (direct) >= 80% of noop (direct, mean of start and end)");
            assertThat(t.measured()).isEqualTo("85.0% (85.0 / 100.0 tx/s)");
            assertThat(t.status()).isEqualTo(Targets.Status.MET);
        });
    }

    @Test
    void a_target_without_its_figures_is_not_measured_rather_than_met() {
        List<Targets.Target> targets = Targets.evaluate(List.of(m("noop", "direct", 0, Map.of()),
                m("uniform", "direct", 10, Map.of()), m("hot-merchant", "direct", 0, Map.of("ENDORSE_ABORTED", 5L))),
                List.of("direct"), List.of(Workload.Scenario.UNIFORM, Workload.Scenario.HOT_MERCHANT));

        assertThat(targets).extracting(Targets.Target::status)
                .containsExactly(Targets.Status.NOT_MEASURED, Targets.Status.NOT_MEASURED);
        assertThat(targets.get(0).measured()).isEqualTo("reference committed nothing");
    }

    @Test
    void rest_against_direct_only_when_both_paths_ran() {
        assertThat(Targets.evaluate(List.of(m("single-payer", "rest", 5, Map.of())), List.of("rest"),
                List.of(Workload.Scenario.SINGLE_PAYER))).isEmpty();
    }
}
