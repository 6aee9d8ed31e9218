package org.silkroad.gateway.currency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.silkroad.gateway.currency.LedgerRecords.Note;

/**
 * Which notes pay an amount: as few as possible, with as little change as possible.
 *
 * <p>Notes are taken largest first; as soon as one note can cover what is still missing, the <em>smallest</em> note
 * that covers it is taken instead and the choice ends. So a payment that one note can cover spends the smallest such
 * note (one input, least change, large notes kept for large payments), and one that needs several spends the fewest
 * possible, the last one fitted to the remainder. Example: 100 from notes 60, 50, 45 takes 60 then 45 (change 5).
 * Ties are broken by note ID, so the choice is deterministic.
 */
final class NoteSelection {

    private static final Comparator<Note> LARGEST_FIRST =
            Comparator.comparingLong(Note::amount).reversed().thenComparing(Note::noteId);

    private NoteSelection() {
    }

    /**
     * Chooses notes worth at least {@code amount}.
     *
     * @param available notes free to spend
     * @param amount    minor units to cover, positive
     * @param maxInputs the most notes one transaction may spend
     * @return the notes, or an empty list when the available notes cannot cover the amount in {@code maxInputs}
     *         notes
     */
    static List<Note> choose(List<Note> available, long amount, int maxInputs) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount);
        }
        List<Note> notes = new ArrayList<>(available);
        notes.sort(LARGEST_FIRST);
        List<Note> chosen = new ArrayList<>();
        long missing = amount;
        for (int i = 0; i < notes.size() && chosen.size() < maxInputs; i++) {
            if (notes.get(i).amount() >= missing) {
                int fit = i;
                while (fit + 1 < notes.size() && notes.get(fit + 1).amount() >= missing) {
                    fit++;
                }
                chosen.add(notes.get(fit));
                return chosen;
            }
            chosen.add(notes.get(i));
            missing -= notes.get(i).amount();
        }
        return List.of();
    }

    /**
     * The notes in the order {@link #choose} considers them. A list already in this order is sorted again in one
     * linear pass, so a wallet's notes that are chosen from many times are worth keeping in it.
     */
    static List<Note> inChoiceOrder(List<Note> notes) {
        List<Note> sorted = new ArrayList<>(notes);
        sorted.sort(LARGEST_FIRST);
        return List.copyOf(sorted);
    }

    /** The sum of the notes' amounts, capped at {@link Long#MAX_VALUE}. */
    static long total(List<Note> notes) {
        long total = 0;
        for (Note note : notes) {
            total = total > Long.MAX_VALUE - note.amount() ? Long.MAX_VALUE : total + note.amount();
        }
        return total;
    }
}
