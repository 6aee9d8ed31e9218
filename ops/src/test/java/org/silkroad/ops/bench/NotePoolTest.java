package org.silkroad.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class NotePoolTest {

    private final NotePool pool = new NotePool("CNMSP/bench-001");

    @Test
    void never_hands_the_same_note_to_two_payments_in_flight() throws InterruptedException {
        for (int i = 0; i < 16; i++) {
            pool.add(new NotePool.Note("issue:" + i, 1_000_000));
        }
        Set<String> held = ConcurrentHashMap.newKeySet();
        Set<String> spent = ConcurrentHashMap.newKeySet();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicInteger changeSeq = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 32; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                try {
                    go.await();
                    for (int i = 0; i < 500; i++) {
                        Optional<NotePool.Note> taken = pool.take(1, 5_000);
                        if (taken.isEmpty()) {
                            continue;
                        }
                        NotePool.Note note = taken.get();
                        if (!held.add(note.id()) || spent.contains(note.id())) {
                            violation.compareAndSet(null, note.id());
                        }
                        Thread.onSpinWait();
                        held.remove(note.id());
                        switch (random.nextInt(3)) {
                            case 0 -> pool.release(note);
                            case 1 -> {
                                spent.add(note.id());
                                pool.spent(note, new NotePool.Note("tx" + changeSeq.incrementAndGet() + ":1",
                                        note.amount() - 1));
                            }
                            default -> {
                                spent.add(note.id());
                                // The ledger may still list a spent note: adding it again must not bring it back.
                                pool.writeOff(note);
                                pool.add(note);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(thread);
            thread.start();
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(violation.get()).as("a note handed out twice").isNull();
        assertThat(pool.inFlight()).isZero();
    }

    @Test
    void takes_a_note_that_covers_the_amount_and_puts_change_at_the_back() {
        pool.add(new NotePool.Note("a:0", 5));
        pool.add(new NotePool.Note("b:0", 500));
        pool.add(new NotePool.Note("c:0", 700));

        NotePool.Note taken = pool.tryTake(100).orElseThrow();
        pool.spent(taken, new NotePool.Note("d:1", 400));

        assertThat(taken.id()).isEqualTo("b:0");
        assertThat(pool.tryTake(100)).map(NotePool.Note::id).contains("c:0");
        assertThat(pool.tryTake(100)).map(NotePool.Note::id).contains("d:1");
        assertThat(pool.tryTake(100)).isEmpty();
        assertThat(pool.available()).isEqualTo(1);
    }

    @Test
    void a_released_note_is_available_again_a_written_off_one_never() {
        NotePool.Note a = new NotePool.Note("a:0", 10);
        NotePool.Note b = new NotePool.Note("b:0", 10);
        pool.add(a);
        pool.add(b);

        pool.release(pool.tryTake(1).orElseThrow());
        pool.writeOff(pool.tryTake(1).orElseThrow());

        assertThat(pool.available()).isEqualTo(1);
        assertThat(pool.writtenOff()).isEqualTo(1);
        assertThat(pool.add(b)).isFalse();
        assertThat(pool.add(a)).isFalse();
        assertThat(pool.availableAmount()).isEqualTo(10);
    }

    @Test
    void waits_for_a_note_in_flight_to_come_back() throws InterruptedException {
        pool.add(new NotePool.Note("a:0", 10));
        NotePool.Note first = pool.tryTake(1).orElseThrow();
        Thread giver = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            pool.spent(first, new NotePool.Note("b:1", 9));
        });
        giver.start();

        Optional<NotePool.Note> next = pool.take(1, 5_000);
        giver.join();

        assertThat(next).map(NotePool.Note::id).contains("b:1");
    }

    @Test
    void does_not_wait_when_nothing_in_flight_could_help() throws InterruptedException {
        pool.add(new NotePool.Note("a:0", 10));

        long start = System.nanoTime();
        Optional<NotePool.Note> none = pool.take(11, 10_000);

        assertThat(none).isEmpty();
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void refuses_to_settle_a_note_it_did_not_hand_out() {
        NotePool.Note stranger = new NotePool.Note("x:0", 10);

        assertThatThrownBy(() -> pool.release(stranger)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> pool.spent(stranger, null)).isInstanceOf(IllegalStateException.class);
    }
}
