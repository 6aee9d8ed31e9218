package org.silkroad.gateway.shared;

import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1OctetString;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The attributes a Fabric CA writes into an enrollment certificate: a non-critical extension with OID
 * {@value #OID} whose value is the raw JSON {@code {"attrs":{"name":"value",...}}} (not DER inside the octet string).
 * The chaincode authorises on the same attributes, so the gateway reads them rather than trusting a side file.
 */
public final class CertificateAttributes {

    /** Fabric CA's attribute extension. */
    public static final String OID = "1.2.3.4.5.6.7.8.1";

    /** The attribute naming a caller's role in Silkroad (business, bank, customs, ...). */
    public static final String ROLE = "silkroad.role";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> attributes;

    private CertificateAttributes(Map<String, String> attributes) {
        this.attributes = Map.copyOf(attributes);
    }

    /**
     * Reads the attributes of a certificate.
     *
     * @return the attributes; empty if the certificate carries no attribute extension
     * @throws IllegalArgumentException if the extension is present but is not the JSON a Fabric CA writes
     */
    public static CertificateAttributes of(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        byte[] extension = certificate.getExtensionValue(OID);
        if (extension == null) {
            return new CertificateAttributes(Map.of());
        }
        JsonNode root;
        try {
            byte[] json = ASN1OctetString.getInstance(extension).getOctets();
            root = JSON.readTree(json);
        } catch (IllegalArgumentException | JacksonException e) {
            throw new IllegalArgumentException("attribute extension " + OID + " is not Fabric CA attribute JSON", e);
        }
        JsonNode attrs = root.path("attrs");
        if (!attrs.isObject()) {
            throw new IllegalArgumentException("attribute extension " + OID + " has no \"attrs\" object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : attrs.properties()) {
            if (!attribute.getValue().isString()) {
                throw new IllegalArgumentException("attribute " + attribute.getKey() + " is not a string");
            }
            values.put(attribute.getKey(), attribute.getValue().asString());
        }
        return new CertificateAttributes(values);
    }

    /** The value of an attribute, if the certificate carries it. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The Silkroad role ({@value #ROLE}), if the certificate carries one. */
    public Optional<String> role() {
        return get(ROLE).filter(role -> !role.isBlank());
    }

    /** All attributes, by name. */
    public Map<String, String> asMap() {
        return attributes;
    }
}
