package org.silkroad.gateway.explorer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.silkroad.gateway.shared.LocalNetwork;

/**
 * Runs the operator tool's offline verifier ({@code ops/target/silkroad-ops.jar verify-bundle}) on a bundle, as a
 * court would: a separate process with nothing but the file. The test command builds the jar before the network ITs.
 */
public final class OfflineVerifier {

    private OfflineVerifier() {
    }

    public static LocalNetwork.CommandOutcome verify(Path bundle) throws IOException, InterruptedException {
        Path jar = LocalNetwork.repoRoot().resolve("ops/target/silkroad-ops.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -pl ops package)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return LocalNetwork.run(Duration.ofSeconds(120), Map.of(),
                List.of(java.toString(), "-jar", jar.toString(), "verify-bundle", bundle.toString()));
    }
}
