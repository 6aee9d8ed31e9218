package org.silkroad.chaincode.currency;

/**
 * The marker a spent note leaves, under key ({@value CurrencyKeys#SPENT}, noteId), so that spending it again is
 * refused as {@code NOTE_SPENT} rather than {@code NOTE_NOT_FOUND}. Exactly one of paymentId, redemptionRequestId and
 * quoteId says what spent it.
 *
 * @param noteId the note
 * @param spentTx the spending transaction
 * @param spentAt its timestamp
 * @param paymentId the payment (or cross-border payment) that spent it
 * @param redemptionRequestId the redemption that retired it
 * @param quoteId the quote whose reserve it funded
 */
public record SpentNote(
        NoteId noteId, String spentTx, String spentAt, String paymentId, String redemptionRequestId, String quoteId) {}
