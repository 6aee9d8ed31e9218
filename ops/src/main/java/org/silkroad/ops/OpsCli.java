package org.silkroad.ops;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.silkroad.ops.bench.BenchCommand;
import org.silkroad.ops.bench.TradeBenchCommand;
import org.silkroad.ops.evidence.VerifyBundleCommand;
import org.silkroad.ops.faults.FaultsCommand;
import org.silkroad.ops.report.ReportCommand;
import org.silkroad.ops.shared.OpsException;

/**
 * {@code java -jar silkroad-ops.jar <command> ...}: the member-state operators' tool. Each command lives in its
 * feature package; this class only dispatches and turns failures into exit codes.
 */
public final class OpsCli {

    /** Held so the setting is not garbage-collected: gRPC would otherwise log transport noise over the report. */
    private static final Logger GRPC_LOG = Logger.getLogger("io.grpc");

    private static final String USAGE = "usage: java -jar silkroad-ops.jar <command> [options]\n\ncommands:\n  "
            + ReportCommand.USAGE.replace("\n", "\n  ") + "\n  " + BenchCommand.USAGE.replace("\n", "\n  ")
            + "\n  " + TradeBenchCommand.USAGE.replace("\n", "\n  ")
            + "\n  " + VerifyBundleCommand.USAGE.replace("\n", "\n  ")
            + "\n  " + FaultsCommand.USAGE.replace("\n", "\n  ");

    private OpsCli() {
    }

    /**
     * Seconds an idle HTTP/1.1 connection stays in the JDK client's pool, unless set on the command line. The JDK 17
     * default is 1200 s, while the gateway's Tomcat closes a connection idle for 60 s; the client then sent the next
     * request on a socket the server had closed and got an {@code IOException} (25 of one benchmark's REST payments
     * after a 60 s direct run). A payment is idempotent by its ID, but nothing tells the client whether the request was
     * read, so the pool lets go first.
     */
    static final String HTTP_KEEPALIVE_SECONDS = "10";

    public static void main(String[] args) {
        GRPC_LOG.setLevel(Level.SEVERE);
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", HTTP_KEEPALIVE_SECONDS);
        }
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? OpsException.EXIT_CODE : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "report" -> {
                    if (rest.contains("-h") || rest.contains("--help")) {
                        out.println("usage: java -jar silkroad-ops.jar " + ReportCommand.USAGE);
                        yield 0;
                    }
                    yield new ReportCommand(System.getenv(), Clock.systemUTC()).run(rest, out);
                }
                case "bench" -> {
                    if (rest.contains("-h") || rest.contains("--help")) {
                        out.println("usage: java -jar silkroad-ops.jar " + BenchCommand.USAGE);
                        yield 0;
                    }
                    yield new BenchCommand(System.getenv(), Clock.systemUTC(), err).run(rest, out);
                }
                case "bench-trade" -> {
                    if (rest.contains("-h") || rest.contains("--help")) {
                        out.println("usage: java -jar silkroad-ops.jar " + TradeBenchCommand.USAGE);
                        yield 0;
                    }
                    yield new TradeBenchCommand(System.getenv(), Clock.systemUTC(), err).run(rest, out);
                }
                case "verify-bundle" -> {
                    if (rest.contains("-h") || rest.contains("--help")) {
                        out.println("usage: java -jar silkroad-ops.jar " + VerifyBundleCommand.USAGE);
                        yield 0;
                    }
                    yield new VerifyBundleCommand().run(rest, out);
                }
                case "faults" -> {
                    if (rest.contains("-h") || rest.contains("--help")) {
                        out.println("usage: java -jar silkroad-ops.jar " + FaultsCommand.USAGE);
                        yield 0;
                    }
                    yield new FaultsCommand(System.getenv(), Clock.systemUTC(), err).run(rest, out);
                }
                default -> throw new OpsException("unknown command '" + command + "'\n" + USAGE);
            };
        } catch (OpsException e) {
            err.println("silkroad-ops: " + e.getMessage());
            return OpsException.EXIT_CODE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("silkroad-ops: interrupted");
            return OpsException.EXIT_CODE;
        }
    }
}
