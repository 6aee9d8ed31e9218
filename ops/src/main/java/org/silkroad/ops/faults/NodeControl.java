package org.silkroad.ops.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.silkroad.ops.shared.NetworkDescription;
import org.silkroad.ops.shared.OpsException;

/**
 * The network's nodes as processes: their pids from the run folder's {@code pids/<process>.pid} (written by
 * {@code test-network/lib/common.sh start_process}, processes named {@code orderer-<ST>-<n>}, {@code peer-<ST>}),
 * signals sent to them, and the restart of whatever is dead through {@code test-network/silkroad.sh up}, which on a
 * network that is up restarts only processes that are not running and waits until they are healthy.
 */
final class NodeControl {

    /** An orderer as a process and as a SmartBFT consenter. */
    record OrdererNode(String process, String name, String operations) {
    }

    private static final Pattern IS_LEADER =
            Pattern.compile("(?m)^consensus_BFT_is_leader\\{channel=\"([^\"]+)\"\\} (\\S+)$");

    private final Path runDir;
    private final NetworkDescription network;
    private final Path script;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    NodeControl(Path runDir, NetworkDescription network, Path script) {
        this.runDir = Objects.requireNonNull(runDir, "runDir");
        this.network = Objects.requireNonNull(network, "network");
        this.script = Objects.requireNonNull(script, "script");
    }

    /** The orderers in network.json order, with their process names ({@code osn1.cn.silkroad.test} is orderer-CN-1). */
    List<OrdererNode> orderers() {
        List<OrdererNode> nodes = new ArrayList<>();
        for (NetworkDescription.Orderer orderer : network.orderers()) {
            Matcher m = Pattern.compile("^osn(\\d+)\\.").matcher(orderer.name());
            if (!m.find() || orderer.state() == null) {
                throw new OpsException("network.json: orderer " + orderer.name() + " has no state or osnN name");
            }
            nodes.add(new OrdererNode("orderer-" + orderer.state() + "-" + m.group(1), orderer.name(),
                    orderer.operations()));
        }
        return nodes;
    }

    static String peerProcess(String state) {
        return "peer-" + state;
    }

    long pid(String process) {
        Path file = runDir.resolve("pids").resolve(process + ".pid");
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            throw new OpsException("no pid for " + process + " in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Alive and not a zombie, as the scripts' {@code is_running} decides. */
    boolean alive(String process) {
        long pid;
        try {
            pid = pid(process);
        } catch (OpsException e) {
            return false;
        }
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII);
            return !status.lines().anyMatch(line -> line.startsWith("State:") && line.contains("Z"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether an orderer or peer of the network is not running. */
    boolean anyDead() {
        return orderers().stream().anyMatch(o -> !alive(o.process()))
                || network.states().keySet().stream().anyMatch(st -> !alive(peerProcess(st)));
    }

    /** Sends a signal (KILL, STOP, CONT) to the process the pid file names; waits until a killed one is gone. */
    void signal(String process, String signal) throws InterruptedException {
        long pid = pid(process);
        run(List.of("kill", "-s", signal, Long.toString(pid)), Duration.ofSeconds(5), "kill -s " + signal + " " + pid);
        if ("KILL".equals(signal)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (alive(process) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (alive(process)) {
                throw new OpsException(process + " (pid " + pid + ") still alive 10 s after SIGKILL");
            }
        }
    }

    /**
     * The SmartBFT leader: the orderer whose operations endpoint reports {@code consensus_BFT_is_leader 1} on the
     * channel (Fabric's SmartBFT chain sets that gauge on every view change). Null if none says so (a view change is
     * under way, or the consensus is Raft).
     */
    OrdererNode bftLeader() {
        for (OrdererNode node : orderers()) {
            if (node.operations() == null || !alive(node.process())) {
                continue;
            }
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(node.operations() + "/metrics"))
                                .timeout(Duration.ofSeconds(3)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                Matcher m = IS_LEADER.matcher(response.body());
                while (m.find()) {
                    if (m.group(1).equals(network.channel()) && Double.parseDouble(m.group(2)) == 1.0) {
                        return node;
                    }
                }
            } catch (IOException e) {
                // Not answering: not the leader we can stop.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /**
     * Restarts every dead process with {@code silkroad.sh up} (jars not rebuilt) and waits for it; its output goes
     * to {@code logs/faults-restart.log}.
     *
     * @return seconds it took
     */
    double restartDead() throws InterruptedException {
        long start = System.nanoTime();
        Path log = runDir.resolve("logs").resolve("faults-restart.log");
        ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), "up")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("SILKROAD_RUN", runDir.toString());
        env.put("SILKROAD_SKIP_BUILD", "1");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new OpsException("cannot run " + script + " up: " + e.getMessage(), e);
        }
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new OpsException(script + " up did not finish in 300 s (see " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new OpsException(script + " up failed with exit code " + process.exitValue() + " (see " + log
                    + "; the script needs the same environment as the `up` that started the network, e.g. "
                    + "SILKROAD_FABRIC_HOME)");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void run(List<String> command, Duration timeout, String what) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new OpsException(what + " failed: " + e.getMessage(), e);
        }
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new OpsException(what + " did not finish");
        }
        if (process.exitValue() != 0) {
            String output;
            try {
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                output = "";
            }
            throw new OpsException(what + " failed: " + output);
        }
    }
}
