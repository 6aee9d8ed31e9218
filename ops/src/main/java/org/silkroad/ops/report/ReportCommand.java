package org.silkroad.ops.report;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.ProcFs;
import org.silkroad.ops.shared.RunFolder;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code report [--run <dir>] [--json]}: processes, health endpoints, ledger consistency and certificate expiry of the
 * running local network, as a table or JSON. Exit code 0 when everything is healthy, 1 when any check failed.
 */
public final class ReportCommand {

    public static final String USAGE = """
            report [--run <dir>] [--json]
                Health and consistency report of the running network (processes, health endpoints, ledger,
                when its certificates expire).
                --run <dir>  run folder holding network.json and pids/ (default: $SILKROAD_RUN, else ./.run)
                --json       print machine-readable JSON instead of tables
                Exit code: 0 healthy, 1 a check failed, 2 the report could not be made (bad option, no run folder).""";

    /** Short, so that a hung node costs the operator seconds, not minutes; all nodes are asked at once. */
    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);
    static final Duration LEDGER_DEADLINE = Duration.ofSeconds(5);

    private final Map<String, String> env;
    private final Clock clock;

    public ReportCommand(Map<String, String> env, Clock clock) {
        this.env = Objects.requireNonNull(env, "env");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the report and prints it.
     *
     * @return the exit code: 0 healthy, 1 a check failed
     * @throws OpsException for a bad option or a missing run folder / network.json
     */
    public int run(List<String> args, PrintStream out) {
        String runOption = null;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--run")) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new OpsException("--run needs a directory\nusage: " + USAGE);
                }
                runOption = args.get(++i);
            } else if (arg.startsWith("--run=")) {
                runOption = arg.substring("--run=".length());
            } else {
                throw new OpsException("unknown option '" + arg + "' for report\nusage: " + USAGE);
            }
        }

        RunFolder run = RunFolder.locate(runOption, env);
        NetworkDescription network = run.network();
        Report report = make(run, network);
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(report));
        } else {
            TextReport.print(report, out);
        }
        return report.verdict().exitCode();
    }

    private Report make(RunFolder run, NetworkDescription network) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Report.Processes processes = new ProcessCheck(ProcFs.system()).check(run.pidFiles());
        List<Report.Health> health = new HealthCheck(HTTP_TIMEOUT).check(network);
        Report.Ledger ledger = new LedgerCheck(PeerChainSource.opener(network.channel(), LEDGER_DEADLINE))
                .check(network);
        Report.Certificates certificates = new CertificateCheck(run.dir(), now).check(network.states().keySet());
        List<Report.Operation> operations = new OperationsCheck(run.dir()).check();
        return new Report(now, run.dir().toString(), network.channel(), network.chaincode(), network.consensus(),
                processes, health, ledger, certificates, operations,
                Verdict.of(processes, health, ledger, certificates, operations));
    }
}
