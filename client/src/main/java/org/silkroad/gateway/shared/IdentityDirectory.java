package org.silkroad.gateway.shared;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hyperledger.fabric.client.identity.Identities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities this gateway may sign with, read once from the directory the network scripts write:
 * one sub-directory per identity holding
 * <ul>
 *   <li>{@code cert.pem} — enrollment certificate issued by the state's Fabric CA (required),</li>
 *   <li>{@code key.pem} — its PKCS#8 private key (required),</li>
 *   <li>{@code api-key.sha256} — lowercase hex SHA-256 of the caller's API key (optional: without it the identity
 *       cannot be used by a REST caller, e.g. the health probe),</li>
 *   <li>{@code role} — the role the scripts enrolled it with, cross-checked against the certificate.</li>
 * </ul>
 * The raw {@code api-key} file is never read. Changes to the directory take effect at the next restart.
 */
public final class IdentityDirectory {

    private static final Logger log = LoggerFactory.getLogger(IdentityDirectory.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, FabricIdentity> identities;
    private final List<Caller> callers;

    private record Caller(byte[] apiKeySha256, FabricIdentity identity) {
    }

    private IdentityDirectory(Map<String, FabricIdentity> identities, List<Caller> callers) {
        this.identities = Map.copyOf(identities);
        this.callers = List.copyOf(callers);
    }

    /**
     * Reads every identity in {@code directory}.
     *
     * @param directory the identities directory
     * @param mspId     the MSP the identities belong to (the state's Fabric CA issued them all)
     * @throws IllegalStateException if the directory is missing, an identity is incomplete or inconsistent
     *                               (key does not match certificate, malformed hash), or two identities share a key
     */
    public static IdentityDirectory load(Path directory, String mspId) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(mspId, "mspId");
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("identities directory " + directory + " does not exist");
        }
        Map<String, FabricIdentity> identities = new LinkedHashMap<>();
        List<Caller> callers = new ArrayList<>();
        for (Path entry : subdirectories(directory)) {
            String name = entry.getFileName().toString();
            if (!NAME.matcher(name).matches()) {
                log.warn("Ignoring {} in identities directory: not an identity name", name);
                continue;
            }
            FabricIdentity identity = readIdentity(entry, name, mspId);
            identities.put(name, identity);
            Optional<byte[]> hash = readApiKeyHash(entry);
            if (hash.isPresent()) {
                for (Caller other : callers) {
                    if (MessageDigest.isEqual(other.apiKeySha256(), hash.get())) {
                        throw new IllegalStateException("identities " + other.identity().name() + " and " + name
                                + " have the same API key");
                    }
                }
                callers.add(new Caller(hash.get(), identity));
            }
        }
        log.info("Loaded {} identities ({} with an API key) for {} from {}",
                identities.size(), callers.size(), mspId, directory);
        return new IdentityDirectory(identities, callers);
    }

    /** The identity stored under {@code name}, whether or not it has an API key. */
    public Optional<FabricIdentity> identity(String name) {
        return Optional.ofNullable(identities.get(name));
    }

    /** All identities, by name. */
    public Collection<FabricIdentity> identities() {
        return identities.values();
    }

    /**
     * The caller whose API key this is. The key's SHA-256 is compared with every stored hash in constant time,
     * without stopping at a match, so the response time says nothing about which or how many hashes matched.
     */
    public Optional<FabricIdentity> authenticate(String apiKey) {
        if (apiKey == null || apiKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] presented = sha256(apiKey);
        FabricIdentity match = null;
        for (Caller caller : callers) {
            if (MessageDigest.isEqual(caller.apiKeySha256(), presented)) {
                match = caller.identity();
            }
        }
        return Optional.ofNullable(match);
    }

    /** Lowercase hex SHA-256 of an API key, as stored in {@code api-key.sha256}. */
    public static String apiKeySha256Hex(String apiKey) {
        return HexFormat.of().formatHex(sha256(apiKey));
    }

    private static byte[] sha256(String apiKey) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static List<Path> subdirectories(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list identities directory " + directory, e);
        }
    }

    private static FabricIdentity readIdentity(Path entry, String name, String mspId) {
        X509Certificate certificate;
        PrivateKey privateKey;
        try (Reader certReader = Files.newBufferedReader(required(entry, "cert.pem"));
             Reader keyReader = Files.newBufferedReader(required(entry, "key.pem"))) {
            certificate = Identities.readX509Certificate(certReader);
            privateKey = Identities.readPrivateKey(keyReader);
        } catch (IOException | CertificateException | InvalidKeyException | RuntimeException e) {
            // Name the problem, never the content of the files.
            String why = e instanceof IOException ? e.getMessage() : e.getClass().getSimpleName();
            throw new IllegalStateException("identity " + name + ": cannot read cert.pem/key.pem: " + why, e);
        }
        requireKeyMatchesCertificate(name, certificate, privateKey);
        try {
            certificate.checkValidity();
        } catch (CertificateException e) {
            log.warn("Identity {}: certificate is not valid now (expires {}); the peer will refuse it",
                    name, certificate.getNotAfter().toInstant());
        }
        FabricIdentity identity;
        try {
            identity = new FabricIdentity(name, mspId, certificate, privateKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("identity " + name + ": " + e.getMessage(), e);
        }
        readRoleFile(entry).ifPresent(declared -> {
            if (!identity.role().equals(Optional.of(declared))) {
                log.warn("Identity {}: role file says '{}' but the certificate says '{}'; the certificate is what "
                        + "the chaincode checks", name, declared, identity.role().orElse("(none)"));
            }
        });
        return identity;
    }

    private static Path required(Path entry, String file) throws IOException {
        Path path = entry.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new IOException(file + " is missing");
        }
        return path;
    }

    private static Optional<byte[]> readApiKeyHash(Path entry) {
        Path file = entry.resolve("api-key.sha256");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String hex;
        try {
            hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException("identity " + entry.getFileName() + ": cannot read api-key.sha256", e);
        }
        // sha256sum writes "<hex>  <file name>"; accept its output as well as the bare hash.
        int space = hex.indexOf(' ');
        if (space > 0) {
            hex = hex.substring(0, space);
        }
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalStateException("identity " + entry.getFileName()
                    + ": api-key.sha256 is not 64 lowercase hex digits");
        }
        return Optional.of(HexFormat.of().parseHex(hex));
    }

    private static Optional<String> readRoleFile(Path entry) {
        Path file = entry.resolve("role");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip()).filter(s -> !s.isEmpty());
        } catch (IOException e) {
            throw new IllegalStateException("identity " + entry.getFileName() + ": cannot read role", e);
        }
    }

    /** A key from another identity would make every transaction fail with an opaque signature error; fail early. */
    private static void requireKeyMatchesCertificate(String name, X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (certificate.getPublicKey().getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            throw new IllegalStateException("identity " + name + ": unsupported key algorithm "
                    + certificate.getPublicKey().getAlgorithm());
        }
        try {
            byte[] probe = ("silkroad identity check " + name).getBytes(StandardCharsets.UTF_8);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException("identity " + name + ": key.pem does not belong to cert.pem");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("identity " + name + ": key.pem does not belong to cert.pem ("
                    + e.getClass().getSimpleName() + ")", e);
        }
    }
}
