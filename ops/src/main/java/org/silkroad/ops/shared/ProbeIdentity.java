package org.silkroad.ops.shared;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.util.Objects;

import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Identity;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.silkroad.fabric.EcdsaSigner;

/**
 * A Fabric identity read from an identities directory ({@code <dir>/cert.pem}, {@code <dir>/key.pem} as PKCS#8),
 * ready to sign proposals. {@link #toString()} never includes the key.
 */
public final class ProbeIdentity {

    /** Each state's plain member identity (no role), kept for health checks and tools. */
    public static final String GATEWAY_PROBE = "gateway-probe";

    private final String name;
    private final Identity identity;
    private final Signer signer;

    private ProbeIdentity(String name, Identity identity, Signer signer) {
        this.name = name;
        this.identity = identity;
        this.signer = signer;
    }

    /**
     * @throws OpsException if the certificate or key is missing or cannot be parsed
     */
    public static ProbeIdentity load(String mspId, Path dir) {
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(dir, "dir");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        try (Reader cert = Files.newBufferedReader(certFile, StandardCharsets.US_ASCII);
             Reader key = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII)) {
            X509Identity identity = new X509Identity(mspId, Identities.readX509Certificate(cert));
            PrivateKey privateKey = Identities.readPrivateKey(key);
            return new ProbeIdentity(dir.getFileName().toString(), identity, EcdsaSigner.of(privateKey));
        } catch (IOException e) {
            throw new OpsException("cannot read identity " + dir + " (cert.pem, key.pem): " + e.getMessage(), e);
        } catch (CertificateException | InvalidKeyException | IllegalArgumentException e) {
            throw new OpsException("identity " + dir + " is not a usable certificate and key: " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Identity identity() {
        return identity;
    }

    public Signer signer() {
        return signer;
    }

    @Override
    public String toString() {
        return "ProbeIdentity[name=" + name + ", mspId=" + identity.getMspId() + "]";
    }
}
