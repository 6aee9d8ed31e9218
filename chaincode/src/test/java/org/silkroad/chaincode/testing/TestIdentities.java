package org.silkroad.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * Certificates as a member state's Fabric CA issues them, made on the fly: ECDSA P-256, signed by a CA, carrying the
 * Fabric CA attribute extension (OID {@value #FABRIC_ATTRIBUTES_OID}) whose value is the raw JSON
 * {@code {"attrs":{...}}}, exactly as fabric-ca writes it.
 */
public final class TestIdentities {

    /** The extension fabric-ca puts enrollment attributes in. */
    public static final String FABRIC_ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";

    private static final AtomicLong SERIALS = new AtomicLong(1);
    private static final Authority CA = newAuthority("silkroad-test-ca");

    private TestIdentities() {}

    /** A CA key pair and certificate. */
    public record Authority(KeyPair keys, X509Certificate certificate) {}

    /** A key pair and the certificate a CA issued for it. */
    public record Issued(KeyPair keys, X509Certificate certificate) {}

    /**
     * The creator bytes of a transaction submitted by an identity of {@code mspId} with the given role.
     *
     * @param mspId the creator's MSP ID, written into the serialized identity as is
     * @param role the {@code silkroad.role} attribute value, or null for an enrollment certificate without one
     * @return a serialized {@code msp.SerializedIdentity}
     */
    public static byte[] creator(String mspId, String role) {
        Map<String, String> attrs = new TreeMap<>(Map.of(
                "hf.Affiliation", "", "hf.EnrollmentID", "user" + SERIALS.get(), "hf.Type", "client"));
        if (role != null) {
            attrs.put("silkroad.role", role);
        }
        return serializedIdentity(mspId, enrollmentCertificate("user" + SERIALS.get(), attrsExtension(attrs)));
    }

    /**
     * The creator bytes of a transaction submitted by a named identity, as its state's Fabric CA enrolls it: the
     * certificate's CN and its {@code hf.EnrollmentID} attribute are the enrollment ID.
     *
     * @param mspId the creator's MSP ID
     * @param role the {@code silkroad.role} attribute value, or null for none
     * @param enrollmentId the ID the identity was registered under
     * @return a serialized {@code msp.SerializedIdentity}
     */
    public static byte[] creator(String mspId, String role, String enrollmentId) {
        Map<String, String> attrs = new TreeMap<>(Map.of(
                "hf.Affiliation", "", "hf.EnrollmentID", enrollmentId, "hf.Type", "client"));
        if (role != null) {
            attrs.put("silkroad.role", role);
        }
        return serializedIdentity(mspId, enrollmentCertificate(enrollmentId, attrsExtension(attrs)));
    }

    /**
     * Wraps a certificate as Fabric does for a transaction creator: the MSP ID and the certificate in PEM.
     *
     * @param mspId the MSP ID
     * @param certificate the enrollment certificate
     * @return the serialized identity bytes
     */
    public static byte[] serializedIdentity(String mspId, X509Certificate certificate) {
        return SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(pem(certificate), UTF_8))
                .build()
                .toByteArray();
    }

    /**
     * The value fabric-ca writes into the attribute extension.
     *
     * @param attrs attribute names and values
     * @return {@code {"attrs":{...}}} as UTF-8
     */
    public static byte[] attrsExtension(Map<String, String> attrs) {
        String body = new TreeMap<>(attrs).entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{\"attrs\":{", "}}"));
        return body.getBytes(UTF_8);
    }

    /**
     * An enrollment certificate issued by the test CA.
     *
     * @param commonName the subject CN
     * @param attributeExtensionValue the raw value of the attribute extension, or null to leave it out
     * @return the certificate
     */
    public static X509Certificate enrollmentCertificate(String commonName, byte[] attributeExtensionValue) {
        KeyPair keys = newKeyPair();
        return issue(CA, "CN=" + commonName + ",OU=client", keys, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (attributeExtensionValue != null) {
                // The byte[] form puts the bytes themselves in extnValue, as Go's pkix.Extension does.
                builder.addExtension(
                        new ASN1ObjectIdentifier(FABRIC_ATTRIBUTES_OID), false, attributeExtensionValue);
            }
        });
    }

    /**
     * A new CA, e.g. for the TLS material of a chaincode service.
     *
     * @param commonName the CA's CN
     * @return the CA
     */
    public static Authority newAuthority(String commonName) {
        KeyPair keys = newKeyPair();
        Authority self = new Authority(keys, null);
        X509Certificate certificate = issue(self, "CN=" + commonName, keys, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }, "CN=" + commonName);
        return new Authority(keys, certificate);
    }

    /**
     * A TLS server certificate for 127.0.0.1 and localhost.
     *
     * @param ca the issuing CA
     * @return the key pair and certificate
     */
    public static Issued tlsServer(Authority ca) {
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(ca, "CN=localhost", keys, builder -> {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")
            }));
        });
        return new Issued(keys, certificate);
    }

    /**
     * A TLS client certificate, as a peer presents to a chaincode service.
     *
     * @param ca the issuing CA
     * @return the key pair and certificate
     */
    public static Issued tlsClient(Authority ca) {
        KeyPair keys = newKeyPair();
        X509Certificate certificate = issue(ca, "CN=peer0", keys, builder -> builder.addExtension(
                Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)));
        return new Issued(keys, certificate);
    }

    /**
     * PEM text of a certificate.
     *
     * @param certificate the certificate
     * @return {@code -----BEGIN CERTIFICATE-----...}
     */
    public static String pem(X509Certificate certificate) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * PEM text of a private key in PKCS#8, the form Fabric's tools write.
     *
     * @param key the key
     * @return {@code -----BEGIN PRIVATE KEY-----...}
     */
    public static String pem(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new PemObject("PRIVATE KEY", key.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException;
    }

    private static X509Certificate issue(Authority ca, String subject, KeyPair keys, Extensions extensions) {
        return issue(ca, subject, keys, extensions, ca.certificate().getSubjectX500Principal().getName());
    }

    private static X509Certificate issue(
            Authority ca, String subject, KeyPair keys, Extensions extensions, String issuer) {
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(SERIALS.getAndIncrement()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name(subject),
                    keys.getPublic());
            extensions.add(builder);
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder("SHA256withECDSA").build(ca.keys().getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + subject, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
