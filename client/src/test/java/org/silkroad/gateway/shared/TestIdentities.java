package org.silkroad.gateway.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Writes identity directories the way the network scripts do: {@code <dir>/<name>/cert.pem, key.pem, role,
 * api-key.sha256, api-key}.
 */
public final class TestIdentities {

    /** The API keys of the standard test callers (the gateway only ever sees their hashes). */
    public static final String BUSINESS_KEY = "test-key-business-1-3f9c2a";
    public static final String BANK_KEY = "test-key-bank-77d01e";
    public static final String MSP_ID = "CNMSP";

    private final TestPki pki;
    private final Path directory;

    public TestIdentities(TestPki pki, Path directory) {
        this.pki = pki;
        this.directory = directory;
    }

    /**
     * A directory with {@code business-1} (role business), {@code bank} (role bank) and {@code gateway-probe}
     * (no role, no API key).
     */
    public static TestIdentities standard(Path directory) {
        TestIdentities identities = new TestIdentities(TestPki.newCa("ca.cn.silkroad.test"), directory);
        identities.add("business-1", "business", BUSINESS_KEY);
        identities.add("bank", "bank", BANK_KEY);
        identities.add("gateway-probe", null, null);
        return identities;
    }

    /** CN identities to be added, in {@code directory} emptied first (a test slice's own, under {@code target/}). */
    public static TestIdentities inEmptyDirectory(Path directory) {
        try {
            if (java.nio.file.Files.exists(directory)) {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
                    for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        java.nio.file.Files.delete(file);
                    }
                }
            }
            java.nio.file.Files.createDirectories(directory);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new TestIdentities(TestPki.newCa("ca.cn.silkroad.test"), directory);
    }

    /** Adds an identity; {@code role} or {@code apiKey} null leaves out the role attribute or the key files. */
    public Path add(String name, String role, String apiKey) {
        return write(name, pki.enrollment(name, role), role, apiKey);
    }

    /** Writes an identity from an already issued certificate and key. */
    public Path write(String name, TestPki.Issued issued, String role, String apiKey) {
        try {
            Path home = Files.createDirectories(directory.resolve(name));
            Files.writeString(home.resolve("cert.pem"), issued.certificatePem());
            Files.writeString(home.resolve("key.pem"), issued.privateKeyPem());
            if (role != null) {
                Files.writeString(home.resolve("role"), role + "\n");
            }
            if (apiKey != null) {
                Files.writeString(home.resolve("api-key"), apiKey);
                Files.writeString(home.resolve("api-key.sha256"), sha256Hex(apiKey) + "\n");
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code printf %s KEY | sha256sum} gives, computed here independently of the gateway's code. */
    public static String sha256Hex(String apiKey) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public TestPki pki() {
        return pki;
    }

    public Path directory() {
        return directory;
    }

    public IdentityDirectory load() {
        return IdentityDirectory.load(directory, MSP_ID);
    }
}
