package org.silkroad.ops.faults;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.silkroad.ops.report.ChainAgreement;
import org.silkroad.ops.report.ChainSource;
import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.RunFolder;
import org.silkroad.ops.shared.TextTable;

/**
 * {@code faults [--run <dir>] [--seconds N] [--script <silkroad.sh>]}: keeps business traffic running through every
 * state's REST gateway while it kills (SIGKILL) an orderer and a peer and restarts them, stops (SIGSTOP) the SmartBFT
 * leader for a while, and takes 2 of the 4 orderers down; then checks that nothing acknowledged was lost, nothing
 * applied twice, and every peer holds the same chain. Prints the faults, the load held in each phase and each
 * check's result. Exit code 0 when every check held, 1 when one failed, 2 when it could not run.
 */
public final class FaultsCommand {

    public static final String USAGE = """
            faults [--run <dir>] [--seconds N] [--script <path>]
                Fault suite: payments and escrow settlements through every gateway while orderers and peers are
                killed, the BFT leader stopped, 2 of 4 orderers taken down; then invariants checked on every peer.
                --run <dir>      run folder (default: $SILKROAD_RUN, else ./.run)
                --seconds N      length of each phase (default 15; the whole run takes about 8 x N s plus restarts)
                --script <path>  the network script whose `up` restarts dead processes
                                 (default: test-network/silkroad.sh under the current directory)
                Exit code: 0 every check held, 1 a check failed, 2 the suite could not run.""";

    private static final double QUICK_SECONDS = 10;
    /** How long the network may take to commit again after the last restart. */
    private static final double RECOVERY_SECONDS = 120;

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream progress;

    public FaultsCommand(Map<String, String> env, Clock clock, PrintStream progress) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** A fault as injected, for the printout. */
    private record Injected(double atSeconds, String fault, String target) {
    }

    /**
     * The traffic kept running during the faults. Add a workload here (trade documents, say) and the schedule, figures
     * and generic checks apply to it too.
     */
    static List<FaultWorkload> workloads(GatewayClient gateways, String runTag, Instant now) {
        return List.of(new PaymentWorkload(gateways, runTag), new EscrowWorkload(gateways, runTag, now));
    }

