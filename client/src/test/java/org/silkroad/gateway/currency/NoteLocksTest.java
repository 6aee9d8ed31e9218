package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.silkroad.gateway.currency.LedgerRecords.Note;

class NoteLocksTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final NoteLocks locks = new NoteLocks(clock, Duration.ofMinutes(1));

    private static Note note(String id, long amount) {
        return new Note(id, "CNY", "CNMSP/business-1", amount, "tx");
    }

    private static final List<Note> NOTES = List.of(note("a", 100), note("b", 100), note("c", 50));

    @Test
    void a_held_note_is_not_chosen_again_until_released() throws Exception {
        NoteLocks.Lease first = locks.acquire(NOTES, 100, 100);
        NoteLocks.Lease second = locks.acquire(NOTES, 100, 100);

        assertThat(first.noteIds()).doesNotContainAnyElementsOf(second.noteIds());
        assertThatThrownBy(() -> locks.acquire(NOTES, 100, 100)).isInstanceOfSatisfying(NoteLocks.NotEnough.class,
                e -> assertThat(e.shortfall()).isEqualTo(NoteLocks.Shortfall.HELD_BY_OTHERS));

        first.release();
        assertThat(locks.acquire(NOTES, 100, 100).noteIds()).isEqualTo(first.noteIds());
    }

    @Test
    void spent_notes_are_skipped_for_a_while_even_when_a_stale_list_still_names_them() throws Exception {
        NoteLocks.Lease paid = locks.acquire(NOTES, 100, 100);
        paid.retire();

        assertThat(locks.size()).isZero();
        assertThat(locks.isRetired(paid.noteIds().get(0))).isTrue();
        assertThat(locks.acquire(NOTES, 100, 100).noteIds()).doesNotContainAnyElementsOf(paid.noteIds());
        clock.advance(Duration.ofMinutes(1));
        assertThat(locks.isRetired(paid.noteIds().get(0))).isFalse();
    }

    @Test
    void tells_apart_not_enough_money_held_money_and_too_many_notes() {
        assertThatThrownBy(() -> locks.acquire(NOTES, 251, 100)).isInstanceOfSatisfying(NoteLocks.NotEnough.class,
                e -> assertThat(e.shortfall()).isEqualTo(NoteLocks.Shortfall.INSUFFICIENT));
        assertThatThrownBy(() -> locks.acquire(NOTES, 250, 2)).isInstanceOfSatisfying(NoteLocks.NotEnough.class,
                e -> {
                    assertThat(e.shortfall()).isEqualTo(NoteLocks.Shortfall.TOO_FRAGMENTED);
                    assertThat(e.free()).isEqualTo(250);
                });
    }

    @Test
    void a_parked_lease_is_held_until_it_expires_and_can_be_reclaimed_by_its_operation() throws Exception {
        NoteLocks.Lease lease = locks.acquire(NOTES, 150, 100);
        lease.park("pay:p1", Duration.ofMinutes(2));

        assertThat(locks.isHeld("a")).isTrue();
        assertThat(locks.reclaim("pay:other")).isEmpty();
        NoteLocks.Lease again = locks.reclaim("pay:p1").orElseThrow();
        assertThat(again.noteIds()).isEqualTo(lease.noteIds());
        assertThat(locks.reclaim("pay:p1")).isEmpty();

        again.park("pay:p1", Duration.ofMinutes(2));
        clock.advance(Duration.ofMinutes(2));
        assertThat(locks.size()).isZero();
        assertThat(locks.reclaim("pay:p1")).isEmpty();
    }

    @Test
    void a_note_spent_again_later_is_remembered_until_its_later_time() throws Exception {
        NoteLocks.Lease paid = locks.acquire(NOTES, 50, 100);
        paid.retire();
        clock.advance(Duration.ofSeconds(30));
        NoteLocks.Lease stale = locks.empty();
        assertThat(stale.hold("c")).isTrue();
        stale.retire();

        clock.advance(Duration.ofSeconds(30));
        assertThat(locks.isRetired("c")).isTrue();
        clock.advance(Duration.ofSeconds(30));
        assertThat(locks.isRetired("c")).isFalse();
    }

    @Test
    void a_parked_lease_expires_even_when_another_lease_parked_under_the_same_operation() throws Exception {
        NoteLocks.Lease first = locks.acquire(NOTES, 100, 100);
        NoteLocks.Lease second = locks.acquire(NOTES, 100, 100);
        first.park("pay:p1", Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(10));
        second.park("pay:p1", Duration.ofMinutes(1));

        clock.advance(Duration.ofSeconds(50));
        assertThat(locks.isHeld(first.noteIds().get(0))).isFalse();
        assertThat(locks.isHeld(second.noteIds().get(0))).isTrue();
        clock.advance(Duration.ofSeconds(10));
        assertThat(locks.size()).isZero();
    }

    @Test
    void a_lease_can_hold_a_note_that_does_not_exist_yet() throws Exception {
        NoteLocks.Lease outputs = locks.empty();

        assertThat(outputs.hold("tx9:0")).isTrue();
        assertThat(locks.empty().hold("tx9:0")).isFalse();
        assertThatThrownBy(() -> locks.acquire(List.of(note("tx9:0", 100)), 100, 100))
                .isInstanceOf(NoteLocks.NotEnough.class);
        outputs.release();
        assertThat(locks.acquire(List.of(note("tx9:0", 100)), 100, 100).noteIds()).containsExactly("tx9:0");
    }

    @Test
    void holds_exact_amounts_only_when_a_simple_choice_adds_up() {
        assertThat(locks.acquireExactly(NOTES, 50, 100)).hasValueSatisfying(
                lease -> assertThat(lease.noteIds()).containsExactly("c"));
        assertThat(locks.acquireExactly(NOTES, 200, 100)).hasValueSatisfying(
                lease -> assertThat(lease.total()).isEqualTo(200));
        assertThat(locks.acquireExactly(NOTES, 70, 100)).isEmpty();
        assertThat(locks.size()).isEqualTo(3);
    }
}
