package org.silkroad.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded chaincode jar started as a chaincode service, in its own JVM, with the environment a deployment gives it.
 */
public final class ChaincodeService implements AutoCloseable {

    /** The heap and JIT flags the README recommends for a chaincode service on the local test network. */
    public static final List<String> JVM_FLAGS =
            List.of("-Xms32m", "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final Process process;
    private final int port;
    private final Path log;

    private ChaincodeService(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the jar and waits until it listens on 127.0.0.1.
     *
     * @param jar the shaded chaincode jar
     * @param environment variables to set besides CHAINCODE_SERVER_ADDRESS and CORE_CHAINCODE_ID_NAME
     * @param log where the service's output goes
     * @param deadline how long the service may take to listen
     * @return the running service
     * @throws IllegalStateException when it exits or does not listen in time; the message holds its output
     */
    public static ChaincodeService start(Path jar, Map<String, String> environment, Path log, Duration deadline) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("CORE_") || name.startsWith("CHAINCODE_")
                || name.startsWith("SILKROAD_"));
        env.put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        env.put("CORE_CHAINCODE_ID_NAME", "silkroad:it");
        env.putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        ChaincodeService service = new ChaincodeService(process, port, log);
        Instant until = Instant.now().plus(deadline);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the chaincode service exited with " + process.exitValue()
                        + ":\n" + service.output());
            }
            if (service.listening()) {
                return service;
            }
            sleep(Duration.ofMillis(50));
        }
        service.close();
        throw new IllegalStateException("the chaincode service did not listen within " + deadline + ":\n"
                + service.output());
    }

    /** @return the port the service listens on, at 127.0.0.1 */
    public int port() {
        return port;
    }

    /** @return everything the service has written so far */
    public String output() {
        try {
            return Files.readString(log, UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
