package org.silkroad.gateway.shared;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * A Fabric identity the gateway signs with: an enrollment certificate issued by the state's Fabric CA and its key.
 * {@link #toString()} never includes the key.
 */
public final class FabricIdentity {

    /** The attribute Fabric CA puts in every enrollment certificate: the ID the identity was registered under. */
    public static final String ENROLLMENT_ID_ATTRIBUTE = "hf.EnrollmentID";

    private final String name;
    private final String mspId;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final CertificateAttributes attributes;

    /**
     * @throws IllegalArgumentException if the certificate's attribute extension is malformed
     */
    public FabricIdentity(String name, String mspId, X509Certificate certificate, PrivateKey privateKey) {
        this.name = Objects.requireNonNull(name, "name");
        this.mspId = Objects.requireNonNull(mspId, "mspId");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.attributes = CertificateAttributes.of(certificate);
    }

    /** The identity's directory name in the identities directory, e.g. {@code business-1}. */
    public String name() {
        return name;
    }

    public String mspId() {
        return mspId;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The Silkroad role from the certificate's Fabric CA attributes; the chaincode authorises on the same value. */
    public Optional<String> role() {
        return attributes.role();
    }

    public CertificateAttributes attributes() {
        return attributes;
    }

    /**
     * The ID the state's Fabric CA registered this identity under: the certificate's {@code hf.EnrollmentID}
     * attribute, else its subject CN (Fabric CA makes both the same). The chaincode reads it the same way, e.g. to name
     * the caller's own wallet {@code <MSP ID>/<enrollment ID>}.
     */
    public Optional<String> enrollmentId() {
        Optional<String> attribute = attributes.get(ENROLLMENT_ID_ATTRIBUTE);
        if (attribute.isPresent()) {
            return attribute;
        }
        try {
            String commonName = null;
            // RDNs are listed least significant first, so the last CN is the most specific one.
            for (Rdn rdn : new LdapName(subject()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    commonName = String.valueOf(rdn.getValue());
                }
            }
            return Optional.ofNullable(commonName);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /** The certificate subject in RFC 2253 form. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    @Override
    public String toString() {
        return "FabricIdentity[name=" + name + ", mspId=" + mspId + "]";
    }
}
