package org.silkroad.gateway.explorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.silkroad.gateway.shared.LocalNetwork;

/**
 * Runs the operator tool ({@code ops/target/silkroad-ops.jar}) as its users would: a separate process. The test command
 * builds the jar before the network ITs.
 */
public final class OpsTool {

    private OpsTool() {
    }

    /** The offline verifier on a bundle, as a court would run it: nothing but the file. */
    public static LocalNetwork.CommandOutcome verify(Path bundle) throws IOException, InterruptedException {
        return run("verify-bundle", bundle.toString());
    }

    /** The health and ledger-consistency report on the network of a run folder, as an operator would run it. */
    public static LocalNetwork.CommandOutcome report(Path runFolder) throws IOException, InterruptedException {
        return run("report", "--run", runFolder.toString());
    }

    private static LocalNetwork.CommandOutcome run(String... args) throws IOException, InterruptedException {
        Path jar = LocalNetwork.repoRoot().resolve("ops/target/silkroad-ops.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -pl ops package)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        return LocalNetwork.run(Duration.ofSeconds(120), Map.of(), command);
    }
}
