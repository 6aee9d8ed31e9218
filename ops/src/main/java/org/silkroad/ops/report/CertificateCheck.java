package org.silkroad.ops.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import javax.security.auth.x500.X500Principal;

/**
 * When the certificates the network runs with expire. Fabric CA issues enrollment and TLS certificates for a year
 * by default, and an expired one takes its node, or its caller, off the network: every peer refuses an expired
 * signer, TLS handshakes fail. This reads the run folder's PEM files, no node is asked: per state its CA's own
 * certificates ({@code ca/ca-cert.pem}, {@code ca/tls-cert.pem}), every enrollment certificate under an {@code msp/
 * signcerts} (the nodes', the admin's, the registrar's that the operator commands sign with, the chaincode
 * service's), every TLS server certificate ({@code tls/server.crt}), and every identity of the gateway
 * ({@code identities/<name>/cert.pem}). Certificates a state re-keyed or revoked ({@code retired-identities/}) are
 * not the network's any more and are skipped.
 */
final class CertificateCheck {

    /** How long before its expiry a certificate is listed as expiring. */
    static final Duration WARNING = Duration.ofDays(30);

    private final Path runFolder;
    private final Instant now;

    CertificateCheck(Path runFolder, Instant now) {
        this.runFolder = Objects.requireNonNull(runFolder, "runFolder");
        this.now = Objects.requireNonNull(now, "now");
    }

    /** Every certificate of these states' folders, the first to expire first. */
    Report.Certificates check(Collection<String> states) {
        List<Report.CertificateEntry> entries = new ArrayList<>();
        for (String state : states) {
            Path folder = runFolder.resolve(state);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try {
                for (Path file : certificateFiles(folder)) {
                    entries.addAll(read(state, file));
                }
            } catch (IOException e) {
                entries.add(unreadable(state, folder, e));
            }
        }
        entries.sort(Comparator.comparing(Report.CertificateEntry::notAfter,
                Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(Report.CertificateEntry::path));
        return new Report.Certificates(entries, WARNING.toDays());
    }

    private static List<Path> certificateFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder, 4)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> isCertificate(folder.relativize(file)))
                    .sorted()
                    .toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Which files of a state's folder hold the certificates the network runs with (see the class comment). */
    static boolean isCertificate(Path relative) {
        String path = relative.toString().replace('\\', '/');
        if (path.startsWith("retired-identities/")) {
            return false;
        }
        if (path.startsWith("identities/")) {
            return path.matches("identities/[^/]+/cert\\.pem");
        }
        return path.equals("ca/ca-cert.pem") || path.equals("ca/tls-cert.pem")
                || path.matches("([^/]+/)+msp/signcerts/[^/]+\\.pem") || path.matches("([^/]+/)+tls/server\\.crt");
    }

    private List<Report.CertificateEntry> read(String state, Path file) {
        String path = runFolder.relativize(file).toString();
        List<Report.CertificateEntry> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                X509Certificate x509 = (X509Certificate) certificate;
                Instant notAfter = x509.getNotAfter().toInstant();
                String status = notAfter.isBefore(now) ? "expired"
                        : notAfter.isBefore(now.plus(WARNING)) ? "expiring" : "ok";
                entries.add(new Report.CertificateEntry(state, path,
                        x509.getSubjectX500Principal().getName(X500Principal.RFC2253), notAfter,
                        Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400L), status, null));
            }
        } catch (IOException | CertificateException | ClassCastException e) {
            return List.of(unreadable(state, file, e));
        }
        if (entries.isEmpty()) {
            entries.add(new Report.CertificateEntry(state, path, null, null, null, "unreadable",
                    "no certificate in the file"));
        }
        return entries;
    }

    private Report.CertificateEntry unreadable(String state, Path file, Exception e) {
        return new Report.CertificateEntry(state, runFolder.relativize(file).toString(), null, null, null,
                "unreadable", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
}