    public int run(List<String> args, PrintStream out) throws InterruptedException {
        String runOption = null;
        int seconds = 15;
        Path script = Path.of("test-network", "silkroad.sh");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--run" -> runOption = value(args, ++i, arg);
                case "--seconds" -> {
                    try {
                        seconds = Integer.parseInt(value(args, ++i, arg));
                    } catch (NumberFormatException e) {
                        throw new OpsException("--seconds needs a whole number\nusage: " + USAGE);
                    }
                    if (seconds < 3 || seconds > 3600) {
                        throw new OpsException("--seconds must be 3 to 3600\nusage: " + USAGE);
                    }
                }
                case "--script" -> script = Path.of(value(args, ++i, arg));
                default -> throw new OpsException("unknown option '" + arg + "' for faults\nusage: " + USAGE);
            }
        }
        if (!Files.isRegularFile(script)) {
            throw new OpsException("network script " + script.toAbsolutePath() + " not found; pass --script");
        }
        RunFolder run = RunFolder.locate(runOption, env);
        NetworkDescription network = run.network();
        if (!"BFT".equals(network.consensus()) || network.orderers().size() != 4) {
            throw new OpsException("the fault suite needs the SmartBFT network with 4 orderers (found "
                    + network.consensus() + " with " + network.orderers().size() + ")");
        }
        NodeControl nodes = new NodeControl(run.dir(), network, script.toAbsolutePath());
        GatewayClient gateways = new GatewayClient(network);
        String runTag = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
                .format(clock.instant());
        List<FaultWorkload> workloads = workloads(gateways, runTag, clock.instant());

        out.printf("Silkroad Ledger fault suite, %s%n", clock.instant().truncatedTo(ChronoUnit.SECONDS));
        out.printf("run folder %s | channel %s | %s with %d orderers | %d s per phase | load: %s%n", run.dir(),
                network.channel(), network.consensus(), network.orderers().size(), seconds,
                String.join(", ", workloads.stream().map(w -> w.name() + " (" + w.workers() + " workers)").toList()));
        out.flush();

        for (FaultWorkload workload : workloads) {
            workload.prepare(progress);
        }
        long fromHeight;
        try {
            fromHeight = new CommitScan(network).lowestHeight();
        } catch (ChainSource.QueryException e) {
            throw new OpsException("cannot read the peers' heights: " + e.getMessage(), e);
        }

        List<Injected> injected = new ArrayList<>();
        List<CheckResult> checks = new ArrayList<>();
        LoadRunner load = new LoadRunner(workloads);
        long start = System.nanoTime();
        List<String> stopped = new ArrayList<>();
        try {
            load.phase("steady");
            load.start();
            sleep(seconds);

            NodeControl.OrdererNode leader = nodes.bftLeader();
            List<NodeControl.OrdererNode> followers = nodes.orderers().stream()
                    .filter(o -> leader == null || !o.process().equals(leader.process())).toList();
            NodeControl.OrdererNode first = followers.get(followers.size() - 1);
            kill(nodes, first.process(), injected, start);
            LoadRunner.Phase oneDown = load.phase("1 of 4 orderers down");
            sleep(seconds);

            String peerState = List.copyOf(network.states().keySet()).get(1);
            kill(nodes, NodeControl.peerProcess(peerState), injected, start);
            load.phase("+ peer " + peerState + " down");
            sleep(seconds);

            restart(nodes, load, injected, start);
            load.phase("healed");
            sleep(seconds);

            NodeControl.OrdererNode current = nodes.bftLeader();
            if (current == null) {
                throw new OpsException("no orderer reports itself as the SmartBFT leader (consensus_BFT_is_leader)");
            }
            nodes.signal(current.process(), "STOP");
            stopped.add(current.process());
            injected.add(new Injected(elapsed(start), "SIGSTOP (BFT leader)", current.process()));
            progress.printf("%.1f s: SIGSTOP %s (the BFT leader)%n", elapsed(start), current.process());
            load.phase("BFT leader stopped");
            sleep(seconds);
            nodes.signal(current.process(), "CONT");
            stopped.remove(current.process());
            injected.add(new Injected(elapsed(start), "SIGCONT", current.process()));
            load.phase("leader resumed");
            sleep(seconds);

            NodeControl.OrdererNode now = nodes.bftLeader();
            List<NodeControl.OrdererNode> twoFollowers = nodes.orderers().stream()
                    .filter(o -> now == null || !o.process().equals(now.process())).limit(2).toList();
            for (NodeControl.OrdererNode node : twoFollowers) {
                kill(nodes, node.process(), injected, start);
            }
            LoadRunner.Phase twoDown = load.phase("2 of 4 orderers down");
            sleep(seconds);
            // Workers still waiting on requests sent before this phase (a transaction the stopped leader lost waits for
            // its 60 s commit-status deadline) send nothing new until those end; keep the two orderers down until this
            // phase has answers to judge (up to RECOVERY_SECONDS), or the check below would have nothing to look at.
            long downAt = System.nanoTime();
            while (twoDown.acknowledged() + twoDown.refused() + twoDown.ambiguous() == 0
                    && elapsed(downAt) < RECOVERY_SECONDS) {
                Thread.sleep(500);
            }

            restart(nodes, load, injected, start);
            LoadRunner.Phase healed = load.phase("healed again");
            // Restarted orderers first catch up with the blocks they missed, and payers whose payments got an
            // ambiguous answer have those notes held by their gateway for a while: the first commit may take longer
            // than a phase. Wait for it (up to RECOVERY_SECONDS), then for the rest of the phase.
            long healedAt = System.nanoTime();
            while (healed.acknowledged() == 0 && elapsed(healedAt) < RECOVERY_SECONDS) {
                Thread.sleep(500);
            }
            double firstCommit = healed.acknowledged() > 0 ? elapsed(healedAt) : -1;
            if (elapsed(healedAt) < seconds) {
                Thread.sleep((long) ((seconds - elapsed(healedAt)) * 1000));
            }
            load.stop();

            checks.add(CheckResult.of("1 of 4 orderers down: the network keeps committing", oneDown.acknowledged() > 0,
                    oneDown.acknowledged() + " acknowledged in " + String.format("%.1f", oneDown.seconds()) + " s"));
            Map<String, Integer> twoDownCodes = twoDown.byCode();
            boolean clear = twoDown.serverErrors500() == 0 && twoDown.unavailableWithoutRetryAfter() == 0
                    && twoDown.slowestFailureSeconds() <= QUICK_SECONDS
                    && twoDownCodes.keySet().stream().noneMatch(code -> code.startsWith("0 "))
                    && twoDown.ambiguous() + twoDown.refused() > 0;
            checks.add(CheckResult.of("2 of 4 orderers down: clear retryable errors, quickly", clear,
                    "answers " + twoDownCodes + ", slowest " + String.format("%.1f", twoDown.slowestFailureSeconds())
                            + " s (limit " + QUICK_SECONDS + " s), 503 without Retry-After "
                            + twoDown.unavailableWithoutRetryAfter() + ", 500s " + twoDown.serverErrors500()));
            checks.add(CheckResult.of("2 of 4 orderers down: nothing acknowledged", twoDown.acknowledged() == 0,
                    twoDown.acknowledged() + " acknowledged"));
            checks.add(CheckResult.of("after the restarts the network commits again", healed.acknowledged() > 0,
                    healed.acknowledged() + " acknowledged, the first " + (firstCommit < 0 ? "never (waited "
                            + RECOVERY_SECONDS + " s)" : String.format("%.1f s after the restart", firstCommit))));
            int fiveHundreds = load.phases().stream().mapToInt(LoadRunner.Phase::serverErrors500).sum();
            checks.add(CheckResult.of("no 500 in any phase", fiveHundreds == 0, fiveHundreds + " answers with 500"));
        } finally {
            for (String process : stopped) {
                nodes.signal(process, "CONT");
            }
            load.stop();
            // Leave the network as it was found even when the schedule broke off half-way.
            if (nodes.anyDead()) {
                progress.println("restarting the nodes this run left dead");
                nodes.restartDead();
            }
        }

        double total = elapsed(start);
        for (FaultWorkload workload : workloads) {
            checks.addAll(workload.verify(progress));
        }
        checks.add(committedEverywhere(network, workloads, fromHeight));
        ChainAgreement.Result agreement = ChainAgreement.check(network);
        checks.add(CheckResult.of("every peer has the same block hash at the same height", agreement.agree(),
                "block " + agreement.block() + " " + (agreement.hash() == null ? "-" : agreement.hash().substring(0, 16))
                        + "..., " + agreement.detail()));

        List<String> steps = workloads.stream().flatMap(w -> w.steps().stream()).toList();
        print(out, injected, load.phases(), steps, checks, total);
        return checks.stream().allMatch(CheckResult::passed) ? 0 : 1;
    }

    private CheckResult committedEverywhere(NetworkDescription network, List<FaultWorkload> workloads, long fromHeight) {
        progress.println("reading every peer's blocks from " + fromHeight);
        Map<String, Set<String>> valid;
        try {
            valid = new CommitScan(network).validTransactions(fromHeight);
        } catch (ChainSource.QueryException e) {
            return CheckResult.of("every acknowledged transaction is valid on every peer", false, e.getMessage());
        }
        int acknowledged = 0;
        List<String> missing = new ArrayList<>();
        for (FaultWorkload workload : workloads) {
            for (String txId : workload.acknowledgedTransactions()) {
                acknowledged++;
                valid.forEach((state, ids) -> {
                    if (!ids.contains(txId)) {
                        missing.add(workload.name() + " " + txId.substring(0, 12) + " on " + state);
                    }
                });
            }
        }
        return CheckResult.of("every acknowledged transaction is valid on every peer", missing.isEmpty(),
                acknowledged + " acknowledged transactions, " + valid.size() + " peers, blocks from " + fromHeight
                        + (missing.isEmpty() ? "" : "; missing " + missing.subList(0, Math.min(5, missing.size()))));
    }

    private void kill(NodeControl nodes, String process, List<Injected> injected, long start)
            throws InterruptedException {
        long pid = nodes.pid(process);
        nodes.signal(process, "KILL");
        injected.add(new Injected(elapsed(start), "SIGKILL", process + " (pid " + pid + ")"));
        progress.printf("%.1f s: SIGKILL %s%n", elapsed(start), process);
    }

    private void restart(NodeControl nodes, LoadRunner load, List<Injected> injected, long start)
            throws InterruptedException {
        load.phase("restarting (silkroad.sh up)");
        double took = nodes.restartDead();
        injected.add(new Injected(elapsed(start), "restart of the dead (silkroad.sh up)",
                String.format("took %.1f s", took)));
        progress.printf("%.1f s: restarted dead processes in %.1f s%n", elapsed(start), took);
    }

    private static void print(PrintStream out, List<Injected> injected, List<LoadRunner.Phase> phases,
                              List<String> steps, List<CheckResult> checks, double total) {
        out.println();
        out.println("Faults injected");
        TextTable faults = new TextTable("AT s", "FAULT", "TARGET");
        injected.forEach(f -> faults.row(String.format("%.1f", f.atSeconds()), f.fault(), f.target()));
        faults.print(out);

        out.println();
        out.println("Load held (requests by the phase they were sent in; TX/S = acknowledged per second, then per "
                + "step)");
        List<String> headers = new ArrayList<>(List.of("PHASE", "SECONDS", "ACKED", "TX/S"));
        steps.forEach(step -> headers.add(step.toUpperCase(java.util.Locale.ROOT) + "/S"));
        headers.addAll(List.of("SLOWEST ACK s", "REFUSED", "AMBIGUOUS", "SLOWEST FAIL s",
                "FAILURES BY STATUS AND CODE"));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        int acknowledged = 0;
        Map<String, Integer> bySteps = new java.util.LinkedHashMap<>();
        for (LoadRunner.Phase phase : phases) {
            acknowledged += phase.acknowledged();
            List<String> row = new ArrayList<>(List.of(phase.name, String.format("%.1f", phase.seconds()),
                    Integer.toString(phase.acknowledged()), String.format("%.1f", phase.rate())));
            for (String step : steps) {
                row.add(String.format("%.1f", phase.rate(step)));
                bySteps.merge(step, phase.acknowledged(step), Integer::sum);
            }
            row.addAll(List.of(String.format("%.1f", phase.slowestAcknowledgedSeconds()),
                    Integer.toString(phase.refused()), Integer.toString(phase.ambiguous()),
                    String.format("%.1f", phase.slowestFailureSeconds()),
                    phase.byCode().isEmpty() ? "-" : phase.byCode().toString()));
            table.row(row.toArray(String[]::new));
        }
        table.print(out);
        out.printf("Acknowledged by step: %s%n", bySteps);
        out.printf("Overall: %d acknowledged in %.1f s = %.1f tx/s held through the faults%n", acknowledged, total,
                acknowledged / total);

        out.println();
        out.println("Checks");
        TextTable results = new TextTable("CHECK", "RESULT", "DETAIL");
        checks.forEach(c -> results.row(c.name(), c.passed() ? "PASS" : "FAIL", c.detail()));
        results.print(out);
        long failed = checks.stream().filter(c -> !c.passed()).count();
        out.println();
        out.println(failed == 0 ? "Verdict: every check held (" + checks.size() + " checks)"
                : "Verdict: " + failed + " of " + checks.size() + " checks FAILED");
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new OpsException(option + " needs a value\nusage: " + USAGE);
        }
        return args.get(i);
    }
}
