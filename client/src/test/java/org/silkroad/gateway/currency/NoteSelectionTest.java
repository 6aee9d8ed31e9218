package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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

        List<Note> ordered = NoteSelection.inChoiceOrder(notes);

        assertThat(ids(ordered)).containsExactly("b", "a", "e", "c", "d");
        for (long amount : new long[] {1, 45, 50, 100, 165, 215}) {
            assertThat(NoteSelection.choose(ordered, amount, 100)).isEqualTo(NoteSelection.choose(notes, amount, 100));
        }
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
