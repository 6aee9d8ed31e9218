package org.silkroad.gateway.shared;

import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hyperledger.fabric.client.identity.Identities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The identities this gateway may sign with, read from the directory the network scripts write:
 * one sub-directory per identity holding
 * <ul>
 *   <li>{@code cert.pem} — enrollment certificate issued by the state's Fabric CA (required),</li>
 *   <li>{@code key.pem} — its PKCS#8 private key (required),</li>
 *   <li>{@code api-key.sha256} — lowercase hex SHA-256 of the caller's API key (optional: without it the identity
 *       cannot be used by a REST caller, e.g. the health probe),</li>
 *   <li>{@code role} — the role the scripts enrolled it with, cross-checked against the certificate.</li>
 * </ul>
 * The raw {@code api-key} file is never read.
 *
 * <p>At start-up every identity must load ({@link #load}). After that the directory is the state operator's to change
 * on the running gateway ({@code silkroad.sh enroll}, {@code rekey}, {@code revoke}), and {@link #refresh} — run every
 * few seconds by {@link #watch} — takes the changes in: an identity that appears is added, one whose files changed is
 * read again, one that disappears is dropped. An identity whose new files do not load (a key that does not match its
 * certificate yet, half of a change written, an API key another identity has) is refused with a warning and, if it was
 * loaded before, its earlier version stays until its files change again; the others are taken in all the same. So a
 * script that replaces an identity's files one at a time never opens a gap: writing the API key's hash first, then the
 * key, then the certificate, every state in between is either the old identity with the new API key, or inconsistent
 * and ignored. Identities that a refresh drops or replaces are handed to the {@link #onRetired} listeners (the ledger
 * connection forgets them; event streams opened as them end).
 */
public final class IdentityDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IdentityDirectory.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final List<String> FILES = List.of("cert.pem", "key.pem", "api-key.sha256", "role");

    private final Path directory;
    private final String mspId;
    private final List<Consumer<FabricIdentity>> retiredListeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot current;
    /** What a refresh refused, by name, with its files' digest: not loaded again until they change. */
    private final Map<String, Fingerprint> refused = new HashMap<>();
    private ScheduledExecutorService watcher;

    /** An identity as loaded, with the digest of the files it was read from. */
    private record Entry(Fingerprint files, FabricIdentity identity, Optional<byte[]> apiKeySha256) {
    }

    private record Caller(byte[] apiKeySha256, FabricIdentity identity) {
    }

    private record Snapshot(Map<String, Entry> entries, List<Caller> callers) {

        static Snapshot of(Map<String, Entry> entries) {
            List<Caller> callers = new ArrayList<>();
            entries.values().forEach(entry -> entry.apiKeySha256()
                    .ifPresent(hash -> callers.add(new Caller(hash, entry.identity()))));
            return new Snapshot(Collections.unmodifiableMap(new LinkedHashMap<>(entries)), List.copyOf(callers));
        }
    }

    /**
     * A digest of an identity's files (each one's name and content, or its absence): compared, not timestamps, so a
     * file rewritten within the file system's clock tick is seen as well. A few small files per identity.
     */
    private record Fingerprint(String digest) {

        static Fingerprint of(Path entry) {
            MessageDigest digest = sha256();
            for (String file : FILES) {
                digest.update(file.getBytes(StandardCharsets.UTF_8));
                try {
                    byte[] content = Files.readAllBytes(entry.resolve(file));
                    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(content.length).array());
                    digest.update(content);
                } catch (IOException absent) {
                    digest.update(ByteBuffer.allocate(Long.BYTES).putLong(-1).array());
                }
            }
            return new Fingerprint(HexFormat.of().formatHex(digest.digest()));
        }
    }

    private IdentityDirectory(Path directory, String mspId, Snapshot snapshot) {
        this.directory = directory;
        this.mspId = mspId;
        this.current = snapshot;
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
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Path entry : identityDirectories(directory)) {
            String name = entry.getFileName().toString();
            Entry loaded = read(entry, name, mspId, Fingerprint.of(entry));
            duplicateOf(loaded, entries.values()).ifPresent(other -> {
                throw new IllegalStateException("identities " + other + " and " + name + " have the same API key");
            });
            entries.put(name, loaded);
        }
        Snapshot snapshot = Snapshot.of(entries);
        log.info("Loaded {} identities ({} with an API key) for {} from {}",
                entries.size(), snapshot.callers().size(), mspId, directory);
        return new IdentityDirectory(directory, mspId, snapshot);
    }

    /**
     * Takes in what changed in the directory since the last look (see the class comment); identities whose files
     * did not change (the same digest) are not loaded again.
     *
     * @return the names added, replaced, dropped and refused by this refresh
     */
    public synchronized Changes refresh() {
        Snapshot before = current;
        List<Path> found;
        try {
            found = identityDirectories(directory);
        } catch (IllegalStateException e) {
            log.warn("Identities not refreshed: {}", e.getMessage());
            return Changes.NONE;
        }
        Map<String, Entry> next = new LinkedHashMap<>();
        Map<Path, Fingerprint> changed = new LinkedHashMap<>();
        for (Path entry : found) {
            String name = entry.getFileName().toString();
            Entry old = before.entries().get(name);
            Fingerprint files = Fingerprint.of(entry);
            if (old != null && old.files().equals(files) || files.equals(refused.get(name))) {
                if (old != null) {
                    next.put(name, old);
                }
            } else {
                changed.put(entry, files);
            }
        }
        List<String> added = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> refusedNow = new ArrayList<>();
        for (Map.Entry<Path, Fingerprint> change : changed.entrySet()) {
            Path entry = change.getKey();
            Fingerprint files = change.getValue();
            String name = entry.getFileName().toString();
            Entry old = before.entries().get(name);
            try {
                Entry loaded = read(entry, name, mspId, files);
                duplicateOf(loaded, next.values()).ifPresent(other -> {
                    throw new IllegalStateException("identity " + name + " has the API key of " + other);
                });
                next.put(name, loaded);
                refused.remove(name);
                (old == null ? added : replaced).add(name);
            } catch (IllegalStateException e) {
                refused.put(name, files);
                refusedNow.add(name);
                if (old != null) {
                    next.put(name, old);
                }
                log.warn("Identity {} not taken in ({}): {}", name,
                        old == null ? "not in use" : "its earlier version stays in use", e.getMessage());
            }
        }
        List<String> dropped = before.entries().keySet().stream().filter(name -> !next.containsKey(name)).toList();
        refused.keySet().retainAll(found.stream().map(path -> path.getFileName().toString()).toList());
        Changes changes = new Changes(added, replaced, dropped, refusedNow);
        if (changes.isEmpty()) {
            return changes;
        }
        Snapshot after = Snapshot.of(next);
        current = after;
        log.info("Identities for {} changed: added {}, replaced {}, dropped {}, refused {}; {} with an API key",
                mspId, added, replaced, dropped, refusedNow, after.callers().size());
        for (Entry old : before.entries().values()) {
            Entry now = after.entries().get(old.identity().name());
            if (now == null || now.identity() != old.identity()) {
                retire(old.identity());
            }
        }
        return changes;
    }

    /**
     * What one {@link #refresh} did, by identity name.
     *
     * @param added    identities that were not loaded before
     * @param replaced identities loaded again because their files changed
     * @param dropped  identities whose directory is gone
     * @param refused  identities whose changed files did not load (an earlier version, if any, stays)
     */
    public record Changes(List<String> added, List<String> replaced, List<String> dropped, List<String> refused) {

        static final Changes NONE = new Changes(List.of(), List.of(), List.of(), List.of());

        public Changes {
            added = List.copyOf(added);
            replaced = List.copyOf(replaced);
            dropped = List.copyOf(dropped);
            refused = List.copyOf(refused);
        }

        public boolean isEmpty() {
            return added.isEmpty() && replaced.isEmpty() && dropped.isEmpty() && refused.isEmpty();
        }
    }

    /**
     * Refreshes every {@code every} on a thread of its own until {@link #close}; a zero period leaves the directory as
     * loaded.
     */
    public synchronized void watch(Duration every) {
        Objects.requireNonNull(every, "every");
        if (every.isZero() || every.isNegative() || watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(EventStreams.threads("identities-watch-"));
        long millis = every.toMillis();
        watcher.scheduleWithFixedDelay(() -> {
            try {
                refresh();
            } catch (RuntimeException e) {
                log.warn("Identities not refreshed", e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops {@link #watch}ing. */
    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            watcher = null;
        }
    }

    /** Called with every identity a refresh drops or replaces, after the directory stopped handing it out. */
    public void onRetired(Consumer<FabricIdentity> listener) {
        retiredListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Whether this identity (this very certificate and key) is still the one loaded under its name. */
    public boolean isCurrent(FabricIdentity identity) {
        Entry entry = current.entries().get(identity.name());
        return entry != null && entry.identity() == identity;
    }

    private void retire(FabricIdentity identity) {
        for (Consumer<FabricIdentity> listener : retiredListeners) {
            try {
                listener.accept(identity);
            } catch (RuntimeException e) {
                log.warn("A listener failed on retired identity {}", identity.name(), e);
            }
        }
    }

    private static Optional<String> duplicateOf(Entry loaded, Collection<Entry> others) {
        if (loaded.apiKeySha256().isEmpty()) {
            return Optional.empty();
        }
        return others.stream()
                .filter(other -> other.apiKeySha256().isPresent()
                        && MessageDigest.isEqual(other.apiKeySha256().get(), loaded.apiKeySha256().get()))
                .map(other -> other.identity().name())
                .findFirst();
    }

    /** Reads an identity; {@code files} is the state of its files taken before reading them. */
    private static Entry read(Path entry, String name, String mspId, Fingerprint files) {
        FabricIdentity identity = readIdentity(entry, name, mspId);
        return new Entry(files, identity, readApiKeyHash(entry));
    }

    /** The identity stored under {@code name}, whether or not it has an API key. */
    public Optional<FabricIdentity> identity(String name) {
        Entry entry = current.entries().get(name);
        return Optional.ofNullable(entry == null ? null : entry.identity());
    }

    /** All identities, by name. */
    public Collection<FabricIdentity> identities() {
        return current.entries().values().stream().map(Entry::identity).toList();
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
        for (Caller caller : current.callers()) {
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
        return sha256().digest(apiKey.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** The sub-directories whose names can be identities; hidden ones (a script's staging area) are skipped. */
    private static List<Path> identityDirectories(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("identities directory " + directory + " does not exist");
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(Files::isDirectory)
                    .filter(path -> !path.getFileName().toString().startsWith("."))
                    .filter(path -> {
                        boolean identity = NAME.matcher(path.getFileName().toString()).matches();
                        if (!identity) {
                            log.warn("Ignoring {} in identities directory: not an identity name", path.getFileName());
                        }
                        return identity;
                    })
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
