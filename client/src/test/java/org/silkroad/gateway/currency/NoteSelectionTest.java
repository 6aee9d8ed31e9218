package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.currency.LedgerRecords.Note;

class NoteSelectionTest {

    private static Note note(String id, long amount) {
        return new Note(id, "CNY", "CNMSP/business-1", amount, "tx");
    }

    private static List<String> ids(List<Note> notes) {
        return notes.stream().map(Note::noteId).toList();
    }

    @Test
    void one_note_that_covers_the_amount_is_the_smallest_such_note() {
        List<Note> notes = List.of(note("a", 500), note("b", 120), note("c", 100), note("d", 30));

        assertThat(ids(NoteSelection.choose(notes, 110, 100))).containsExactly("b");
        assertThat(ids(NoteSelection.choose(notes, 100, 100))).containsExactly("c");
        assertThat(ids(NoteSelection.choose(notes, 130, 100))).containsExactly("a");
    }

    @Test
    void several_notes_are_taken_largest_first_and_the_last_is_fitted_to_the_remainder() {
        List<Note> notes = List.of(note("a", 50), note("b", 60), note("c", 45), note("d", 10));

        assertThat(ids(NoteSelection.choose(notes, 100, 100))).containsExactly("b", "c");
        assertThat(ids(NoteSelection.choose(notes, 165, 100))).containsExactly("b", "a", "c", "d");
    }

    @Test
    void notes_kept_in_choice_order_are_chosen_exactly_as_in_any_other_order() {
        List<Note> notes = List.of(note("d", 10), note("a", 50), note("c", 45), note("e", 50), note("b", 60));

        NoteSelection.Ordered ordered = NoteSelection.inChoiceOrder(notes);

        assertThat(ids(ordered.notes())).containsExactly("b", "a", "e", "c", "d");
        for (long amount : new long[] {1, 45, 50, 100, 165, 215}) {
            assertThat(NoteSelection.choose(ordered.notes(), amount, 100))
                    .isEqualTo(NoteSelection.choose(notes, amount, 100));
        }
    }

    @Test
    void a_note_listed_twice_is_kept_once() {
        List<Note> notes = List.of(note("a", 50), note("b", 60), note("a", 50));

        assertThat(ids(NoteSelection.inChoiceOrder(notes).notes())).containsExactly("b", "a");
        assertThat(NoteSelection.choose(notes, 160, 100)).isEmpty();
    }

    @Test
    void choosing_among_the_usable_notes_is_choosing_from_them_alone() {
        Random random = new Random(20261129);
        for (int trial = 0; trial < 5000; trial++) {
            List<Note> notes = new ArrayList<>();
            Set<String> usable = new HashSet<>();
            int count = random.nextInt(40);
            for (int i = 0; i < count; i++) {
                Note note = note("n" + random.nextInt(60), 1 + random.nextInt(random.nextBoolean() ? 5 : 100));
                notes.add(note);
                if (random.nextInt(3) > 0) {
                    usable.add(note.noteId());
                }
            }
            NoteSelection.Ordered ordered = NoteSelection.inChoiceOrder(notes);
            List<Note> alone = ordered.notes().stream().filter(note -> usable.contains(note.noteId())).toList();
            long amount = 1 + random.nextInt(400);
            int maxInputs = 1 + random.nextInt(5);

            assertThat(NoteSelection.chooseAmong(ordered, note -> usable.contains(note.noteId()), amount, maxInputs))
                    .as("trial %d: %d from %s, usable %s, at most %d inputs", trial, amount, ordered.notes(), usable,
                            maxInputs)
                    .isEqualTo(NoteSelection.choose(alone, amount, maxInputs));
        }
    }

    @Test
    void a_note_that_covers_the_amount_is_found_without_asking_about_every_note() {
        List<Note> notes = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            notes.add(note(String.format("n%04d", i), 1 + i));
        }
        NoteSelection.Ordered ordered = NoteSelection.inChoiceOrder(notes);
        AtomicInteger asked = new AtomicInteger();

        List<Note> chosen = NoteSelection.chooseAmong(ordered, note -> {
            asked.incrementAndGet();
            return !note.noteId().equals("n0499"); // held by another request
        }, 500, 100);

        assertThat(ids(chosen)).containsExactly("n0500");
        assertThat(asked).hasValue(2);
    }

    @Test
    void not_enough_or_too_many_notes_gives_nothing() {
        List<Note> notes = List.of(note("a", 50), note("b", 60));

        assertThat(NoteSelection.choose(notes, 111, 100)).isEmpty();
        assertThat(NoteSelection.choose(notes, 100, 1)).isEmpty();
        assertThat(NoteSelection.choose(List.of(), 1, 100)).isEmpty();
    }

    @Test
    void ties_are_broken_by_note_id() {
        List<Note> notes = List.of(note("z", 10), note("m", 10), note("a", 10));

        assertThat(ids(NoteSelection.choose(notes, 10, 100))).containsExactly("z");
        assertThat(ids(NoteSelection.choose(notes, 20, 100))).containsExactly("a", "z");
    }
}
