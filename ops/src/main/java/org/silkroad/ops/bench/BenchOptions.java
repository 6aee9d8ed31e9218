package org.silkroad.ops.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.silkroad.ops.shared.OpsException;

/**
 * The options of {@code bench}, checked as they are parsed.
 *
 * @param run         the {@code --run} folder, or null for {@code $SILKROAD_RUN} / {@code ./.run}
 * @param seconds     how long each scenario runs on each path
 * @param concurrency transactions in flight at once
 * @param paths       {@code direct}, {@code rest}, in that order
 * @param scenarios   in run order
 * @param notes       K: how many notes each payer's one issued note is split into
 * @param maxTx       most transactions per scenario and path
 * @param maxAmount   largest payment, minor units
 * @param seed        seed of the payers', payees' and amounts' random choices
 * @param warmup      seconds of system:noop before the baseline, not counted (JIT compilation of the client's
 *                    signing and gRPC paths would otherwise slow the baseline, which runs first)
 * @param settle      most seconds of uncounted uniform payments on each path before the baseline, in rounds, until the
 *                    JIT compilers of the network's JVMs and the benchmark's have settled (see
 *                    {@code BenchCommand#settle}); 0 skips them
 * @param commits     how the direct path learns commits: {@code stream} (one stream of filtered blocks, as the REST
 *                    gateway does) or {@code request} (a signed commit-status request per transaction, the Fabric
 *                    Gateway client's own way)
 */
record BenchOptions(String run, int seconds, int concurrency, List<String> paths, List<Workload.Scenario> scenarios,
                    int notes, long maxTx, long maxAmount, long seed, int warmup, int settle, String commits) {

    static final String USAGE = """
            bench [--run <dir>] [--seconds N] [--concurrency C] [--path rest|direct|both]
                  [--scenario uniform|hot-merchant|single-payer|all] [--notes K] [--max-tx N] [--warmup N]
                  [--settle N] [--commits stream|request]
                Payment throughput and latency of the currency contract on the running network, against a
                system:noop baseline, through the CN REST gateway and through the Fabric Gateway client directly.
                Needs the network up with SILKROAD_BENCH_USERS=40. Prints figures and targets; stops by itself.
                --run <dir>        run folder holding network.json (default: $SILKROAD_RUN, else ./.run)
                --seconds N        per scenario and path (default 20)
                --concurrency C    transactions in flight at once (default 32)
                --path P           rest, direct or both (default both)
                --scenario S       uniform, hot-merchant, single-payer or all (default all)
                --notes K          notes each payer's issued note is split into at setup (default 64, at most 100)
                --max-tx N         most transactions per scenario and path (default 100000)
                --warmup N         seconds of uncounted system:noop before the baseline (default 5)
                --settle N         at most N seconds of uncounted payments on each path first, until the
                                   network's JIT compilers have settled (default 300; 0: none)
                --commits W        how the direct path learns commits: stream (one stream of filtered
                                   blocks, as the REST gateway does; default) or request (a signed
                                   commit-status request per transaction)
                Exit code: 0 figures printed (targets met or not), 1 the currency audit is not balanced,
                2 the bench could not run (bad option, no network, no benchmark identities, setup failed).""";

    static final String DIRECT = "direct";
    static final String REST = "rest";
    static final String STREAM = "stream";
    static final String REQUEST = "request";

    BenchOptions {
        paths = List.copyOf(paths);
        scenarios = List.copyOf(scenarios);
        if (paths.isEmpty() || scenarios.isEmpty()) {
            throw new IllegalArgumentException("no path or no scenario");
        }
    }

    static BenchOptions parse(List<String> args) {
        Objects.requireNonNull(args, "args");
        String run = null;
        int seconds = 20;
        int concurrency = 32;
        String path = "both";
        String scenario = "all";
        int notes = 64;
        long maxTx = 100_000;
        int warmup = 5;
        int settle = 300;
        String commits = STREAM;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (!List.of("--run", "--seconds", "--concurrency", "--path", "--scenario", "--notes", "--max-tx",
                    "--warmup", "--settle", "--commits").contains(name)) {
                throw new OpsException("unknown option '" + arg + "' for bench\nusage: " + USAGE);
            }
            if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new OpsException(name + " needs a value\nusage: " + USAGE);
                }
                value = args.get(++i);
            }
            switch (name) {
                case "--run" -> run = value;
                case "--seconds" -> seconds = (int) number(name, value, 1, 3600);
                case "--concurrency" -> concurrency = (int) number(name, value, 1, 512);
                case "--path" -> path = oneOf(name, value, List.of(DIRECT, REST, "both"));
                case "--scenario" -> scenario = oneOf(name, value,
                        List.of("uniform", "hot-merchant", "single-payer", "all"));
                case "--notes" -> notes = (int) number(name, value, 2, 100);
                case "--max-tx" -> maxTx = number(name, value, 1, 10_000_000);
                case "--warmup" -> warmup = (int) number(name, value, 0, 600);
                case "--settle" -> settle = (int) number(name, value, 0, 3600);
                case "--commits" -> commits = oneOf(name, value, List.of(STREAM, REQUEST));
                default -> throw new IllegalStateException(name);
            }
        }
        List<String> paths = path.equals("both") ? List.of(DIRECT, REST) : List.of(path);
        List<Workload.Scenario> scenarios = scenario.equals("all") ? List.of(Workload.Scenario.values())
                : List.of(Workload.Scenario.of(scenario));
        return new BenchOptions(run, seconds, concurrency, paths, scenarios, notes, maxTx, 10_000, 20_261_128L, warmup,
                settle, commits);
    }

    boolean runs(String path) {
        return paths.contains(path);
    }

    /** Every payer any chosen scenario needs, in order. */
    List<String> payers() {
        Set<String> all = new LinkedHashSet<>();
        scenarios.forEach(s -> all.addAll(s.payers()));
        return new ArrayList<>(all);
    }

    private static long number(String name, String value, long min, long max) {
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new OpsException(name + " must be a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new OpsException(name + " must be " + min + " to " + max + ", got " + n);
        }
        return n;
    }

    private static String oneOf(String name, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new OpsException(name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
        }
        return value;
    }
}
