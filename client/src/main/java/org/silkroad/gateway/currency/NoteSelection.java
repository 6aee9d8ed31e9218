package org.silkroad.gateway.currency;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

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
     * @param available notes free to spend, in any order
     * @param amount    minor units to cover, positive
     * @param maxInputs the most notes one transaction may spend
     * @return the notes, or an empty list when the available notes cannot cover the amount in {@code maxInputs}
     *         notes
     */
    static List<Note> choose(List<Note> available, long amount, int maxInputs) {
        return chooseAmong(inChoiceOrder(available), note -> true, amount, maxInputs);
    }

    /**
     * {@link #choose} among the notes of {@code ordered} that {@code usable} accepts, without copying or sorting them:
     * the smallest usable note that covers an amount is found by a binary search and a walk back over the unusable
     * ones, so a wallet's hundreds of notes are not each looked at (and {@code usable} asked about each) per payment.
     */
    static List<Note> chooseAmong(Ordered ordered, Predicate<Note> usable, long amount, int maxInputs) {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be positive: " + amount);
        }
        List<Note> notes = ordered.notes;
        List<Note> chosen = new ArrayList<>();
        long missing = amount;
        int next = 0; // every note before it is chosen or unusable
        while (chosen.size() < maxInputs) {
            // The smallest usable note that covers what is missing: the last such one at or after next.
            for (int i = lastCovering(notes, missing); i >= next; i--) {
                if (usable.test(notes.get(i))) {
                    chosen.add(notes.get(i));
                    return chosen;
                }
            }
            // None covers it: the largest usable note goes in, and the rest is looked for.
            while (next < notes.size() && !usable.test(notes.get(next))) {
                next++;
            }
            if (next == notes.size()) {
                return List.of();
            }
            Note largest = notes.get(next++);
            chosen.add(largest);
            missing -= largest.amount();
        }
        return List.of();
    }

    /** The last index whose note holds at least {@code amount} (amounts never grow along the list), or -1. */
    private static int lastCovering(List<Note> notes, long amount) {
        int low = 0;
        int high = notes.size() - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (notes.get(middle).amount() >= amount) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /**
     * Notes in the order {@link #choose} considers them, each note ID once: what a wallet's notes are kept as when
     * they are chosen from many times.
     */
    static Ordered inChoiceOrder(List<Note> notes) {
        List<Note> sorted = new ArrayList<>(notes);
        sorted.sort(LARGEST_FIRST);
        Set<String> seen = new HashSet<>(2 * sorted.size());
        sorted.removeIf(note -> !seen.add(note.noteId()));
        return new Ordered(List.copyOf(sorted));
    }

    /** Notes in choice order, each once; made only by {@link #inChoiceOrder}. */
    static final class Ordered {
        private final List<Note> notes;

        private Ordered(List<Note> notes) {
            this.notes = notes;
        }

        List<Note> notes() {
            return notes;
        }
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
