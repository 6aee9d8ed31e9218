package org.silkroad.gateway.explorer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs the operator tool's offline verifier ({@code ops/target/silkroad-ops.jar verify-bundle}) on a bundle, as a
 * court would: a separate process with nothing but the file. The test command builds the jar before the network ITs.
 */
final class OfflineVerifier {

    record Outcome(int exitCode, String output) {
    }

    private OfflineVerifier() {
    }

    static Outcome verify(Path bundle) throws IOException, InterruptedException {
        Path repoRoot = Path.of(System.getProperty("silkroad.repoRoot", "..")).toAbsolutePath().normalize();
        Path jar = repoRoot.resolve("ops/target/silkroad-ops.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first (mvn -pl ops package)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-jar", jar.toString(), "verify-bundle", bundle.toString())
                .redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("verify-bundle did not finish in 120 s");
        }
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
