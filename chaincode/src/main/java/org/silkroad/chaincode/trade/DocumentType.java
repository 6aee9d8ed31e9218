package org.silkroad.chaincode.trade;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import org.silkroad.chaincode.shared.LedgerError;

/** The key trade documents the ledger registers (ICC's list, minus those no later step checks). */
public enum DocumentType {
    COMMERCIAL_INVOICE("commercial-invoice"),
    PACKING_LIST("packing-list"),
    CERTIFICATE_OF_ORIGIN("certificate-of-origin"),
    INSURANCE_CERTIFICATE("insurance-certificate"),
    /** Registered only by {@code issueBill}, which also creates the transferable record. */
    BILL_OF_LADING("bill-of-lading");

    private final String value;

    DocumentType(String value) {
        this.value = value;
    }

    /** @return the JSON form, e.g. {@code commercial-invoice} */
    @JsonValue
    public String value() {
        return value;
    }

    /**
     * @param text the JSON form
     * @return the type
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} for anything else
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DocumentType of(String text) {
        for (DocumentType type : values()) {
            if (type.value.equals(text)) {
                return type;
            }
        }
        throw LedgerError.INVALID_ARGUMENT.exception("document type %s is not one of %s", LedgerError.excerpt(text),
                Arrays.stream(values()).map(DocumentType::value).toList());
    }

    @Override
    public String toString() {
        return value;
    }
}
