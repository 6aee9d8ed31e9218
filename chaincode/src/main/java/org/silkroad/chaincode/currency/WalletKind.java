package org.silkroad.chaincode.currency;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a wallet is held by. */
public enum WalletKind {
    /** Opened by an identity for itself (any role but device). */
    STANDARD("standard"),
    /** Registered by a business or eHub for a device identity (role device) of its own state; spending is capped. */
    DEVICE("device"),
    /** Money a contract of this chaincode holds (escrow, duty deposit), named {@code <contract>:<id>}; no identity
     * can spend it, only that contract through {@link Holdings}. */
    CONTRACT("contract");

    private final String json;

    WalletKind(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    @Override
    public String toString() {
        return json;
    }
}
