package org.silkroad.ops.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.RunFolder;
import tools.jackson.databind.JsonNode;

/**
 * {@code bench}: payment throughput and latency of the {@code currency} contract on the running network, through the
 * CN REST gateway and through the Fabric Gateway client directly, against a {@code system:noop} baseline; then the
 * currency's audit. Prints figures and whether the targets were met; progress goes to stderr.
 *
 * <p>It only talks to the CN peer and the CN gateway named in {@code network.json}, and refuses to run when either is
 * not a loopback address. Every scenario is bounded by {@code --seconds} and {@code --max-tx}, every call by a
 * deadline.
 */
public final class BenchCommand {

    public static final String USAGE = BenchOptions.USAGE;

    static final String STATE = "CN";
    static final String REGULATOR = "regulator";
    static final String PAY = "currency:pay";
    /** How long transactions in flight at the end of a scenario may take to finish (beyond the client deadlines). */
    static final Duration DRAIN = Duration.ofSeconds(120);

    private final Map<String, String> env;
    private final Clock clock;
    private final PrintStream progress;
    private CpuMeter cpu;

    public BenchCommand(Map<String, String> env, Clock clock, PrintStream progress) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /**
     * @return 0 when the figures were printed and the audit is balanced, 1 when the audit is not balanced
     * @throws OpsException when the bench cannot run (bad option, no network, no benchmark identities, setup failed)
     */
    public int run(List<String> args, PrintStream out) throws InterruptedException {
        BenchOptions options = BenchOptions.parse(args);
        RunFolder run = RunFolder.locate(options.run(), env);
        NetworkDescription network = run.network();
        NetworkDescription.State cn = network.states().get(STATE);
        if (cn == null) {
            throw new OpsException("network.json has no state " + STATE + " (states: "
                    + String.join(", ", network.states().keySet()) + "); the benchmark pays in CNY through CN");
        }
        requireLoopback("CN peer", hostOf(cn.peer().endpoint()));
        URI gateway = null;
        if (options.runs(BenchOptions.REST)) {
            if (cn.gateway() == null || cn.gateway().url() == null) {
                throw new OpsException("network.json has no gateway url for " + STATE + "; run with --path direct");
            }
            gateway = URI.create(cn.gateway().url().endsWith("/") ? cn.gateway().url() : cn.gateway().url() + "/");
            requireLoopback("CN gateway", gateway.getHost());
        }
        requireBenchIdentities(run, cn, options.runs(BenchOptions.REST));

        String runTag = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
                .format(clock.instant());
        out.printf("Silkroad Ledger benchmark, %s%n", clock.instant().truncatedTo(ChronoUnit.SECONDS));
        out.printf("run folder %s | channel %s | chaincode %s | consensus %s%n", run.dir(), network.channel(),
                network.chaincode(), network.consensus() == null ? "?" : network.consensus());
        out.printf("CN peer %s (%s)%s%n", cn.peer().endpoint(), cn.peer().hostAlias(),
                gateway == null ? "" : " | CN REST gateway " + cn.gateway().url());
        out.printf("%d s per scenario and path, concurrency %d, paths %s, scenarios %s, %d notes per payer, "
                        + "amounts 0.01 to %s CNY, at most %d transactions per run, %d s warm-up, at most %d s to "
                        + "settle, commits learnt by %s%n", options.seconds(),
                options.concurrency(), String.join("+", options.paths()),
                String.join(", ", options.scenarios().stream().map(Workload.Scenario::label).toList()),
                options.notes(), RestPayments.decimal(options.maxAmount(), BenchSetup.DECIMALS), options.maxTx(),
                options.warmup(), options.settle(), options.commits().equals(BenchOptions.STREAM)
                        ? "one stream of filtered blocks" : "a commit-status request per transaction (direct path)");
        out.printf("machine: %d cores, load average %s (1, 5, 15 min) at the start%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        out.flush();

        ProcFs proc = ProcFs.system();
        cpu = new CpuMeter(run, proc, ProcessHandle.current().pid());
        MemorySnapshot before = MemorySnapshot.of(run, proc);
        List<Measurement> results = new ArrayList<>();
        MemorySnapshot after;
        JsonNode audit;
        String auditError = null;
        long unconfirmedButCommitted;
        long commitsStreamed;
        long commitsAsked;
        BenchSetup.Summary setup;
        try (DirectLedger ledger = DirectLedger.connect(cn, network.channel(), network.chaincode())) {
            ledger.addIdentity(BenchSetup.CENTRAL_BANK);
            ledger.addIdentity(REGULATOR);
            Workload.users().forEach(ledger::addIdentity);
            if (options.commits().equals(BenchOptions.STREAM)) {
                ledger.watchCommits(REGULATOR);
            }

            setup = new BenchSetup(ledger, options, runTag, progress).run();
            out.println();
            out.printf("Setup (%.1f s): currency %s, %d decimals, issuer %s%s; wallets: %d opened, %d already open; "
                            + "payers: %d issued one note and split it into %d, %d already held %d usable notes%n",
                    setup.seconds(), setup.currency(), setup.decimals(), setup.issuer(),
                    setup.registered() ? " (registered now)" : " (already registered)", setup.opened(),
                    setup.alreadyOpen(), setup.funded(), options.notes(), setup.alreadyReady(), options.notes());
            out.flush();

            RestPayments rest = null;
            GatewayMetrics metrics = null;
            if (gateway != null) {
                HttpClient http = RestPayments.client();
                requireHealthy(http, gateway);
                Map<String, String> keys = apiKeys(cn);
                rest = new RestPayments(http, gateway, keys, setup.currency(), setup.decimals(), cn.mspId());
                metrics = new GatewayMetrics(http, gateway, keys.get(Workload.SOLE_PAYER));
            }

            LoadDriver.Limits limits = new LoadDriver.Limits(options.concurrency(),
                    Duration.ofSeconds(options.seconds()), options.maxTx(), DRAIN);
            List<String> payers = Workload.payers();
            LoadDriver.Operation noop = (worker, seq, random) ->
                    ledger.submit(payers.get(worker % payers.size()), "system", "noop").attempt();
            if (options.warmup() > 0) {
                progress.printf("warm-up: system:noop via direct, %d s, not counted%n", options.warmup());
                LoadDriver.run("warm-up", BenchOptions.DIRECT, new LoadDriver.Limits(options.concurrency(),
                        Duration.ofSeconds(options.warmup()), options.maxTx(), DRAIN), options.seed(), noop);
            }
            if (options.settle() > 0) {
                RestPayments restPath = rest;
                new Settle(cpu, progress, Settle.ROUND).run(options, out, (path, round) -> payments(path,
                        Workload.Scenario.UNIFORM, "bench-" + runTag + "-settle" + round + "-" + path + "-", ledger,
                        restPath, setup.currency(), options));
            }
            results.add(measure("noop", BenchOptions.DIRECT, limits, options, noop));
            for (Workload.Scenario scenario : options.scenarios()) {
                for (String path : options.paths()) {
                    LoadDriver.Operation operation = payments(path, scenario, "bench-" + runTag + "-"
                            + scenario.label() + "-" + path + "-", ledger, rest, setup.currency(), options);
                    var submitsBefore = metrics == null ? null : metrics.submits(PAY);
                    Measurement m = measure(scenario.label(), path, limits, options, operation);
                    if (path.equals(BenchOptions.REST) && submitsBefore != null && submitsBefore.isPresent()) {
                        var submitsAfter = metrics.submits(PAY);
                        if (submitsAfter.isPresent()) {
                            m = m.withGatewaySubmits(GatewayMetrics.difference(submitsBefore.get(), submitsAfter.get()));
                        }
                    }
                    results.add(m);
                }
            }
            // The baseline again: the machine's load drifts over a run, and the target compares with both.
            results.add(measure(Targets.NOOP_END, BenchOptions.DIRECT, limits, options, noop));
            after = MemorySnapshot.of(run, proc);

            progress.println("audit of " + setup.currency());
            JsonNode found = null;
            for (String auditor : List.of(BenchSetup.CENTRAL_BANK, REGULATOR)) {
                try {
                    found = DirectPayments.JSON.readTree(ledger.evaluate(auditor, "currency", "audit",
                            BenchSetup.json("currency", setup.currency())));
                    auditError = null;
                    break;
                } catch (DirectLedger.QueryFailed e) {
                    auditError = e.getMessage();
                }
            }
            audit = found;
            unconfirmedButCommitted = ledger.committedAfterUnconfirmedSubmit();
            commitsStreamed = ledger.commitsStreamed();
            commitsAsked = ledger.commitsAsked();
        }

        out.println();
        out.println("Results (latency: submit to commit status of committed transactions; TX/S: committed per second;");
        out.println("CPU%: shares of all cores used by the network's processes, this benchmark, anything else, nothing)");
        BenchReport.results(results, out);
        if (unconfirmedButCommitted > 0) {
            out.printf("Direct submits the peer answered UNAVAILABLE or late that committed all the same (BFT orderers "
                    + "saying \"request already processed\", hyperledger/fabric#4415), counted as committed: %d%n",
                    unconfirmedButCommitted);
        }
        out.printf("Direct commit statuses (setup and settle included) learnt from the filtered-block stream: %d; by a "
                + "commit-status request: %d%n", commitsStreamed, commitsAsked);
        if (results.stream().anyMatch(m -> m.stages() != null)) {
            out.println();
            out.println("Where the direct path's latency went (building the proposal to the endorsed transaction, "
                    + "then to the commit status), and the blocks its");
            out.println("transactions committed in (MS/BLOCK: the run's seconds over every block from its first to "
                    + "its last; blocks that are not full are cut by the batch timeout)");
            BenchReport.stages(results, out);
        }
        if (results.stream().anyMatch(m -> m.cpu() != null)) {
            out.println();
            out.println("CPU time per committed transaction in ms, by kind of network process (each kind summed over "
                    + "the states), the part of it the network's JVMs spent compiling (JIT), and this benchmark's");
            BenchReport.cpuPerTransaction(results, out);
        }
        if (results.stream().anyMatch(m -> m.gatewaySubmits() != null)) {
            out.println();
            out.println("The REST gateway's own currency:pay submits during each REST run (its /actuator/prometheus); "
                    + "it retries spent notes and read conflicts itself");
            BenchReport.gatewaySubmits(results, out);
        }
        out.println();
        out.println("Targets (printed, never enforced)");
        BenchReport.targets(Targets.evaluate(results, options.paths(), options.scenarios()), out);
        out.println();
        out.println("Memory of the network's processes (RSS with descendants), before setup and after the last run");
        BenchReport.memory(before, after, out);
        out.println("This benchmark's JVM: " + BenchReport.jvm(MemorySnapshot.Jvm.now()));
        out.printf("Load average at the end: %s. Figures from a machine that is also building or testing are noisy: "
                + "see OTHER in the CPU%% column.%n", loadAverage());
        out.println();
        if (audit == null) {
            out.println("Audit of " + setup.currency() + ": NOT AVAILABLE (" + auditError + ")");
            return 1;
        }
        boolean balanced = audit.path("balanced").asBoolean(false);
        out.println("Audit of " + setup.currency() + " (currency:audit): " + (balanced ? "balanced" : "NOT BALANCED"));
        out.println("  " + BenchReport.audit(audit, setup.decimals()));
        return balanced ? 0 : 1;
    }

    /** Payments of one scenario on one path; payment IDs are {@code prefix} + the run's sequence number. */
    private LoadDriver.Operation payments(String path, Workload.Scenario scenario, String prefix, DirectLedger ledger,
                                          RestPayments rest, String currency, BenchOptions options) {
        if (path.equals(BenchOptions.DIRECT)) {
            DirectPayments direct = new DirectPayments(ledger, currency, pools(ledger, scenario, currency, options));
            return (worker, seq, random) -> direct.pay(scenario.next(worker, random, options.maxAmount()), prefix + seq);
        }
        return (worker, seq, random) -> rest.pay(scenario.next(worker, random, options.maxAmount()), prefix + seq);
    }

    private Measurement measure(String scenario, String path, LoadDriver.Limits limits, BenchOptions options,
                                LoadDriver.Operation operation) throws InterruptedException {
        progress.printf("run: %s via %s, %d s at concurrency %d%n", scenario, path, options.seconds(),
                options.concurrency());
        var cpuBefore = cpu.read();
        Measurement m = LoadDriver.run(scenario, path, limits, options.seed(), operation);
        var cpuAfter = cpu.read();
        if (cpuBefore.isPresent() && cpuAfter.isPresent()) {
            m = m.withCpu(CpuMeter.between(cpuBefore.get(), cpuAfter.get()));
        }
        progress.printf("     %d committed, %d failed in %.1f s (%.1f tx/s)%n", m.committed(), m.failed(), m.seconds(),
                m.tps());
        return m;
    }

    /** Each payer's notes, queried once for this run of the direct path (the REST runs spend notes in between). */
    private Map<String, NotePool> pools(DirectLedger ledger, Workload.Scenario scenario, String currency,
                                        BenchOptions options) {
        Map<String, NotePool> pools = new HashMap<>();
        for (String payer : scenario.payers()) {
            String wallet = ledger.mspId() + "/" + payer;
            NotePool pool = new NotePool(wallet);
            NoteLoader.usable(ledger, payer, wallet, currency, BenchSetup.usableNote(options)).forEach(pool::add);
            pools.put(payer, pool);
        }
        return pools;
    }

    private static Map<String, String> apiKeys(NetworkDescription.State cn) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String user : Workload.users()) {
            Path file = cn.identityDir(user).resolve("api-key");
            try {
                keys.put(user, Files.readString(file, StandardCharsets.US_ASCII).trim());
            } catch (IOException e) {
                throw new OpsException("cannot read the API key " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    private static void requireHealthy(HttpClient http, URI gateway) throws InterruptedException {
        URI health = gateway.resolve("actuator/health");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new OpsException("the CN REST gateway is not healthy (" + health + " answered "
                        + response.statusCode() + "); run with --path direct, or restart it with test-network/silkroad.sh up");
            }
        } catch (IOException e) {
            throw new OpsException("the CN REST gateway " + health + " does not answer (" + e + "); run with "
                    + "--path direct, or restart it with test-network/silkroad.sh up", e);
        }
    }

    /**
     * The benchmark identities exist only when the network was brought up with {@code SILKROAD_BENCH_USERS=40}.
     */
    static void requireBenchIdentities(RunFolder run, NetworkDescription.State cn, boolean needApiKeys) {
        List<String> missing = new ArrayList<>();
        for (String user : Workload.users()) {
            Path dir = cn.identityDir(user);
            if (!Files.isRegularFile(dir.resolve("cert.pem")) || !Files.isRegularFile(dir.resolve("key.pem"))
                    || (needApiKeys && !Files.isRegularFile(dir.resolve("api-key")))) {
                missing.add(user);
            }
        }
        for (String role : List.of(BenchSetup.CENTRAL_BANK, REGULATOR)) {
            if (!Files.isRegularFile(cn.identityDir(role).resolve("cert.pem"))) {
                missing.add(role);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String recorded = recordedBenchUsers(run.dir());
        throw new OpsException("the network in " + run.dir() + " lacks " + missing.size() + " of the identities the "
                + "benchmark uses (" + String.join(", ", missing.subList(0, Math.min(missing.size(), 4)))
                + (missing.size() > 4 ? ", ..." : "") + " under " + cn.identityDir("") + ").\n"
                + "Benchmark identities bench-001 ... bench-" + String.format("%03d", Workload.USERS) + " are enrolled "
                + "only when the network is brought up with SILKROAD_BENCH_USERS=" + Workload.USERS
                + (recorded == null ? "" : " (this network was brought up with SILKROAD_BENCH_USERS=" + recorded + ")")
                + ".\nRestart it with the same environment plus that variable:\n"
                + "  test-network/silkroad.sh down && SILKROAD_BENCH_USERS=" + Workload.USERS
                + " test-network/silkroad.sh up");
    }

    /** {@code SILKROAD_BENCH_USERS} as {@code up} recorded it in {@code settings.env}, or null. */
    private static String recordedBenchUsers(Path runDir) {
        try {
            for (String line : Files.readAllLines(runDir.resolve("settings.env"), StandardCharsets.UTF_8)) {
                if (line.startsWith("SILKROAD_BENCH_USERS=")) {
                    return line.substring("SILKROAD_BENCH_USERS=".length());
                }
            }
        } catch (IOException e) {
            // An older run folder has no settings.env.
        }
        return null;
    }

    static String hostOf(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String host = colon > 0 ? endpoint.substring(0, colon) : endpoint;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** The benchmark loads what it talks to; it must never be pointed at a node on another machine. */
    static void requireLoopback(String what, String host) {
        boolean loopback;
        try {
            loopback = host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new OpsException(what + " is at " + host + ", not a loopback address; the benchmark only loads a "
                    + "local network (127.0.0.1)");
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
