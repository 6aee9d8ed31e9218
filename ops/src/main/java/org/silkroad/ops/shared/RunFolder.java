package org.silkroad.ops.shared;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The local network's run folder ({@code .run/}): {@code network.json}, {@code pids/<process>.pid}, keys, ledgers
 * and logs. Chosen by {@code --run}, else {@code $SILKROAD_RUN}, else {@code ./.run}.
 */
public final class RunFolder {

    public static final String ENV = "SILKROAD_RUN";
    private static final String PID_SUFFIX = ".pid";

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * @param option the {@code --run} value, or null
     * @param env    the process environment (only {@value #ENV} is read)
     * @throws OpsException if the folder does not exist
     */
    public static RunFolder locate(String option, Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        String chosen = option != null ? option : env.getOrDefault(ENV, ".run");
        String source = option != null ? "--run" : env.containsKey(ENV) ? "$" + ENV : "default ./.run";
        Path dir = Path.of(chosen).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new OpsException("run folder " + dir + " (" + source + ") does not exist; start the network with "
                    + "test-network/silkroad.sh up, or name its run folder with --run <dir> or " + ENV);
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Reads {@code network.json}.
     *
     * @throws OpsException if it is missing, unreadable or incomplete
     */
    public NetworkDescription network() {
        Path file = dir.resolve("network.json");
        if (!Files.isRegularFile(file)) {
            throw new OpsException(file + " does not exist; the network is not up (or still starting: "
                    + "test-network/silkroad.sh up writes it once every node is running)");
        }
        try {
            return NetworkDescription.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OpsException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A process started by the network scripts, as its pid file names it. */
    public record PidFile(String process, Path file) {
    }

    /** The pid files in {@code pids/}, sorted by process name; empty if the folder does not exist. */
    public List<PidFile> pidFiles() {
        Path pids = dir.resolve("pids");
        List<PidFile> found = new ArrayList<>();
        if (!Files.isDirectory(pids)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(pids, "*" + PID_SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                found.add(new PidFile(name.substring(0, name.length() - PID_SUFFIX.length()), file));
            }
        } catch (IOException e) {
            throw new OpsException("cannot list " + pids + ": " + e.getMessage(), e);
        }
        found.sort((a, b) -> a.process().compareTo(b.process()));
        return found;
    }
}
