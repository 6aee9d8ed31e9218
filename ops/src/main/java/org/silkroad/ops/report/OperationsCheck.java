package org.silkroad.ops.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The changes to the network that {@code test-network/silkroad.sh} started and has not finished, from the files it
 * leaves in the run folder while they last: a state joining ({@code .joining}), an orderer being added
 * ({@code .adding-orderer}), a state leaving ({@code .leaving}), the chaincode being upgraded ({@code .upgrading}), a
 * chaincode definition waiting for the states' approvals ({@code chaincode/pending/definition.env}) and configuration
 * updates waiting for their signatures ({@code channel/updates/*.pb}). Each is a failure of the verdict: until it is
 * finished the network is between two configurations (after a departure, say, the endorsement policy still counts the
 * state that left), and the other commands that change the network refuse to run.
 */
final class OperationsCheck {

    private final Path runDir;

    OperationsCheck(Path runDir) {
        this.runDir = runDir;
    }

    List<Report.Operation> check() {
        List<Report.Operation> operations = new ArrayList<>();
        marker(".joining").ifPresent(state -> operations.add(new Report.Operation("join", state + " joining",
                "silkroad.sh join " + state, ".joining")));
        marker(".adding-orderer").ifPresent(node -> operations.add(new Report.Operation("add-orderer",
                "orderer " + node + " being added", "silkroad.sh add-orderer " + node.replaceFirst(":.*", ""),
                ".adding-orderer")));
        marker(".leaving").ifPresent(state -> operations.add(new Report.Operation("leave", state + " leaving",
                "silkroad.sh leave " + state, ".leaving")));
        marker(".upgrading").ifPresent(slot -> operations.add(new Report.Operation("upgrade",
                "chaincode being upgraded into slot " + slot,
                "silkroad.sh upgrade (or silkroad.sh upgrade --abort while its definition is not committed)",
                ".upgrading")));
        Path pending = runDir.resolve("chaincode/pending/definition.env");
        if (Files.isRegularFile(pending)) {
            Map<String, String> definition = settings(pending);
            operations.add(new Report.Operation("approval", "chaincode definition "
                    + definition.getOrDefault("DEF_VERSION", "?") + ", sequence "
                    + definition.getOrDefault("DEF_SEQUENCE", "?") + ", waiting for the states' approvals",
                    "silkroad.sh approve STATE by each state that has not approved, then the command again",
                    runDir.relativize(pending).toString()));
        }
        Path updates = runDir.resolve("channel/updates");
        if (Files.isDirectory(updates)) {
            try (Stream<Path> files = Files.list(updates)) {
                files.filter(f -> f.getFileName().toString().endsWith(".pb")).sorted().forEach(file -> operations.add(
                        new Report.Operation("signatures", "configuration update " + file.getFileName()
                                + " waiting for its signatures", "silkroad.sh sign-update " + runDir.relativize(file)
                                + " STATE by the states asked to sign, then the command again",
                                runDir.relativize(file).toString())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return operations;
    }

    /** A marker file's first line, or empty when it does not exist. */
    private Optional<String> marker(String name) {
        Path file = runDir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return Optional.of(text.isEmpty() ? "?" : text.lines().findFirst().orElse("?"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code NAME=value} lines as the scripts write them with printf %q (plain words here: no quoting to undo). */
    private static Map<String, String> settings(Path file) {
        Map<String, String> values = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
