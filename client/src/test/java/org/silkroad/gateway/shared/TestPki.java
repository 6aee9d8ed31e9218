package org.silkroad.gateway.shared;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI for tests, built with Bouncy Castle: a CA, enrollment certificates carrying Fabric CA attributes
 * (extension {@value CertificateAttributes#OID} holding raw JSON, as a Fabric CA writes it), and TLS server
 * certificates.
 */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey) {

        public String certificatePem() {
            return pem(certificate);
        }

        /** The key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), as Fabric CA clients write it. */
        public String privateKeyPem() {
            try {
                return pem(new JcaPKCS8Generator(privateKey, null).generate());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Issued ca;

    private TestPki(Issued ca) {
        this.ca = ca;
    }

    /** A new self-signed CA named {@code commonName}. */
    public static TestPki newCa(String commonName) {
        KeyPair keys = ecKeyPair();
        X500Name name = new X500Name("O=Silkroad Test,CN=" + commonName);
        X509v3CertificateBuilder builder = builder(name, name, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestPki(new Issued(sign(builder, keys.getPrivate()), keys.getPrivate()));
    }

    public Issued ca() {
        return ca;
    }

    /**
     * An enrollment certificate for {@code enrollmentId}, with Fabric CA attributes; {@code role} null leaves out
     * {@code silkroad.role} (as for the gateway's probe identity).
     */
    public Issued enrollment(String enrollmentId, String role) {
        String attrs = "{\"attrs\":{\"hf.Affiliation\":\"\",\"hf.EnrollmentID\":\"" + enrollmentId
                + "\",\"hf.Type\":\"client\"" + (role == null ? "" : ",\"silkroad.role\":\"" + role + "\"") + "}}";
        return withExtension(enrollmentId, attrs.getBytes(StandardCharsets.UTF_8));
    }

    /** A client certificate whose attribute extension holds exactly {@code extensionValue}. */
    public Issued withExtension(String commonName, byte[] extensionValue) {
        KeyPair keys = ecKeyPair();
        X509v3CertificateBuilder builder = builder(issuerName(), new X500Name("OU=client,CN=" + commonName), keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (extensionValue != null) {
                builder.addExtension(new ASN1ObjectIdentifier(CertificateAttributes.OID), false, extensionValue);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(sign(builder, ca.privateKey()), keys.getPrivate());
    }

    /** A TLS server certificate for {@code hostNames}. */
    public Issued tlsServer(List<String> hostNames) {
        KeyPair keys = ecKeyPair();
        X509v3CertificateBuilder builder = builder(issuerName(), new X500Name("CN=" + hostNames.get(0)), keys);
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(hostNames.stream()
                    .map(host -> new GeneralName(GeneralName.dNSName, host)).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Issued(sign(builder, ca.privateKey()), keys.getPrivate());
    }

    private X500Name issuerName() {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
