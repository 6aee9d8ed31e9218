package org.silkroad.chaincode.currency;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;
import org.silkroad.chaincode.shared.LedgerError;

/**
 * The ID of a note: {@code <ID of the transaction that created it>:<output index>}. Unique because a transaction ID
 * is, and derived from it, so every endorsing peer names a new note alike.
 *
 * @param value the ID
 */
public record NoteId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9]{1,128}:(0|[1-9][0-9]{0,3})");

    /** @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} when not of the form */
    public NoteId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception(
                    "note ID %s is not of the form <txId>:<output index>", LedgerError.excerpt(value));
        }
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static NoteId of(String value) {
        return new NoteId(value);
    }

    /**
     * The ID of a note a transaction creates.
     *
     * @param txId the creating transaction's ID
     * @param outputIndex the note's position among the notes the transaction creates
     * @return {@code <txId>:<outputIndex>}
     */
    public static NoteId of(String txId, int outputIndex) {
        return new NoteId(txId + ":" + outputIndex);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
