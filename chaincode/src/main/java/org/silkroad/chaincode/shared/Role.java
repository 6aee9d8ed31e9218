package org.silkroad.chaincode.shared;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * What an identity does for its member state, as its state's Fabric CA wrote it into the enrollment certificate
 * (attribute {@value #ATTRIBUTE}).
 *
 * <p>Values match exactly: {@code "Bank"} or {@code " bank"} is no role at all, because a lenient match would let a
 * CA operator's typo grant a role.
 */
public enum Role {
    CENTRAL_BANK("central-bank"),
    CUSTOMS("customs"),
    BANK("bank"),
    BUSINESS("business"),
    EHUB("ehub"),
    COURT("court"),
    REGULATOR("regulator"),
    DEVICE("device"),
    ADMIN("admin");

    /** The Fabric CA attribute holding the role ({@code fabric-ca-client register --id.attrs silkroad.role=bank:ecert}). */
    public static final String ATTRIBUTE = "silkroad.role";

    private final String attributeValue;

    Role(String attributeValue) {
        this.attributeValue = attributeValue;
    }

    /**
     * The attribute value as the CA writes it and as JSON shows it.
     *
     * @return e.g. {@code "central-bank"}
     */
    @JsonValue
    public String attributeValue() {
        return attributeValue;
    }

    /**
     * Finds the role an attribute value names.
     *
     * @param attributeValue the certificate's {@value #ATTRIBUTE} value; may be null
     * @return the role, or empty when the value is absent or names no role exactly
     */
    public static Optional<Role> fromAttribute(String attributeValue) {
        for (Role role : values()) {
            if (role.attributeValue.equals(attributeValue)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return attributeValue;
    }
}
