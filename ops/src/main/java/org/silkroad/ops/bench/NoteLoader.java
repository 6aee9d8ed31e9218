package org.silkroad.ops.bench;

import java.util.ArrayList;
import java.util.List;

import org.silkroad.ops.shared.OpsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A payer's unspent notes read page by page with {@code currency:unspentNotes}, as the payer itself. */
final class NoteLoader {

    static final int PAGE = 1000;
    /** Enough for any payer of a run; a wallet with more (thousands of received small notes) is cut short. */
    static final int MAX_NOTES = 20_000;

    private NoteLoader() {
    }

    /** The payer's notes of at least {@code minAmount}, in the ledger's (note ID) order. */
    static List<NotePool.Note> usable(DirectLedger ledger, String payer, String wallet, String currency,
                                      long minAmount) {
        List<NotePool.Note> notes = new ArrayList<>();
        String bookmark = null;
        int seen = 0;
        do {
            ObjectNode request = DirectPayments.JSON.createObjectNode().put("wallet", wallet)
                    .put("currency", currency).put("limit", PAGE);
            if (bookmark != null) {
                request.put("bookmark", bookmark);
            }
            JsonNode page;
            try {
                page = DirectPayments.JSON.readTree(ledger.evaluate(payer, "currency", "unspentNotes",
                        DirectPayments.JSON.writeValueAsString(request)));
            } catch (DirectLedger.QueryFailed e) {
                throw new OpsException("cannot list the notes of " + wallet + ": " + e.getMessage(), e);
            }
            for (JsonNode note : page.path("notes")) {
                seen++;
                long amount = note.path("amount").asLong();
                if (amount >= minAmount) {
                    notes.add(new NotePool.Note(note.path("noteId").asString(), amount));
                }
            }
            bookmark = page.path("bookmark").asString(null);
        } while (bookmark != null && !bookmark.isEmpty() && seen < MAX_NOTES);
        return notes;
    }
}
