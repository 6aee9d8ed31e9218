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
 *       process), on each path; the no-op rate is the mean of the runs before and after the scenarios when both
 *       exist, because the machine's load drifts during a run;</li>
 *   <li>no conflict failure ({@link Measurement#isConflict}) in the hot-merchant scenario, on each path;</li>
 *   <li>the REST gateway reaches at least 90 % of the direct rate, in each scenario.</li>
 * </ul>
 */
final class Targets {

    static final double UNIFORM_VS_NOOP = 0.80;
    static final double REST_VS_DIRECT = 0.90;
    static final String NOOP = "noop";
    /** The baseline again after the last scenario. */
    static final String NOOP_END = "noop-end";

    enum Status { MET, NOT_MET, NOT_MEASURED }

    /**
     * @param goal     what the target asks, e.g. {@code uniform (direct) >= 80% of noop (direct)}
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
        Optional<Double> noop = noopRate(results);
        if (scenarios.contains(Workload.Scenario.UNIFORM)) {
            String of = find(results, NOOP_END, BenchOptions.DIRECT).isPresent() && find(results, NOOP,
                    BenchOptions.DIRECT).isPresent() ? "noop (direct, mean of start and end)" : "noop (direct)";
            for (String path : paths) {
                String goal = String.format(Locale.ROOT, "uniform (%s) >= %.0f%% of %s", path, UNIFORM_VS_NOOP * 100,
                        of);
                targets.add(ratio(goal, find(results, "uniform", path).map(Measurement::tps), noop, UNIFORM_VS_NOOP));
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
                targets.add(ratio(goal, find(results, scenario.label(), BenchOptions.REST).map(Measurement::tps),
                        find(results, scenario.label(), BenchOptions.DIRECT).map(Measurement::tps), REST_VS_DIRECT));
            }
        }
        return targets;
    }

    /** The no-op rate: the mean of the runs before and after the scenarios when both exist, else the one that does. */
    static Optional<Double> noopRate(List<Measurement> results) {
        Optional<Double> start = find(results, NOOP, BenchOptions.DIRECT).map(Measurement::tps);
        Optional<Double> end = find(results, NOOP_END, BenchOptions.DIRECT).map(Measurement::tps);
        if (start.isPresent() && end.isPresent()) {
            return Optional.of((start.get() + end.get()) / 2);
        }
        return start.isPresent() ? start : end;
    }

    private static Target ratio(String goal, Optional<Double> measured, Optional<Double> reference, double atLeast) {
        if (measured.isEmpty() || reference.isEmpty()) {
            return new Target(goal, "not run", Status.NOT_MEASURED);
        }
        double base = reference.get();
        if (base <= 0) {
            return new Target(goal, "reference committed nothing", Status.NOT_MEASURED);
        }
        double ratio = measured.get() / base;
        String text = String.format(Locale.ROOT, "%.1f%% (%.1f / %.1f tx/s)", ratio * 100, measured.get(), base);
        return new Target(goal, text, ratio >= atLeast ? Status.MET : Status.NOT_MET);
    }

    private static Optional<Measurement> find(List<Measurement> results, String scenario, String path) {
        return results.stream().filter(m -> m.scenario().equals(scenario) && m.path().equals(path)).findFirst();
    }
}
