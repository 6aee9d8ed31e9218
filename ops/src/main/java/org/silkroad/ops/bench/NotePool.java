package org.silkroad.ops.bench;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One payer's unspent notes as the benchmark's direct path sees them, so that it can choose inputs itself the way the
 * REST gateway does: a note is handed to at most one payment at a time, and never again once that payment may have
 * spent it.
 *
 * <p>Every note ID the pool has ever held stays known, so a note cannot come back after it was spent or written off
 * (e.g. by a second query that still lists it because the spending block is not committed on that peer yet).
 * Synchronised as a whole: a payment takes milliseconds to seconds, a pool operation microseconds.
 */
final class NotePool {

    /** An unspent note: its ID ({@code <txId>:<output index>}) and its amount in minor units. */
    record Note(String id, long amount) {
        Note {
            Objects.requireNonNull(id, "id");
            if (amount <= 0) {
                throw new IllegalArgumentException("note " + id + " has amount " + amount);
            }
        }
    }

    private final String wallet;
    /** FIFO: a note's change goes to the back, so payments spread over all the notes. */
    private final ArrayDeque<Note> available = new ArrayDeque<>();
    private final Map<String, Note> inFlight = new HashMap<>();
    private final Set<String> known = new HashSet<>();
    private long writtenOff;

    NotePool(String wallet) {
        this.wallet = Objects.requireNonNull(wallet, "wallet");
    }

    String wallet() {
        return wallet;
    }

    /**
     * Adds an unspent note.
     *
     * @return false, and nothing changes, if the pool already holds or ever held a note of that ID
     */
    synchronized boolean add(Note note) {
        Objects.requireNonNull(note, "note");
        if (!known.add(note.id())) {
            return false;
        }
        available.addLast(note);
        notifyAll();
        return true;
    }

    /** Takes an available note of at least {@code minAmount}, without waiting. */
    synchronized Optional<Note> tryTake(long minAmount) {
        for (Iterator<Note> it = available.iterator(); it.hasNext(); ) {
            Note note = it.next();
            if (note.amount() >= minAmount) {
                it.remove();
                inFlight.put(note.id(), note);
                return Optional.of(note);
            }
        }
        return Optional.empty();
    }

    /**
     * Takes an available note of at least {@code minAmount}, waiting up to {@code timeoutMillis} for a payment in
     * flight to give one back. Returns at once, empty, when no note in flight could ever satisfy the wait.
     */
    synchronized Optional<Note> take(long minAmount, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            Optional<Note> note = tryTake(minAmount);
            if (note.isPresent() || inFlight.isEmpty()) {
                return note;
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return Optional.empty();
            }
            wait(left);
        }
    }

    /** The payment did not spend the note (refused before ordering, or invalidated at commit): it is available again. */
    synchronized void release(Note note) {
        requireInFlight(note);
        available.addLast(note);
        notifyAll();
    }

    /**
     * The payment committed: the note is gone and its change, if any, is available.
     *
     * @param change the payer's own output of the payment, or null when it paid the note's whole amount
     */
    synchronized void spent(Note note, Note change) {
        requireInFlight(note);
        if (change != null && known.add(change.id())) {
            available.addLast(change);
        }
        notifyAll();
    }

    /**
     * The payment's outcome is unknown (a timeout after ordering) or the ledger says the note is gone: never hand
     * the note out again.
     */
    synchronized void writeOff(Note note) {
        requireInFlight(note);
        writtenOff++;
        notifyAll();
    }

    synchronized int available() {
        return available.size();
    }

    synchronized int inFlight() {
        return inFlight.size();
    }

    synchronized long writtenOff() {
        return writtenOff;
    }

    /** Sum of the available notes, minor units. */
    synchronized long availableAmount() {
        long sum = 0;
        for (Note note : available) {
            sum = Math.addExact(sum, note.amount());
        }
        return sum;
    }

    private void requireInFlight(Note note) {
        Objects.requireNonNull(note, "note");
        if (inFlight.remove(note.id()) == null) {
            throw new IllegalStateException("note " + note.id() + " of " + wallet + " is not in flight");
        }
    }
}
