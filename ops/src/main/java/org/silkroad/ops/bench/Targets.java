package org.silkroad.ops.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The targets, checked against the figures. They are printed, never asserted: a benchmark on a shared
 * two-core machine says how far off a target is, it does not fail a build.
 *
 * <ul>
 *   <li>uniform payments reach at least 80 % of the {@code system:noop} rate (same concurrency, same chaincode
 *       process), on each path;</li>
 *   <li>no conflict failure ({@link Measurement#isConflict}) in the hot-merchant scenario, on each path;</li>
 *   <li>the REST gateway reaches at least 90 % of the direct rate, in each scenario.</li>
 * </ul>
 */
final class Targets {

    static final double UNIFORM_VS_NOOP = 0.80;
    static final double REST_VS_DIRECT = 0.90;
    static final String NOOP = "noop";

    enum Status { MET, NOT_MET, NOT_MEASURED }

    /**
     * @param goal     what the target asks, e.g. {@code uniform (direct) >= 80% of noop}
     * @param measured the figure it was checked with, or why there is none
     */
    record Target(String goal, String measured, Status status) {
        Target {
            Objects.requireNonNull(goal, "goal");
            Objects.requireNonNull(measured, "measured");
            Objects.requireNonNull(status, "status");
        }
    }

    private Targets() {
    }

    static List<Target> evaluate(List<Measurement> results, List<String> paths, List<Workload.Scenario> scenarios) {
        List<Target> targets = new ArrayList<>();
        Optional<Measurement> noop = find(results, NOOP, BenchOptions.DIRECT);
        if (scenarios.contains(Workload.Scenario.UNIFORM)) {
            for (String path : paths) {
                String goal = String.format(Locale.ROOT, "uniform (%s) >= %.0f%% of noop (direct)", path,
                        UNIFORM_VS_NOOP * 100);
                targets.add(ratio(goal, find(results, "uniform", path), noop, UNIFORM_VS_NOOP));
            }
        }
        if (scenarios.contains(Workload.Scenario.HOT_MERCHANT)) {
            for (String path : paths) {
                String goal = "hot-merchant (" + path + "): 0 conflict failures";
                targets.add(find(results, "hot-merchant", path)
                        .map(m -> new Target(goal, m.conflicts() + " conflicts of " + (m.committed() + m.failed())
                                + " transactions", m.conflicts() == 0 && m.committed() > 0 ? Status.MET
                                : m.committed() == 0 ? Status.NOT_MEASURED : Status.NOT_MET))
                        .orElse(new Target(goal, "not run", Status.NOT_MEASURED)));
            }
        }
        if (paths.contains(BenchOptions.DIRECT) && paths.contains(BenchOptions.REST)) {
            for (Workload.Scenario scenario : scenarios) {
                String goal = String.format(Locale.ROOT, "%s: rest >= %.0f%% of direct", scenario.label(),
                        REST_VS_DIRECT * 100);
                targets.add(ratio(goal, find(results, scenario.label(), BenchOptions.REST),
                        find(results, scenario.label(), BenchOptions.DIRECT), REST_VS_DIRECT));
            }
        }
        return targets;
    }

    private static Target ratio(String goal, Optional<Measurement> measured, Optional<Measurement> reference,
                                double atLeast) {
        if (measured.isEmpty() || reference.isEmpty()) {
            return new Target(goal, "not run", Status.NOT_MEASURED);
        }
        double base = reference.get().tps();
        if (base <= 0) {
            return new Target(goal, "reference committed nothing", Status.NOT_MEASURED);
        }
        double ratio = measured.get().tps() / base;
        String text = String.format(Locale.ROOT, "%.1f%% (%.1f / %.1f tx/s)", ratio * 100, measured.get().tps(), base);
        return new Target(goal, text, ratio >= atLeast ? Status.MET : Status.NOT_MET);
    }

    private static Optional<Measurement> find(List<Measurement> results, String scenario, String path) {
        return results.stream().filter(m -> m.scenario().equals(scenario) && m.path().equals(path)).findFirst();
    }
}
