package org.silkroad.gateway.currency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.silkroad.gateway.currency.LedgerRecords.Note;

/**
 * The notes this gateway is spending right now. A note chosen for a transaction is held here until the
 * transaction's outcome is known, so that two concurrent requests of one payer never choose the same note (the
 * ledger would accept one and refuse the other with NOTE_SPENT or an MVCC conflict).
 *
 * <p>Choosing and holding happen in one step under this table's monitor; nothing slow (no ledger call) runs under
 * it. Holds are in memory and local to this gateway process: a second gateway instance of the same state, or a
 * restart, does not see them, and then the ledger's own double-spend check (and the spender's retry with other
 * notes) is what keeps payments correct.
 */
final class NoteLocks {

    private final Clock clock;
    private final Duration spentMemory;
    private final Map<String, Lease> held = new HashMap<>();
    /** Notes this gateway saw spent, until a read started before their spending can no longer be in flight. */
    private final Map<String, Instant> retired = new HashMap<>();
    /**
     * The same, in the order they were retired, so that forgetting them looks only at the oldest: under payment load
     * {@link #retired} holds thousands of notes, and scanning it whole under this table's monitor three times per
     * payment made every request wait for the others.
     */
    private final ArrayDeque<Retired> retiredOrder = new ArrayDeque<>();
    /** Leases of submits whose outcome is unknown, by the ID of the operation that made them. */
    private final Map<String, Lease> parked = new HashMap<>();
    /** Every lease that holds its notes until a time (parked ones), which {@link #purgeExpired} lets go. */
    private final Set<Lease> expiring = Collections.newSetFromMap(new IdentityHashMap<>());

    private record Retired(String noteId, Instant until) {}

    /**
     * @param spentMemory how long notes spent through this gateway are still skipped: a list of unspent notes read
     *                    just before a payment committed still names the notes it spent
     */
    NoteLocks(Clock clock, Duration spentMemory) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.spentMemory = Objects.requireNonNull(spentMemory, "spentMemory");
    }

    /** Why notes could not be chosen. */
    enum Shortfall {
        /** The wallet's notes, even those held by other requests, do not add up to the amount. */
        INSUFFICIENT,
        /** They would, but some are held by requests in progress. */
        HELD_BY_OTHERS,
        /** The free notes add up to the amount, but not in as few notes as one transaction may spend. */
        TOO_FRAGMENTED
    }

    /** Notes could not be chosen. */
    static final class NotEnough extends Exception {
        private final Shortfall shortfall;
        private final long free;
        private final long held;

        NotEnough(Shortfall shortfall, long free, long held) {
            super(shortfall + ": " + free + " free, " + held + " held", null, false, false);
            this.shortfall = shortfall;
            this.free = free;
            this.held = held;
        }

        Shortfall shortfall() {
            return shortfall;
        }

        /** Minor units in notes free to spend. */
        long free() {
            return free;
        }

        /** Minor units in notes held by requests in progress. */
        long held() {
            return held;
        }
    }

    /**
     * Chooses (see {@link NoteSelection}) and holds notes worth at least {@code amount} among {@code candidates},
     * skipping notes already held.
     *
     * @throws NotEnough when the free candidates cannot cover the amount
     */
    Lease acquire(List<Note> candidates, long amount, int maxInputs) throws NotEnough {
        return acquire(NoteSelection.inChoiceOrder(candidates), amount, maxInputs);
    }

    /**
     * {@link #acquire(List, long, int)} among notes already in choice order: under this table's monitor, only the
     * notes the choice reaches are looked up in it, not every note of the wallet.
     */
    synchronized Lease acquire(NoteSelection.Ordered candidates, long amount, int maxInputs) throws NotEnough {
        purgeExpired();
        List<Note> chosen = NoteSelection.chooseAmong(candidates, this::isFree, amount, maxInputs);
        if (chosen.isEmpty()) {
            long freeTotal = 0;
            long heldTotal = 0;
            for (Note note : candidates.notes()) {
                if (retired.containsKey(note.noteId())) {
                    continue;
                }
                if (held.containsKey(note.noteId())) {
                    heldTotal = saturatedAdd(heldTotal, note.amount());
                } else {
                    freeTotal = saturatedAdd(freeTotal, note.amount());
                }
            }
            Shortfall why = freeTotal >= amount ? Shortfall.TOO_FRAGMENTED
                    : saturatedAdd(freeTotal, heldTotal) >= amount ? Shortfall.HELD_BY_OTHERS
                    : Shortfall.INSUFFICIENT;
            throw new NotEnough(why, freeTotal, heldTotal);
        }
        Lease lease = new Lease(chosen);
        chosen.forEach(note -> held.put(note.noteId(), lease));
        return lease;
    }

    /** Neither held by a request in progress nor remembered as spent. */
    private boolean isFree(Note note) {
        return !held.containsKey(note.noteId()) && !retired.containsKey(note.noteId());
    }

    /**
     * Holds free notes that add up to exactly {@code amount}, if the choice of {@link NoteSelection} (or a single
     * note of exactly the amount) does; no wider search.
     *
     * @return the lease, or empty when no such notes were found
     */
    synchronized Optional<Lease> acquireExactly(List<Note> candidates, long amount, int maxInputs) {
        purgeExpired();
        List<Note> free = candidates.stream().filter(this::isFree).distinct().toList();
        List<Note> chosen = free.stream().filter(note -> note.amount() == amount)
                .min(java.util.Comparator.comparing(Note::noteId)).map(List::of)
                .orElseGet(() -> NoteSelection.choose(free, amount, maxInputs));
        if (chosen.isEmpty() || NoteSelection.total(chosen) != amount) {
            return Optional.empty();
        }
        Lease lease = new Lease(chosen);
        chosen.forEach(note -> held.put(note.noteId(), lease));
        return Optional.of(lease);
    }

    /** A lease holding nothing yet; {@link Lease#hold} adds notes to it. */
    synchronized Lease empty() {
        return new Lease(List.of());
    }

    /**
     * Takes back the notes an earlier attempt of the same operation held when its outcome became unknown (see
     * {@link Lease#park}), so that the retry can submit exactly the same request: the chaincode then returns the
     * first result if that one committed, and the two cannot both commit.
     *
     * @return the lease, held again until released, or empty when there is none (or it expired)
     */
    synchronized Optional<Lease> reclaim(String operationId) {
        purgeExpired();
        Lease lease = parked.remove(operationId);
        if (lease == null) {
            return Optional.empty();
        }
        expiring.remove(lease);
        lease.until = null;
        lease.released = false;
        return Optional.of(lease);
    }

    /** Whether an earlier attempt of the operation left its notes parked (its outcome unknown then). */
    synchronized boolean isParked(String operationId) {
        purgeExpired();
        return parked.containsKey(operationId);
    }

    /** Whether a note is held now. */
    synchronized boolean isHeld(String noteId) {
        purgeExpired();
        return held.containsKey(noteId);
    }

    /** Whether a note is remembered as spent through this gateway. */
    synchronized boolean isRetired(String noteId) {
        purgeExpired();
        return retired.containsKey(noteId);
    }

    /** How many notes are held now (not counting those remembered as spent). */
    synchronized int size() {
        purgeExpired();
        return held.size();
    }

    /**
     * Lets go of parked leases whose time is up and forgets spent notes remembered long enough. Only leases with a
     * time hold notes that expire, so the held notes are not scanned; spent notes are forgotten oldest first, and a
     * note retired again later (a stale read) is kept until its later time. A clock that goes back only makes a note
     * be remembered longer, which is harmless: it is spent.
     */
    private void purgeExpired() {
        Instant now = clock.instant();
        if (!expiring.isEmpty()) {
            for (Iterator<Lease> leases = expiring.iterator(); leases.hasNext(); ) {
                Lease lease = leases.next();
                if (!now.isBefore(lease.until)) {
                    leases.remove();
                    lease.noteIds.forEach(id -> held.remove(id, lease));
                }
            }
            parked.values().removeIf(lease -> lease.until != null && !now.isBefore(lease.until));
        }
        for (Retired oldest = retiredOrder.peekFirst(); oldest != null && !now.isBefore(oldest.until());
             oldest = retiredOrder.peekFirst()) {
            retiredOrder.removeFirst();
            retired.remove(oldest.noteId(), oldest.until());
        }
    }

    private static long saturatedAdd(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /**
     * Notes held for one transaction (or one operation of several). Release it once the outcome is known; when the
     * outcome is unknown, {@link #park} keeps the notes held for a while instead.
     */
    final class Lease implements AutoCloseable {
        private final List<Note> notes;
        private final Set<String> noteIds = new LinkedHashSet<>();
        private Instant until;
        private boolean released;

        private Lease(List<Note> notes) {
            this.notes = List.copyOf(notes);
            notes.forEach(note -> noteIds.add(note.noteId()));
        }

        /** The notes chosen (not those added with {@link #hold}). */
        List<Note> notes() {
            return notes;
        }

        List<String> noteIds() {
            return notes.stream().map(Note::noteId).toList();
        }

        /** Every note this lease holds: the chosen ones, then those added with {@link #hold}. */
        List<String> heldIds() {
            synchronized (NoteLocks.this) {
                return List.copyOf(noteIds);
            }
        }

        /** The sum of the chosen notes. */
        long total() {
            return NoteSelection.total(notes);
        }

        /**
         * Holds one more note, typically one that a transaction about to be submitted will create
         * ({@code <txId>:<index>}), so that no other request chooses it between its commit and its use.
         *
         * @return false when another lease holds it
         */
        boolean hold(String noteId) {
            synchronized (NoteLocks.this) {
                purgeExpired();
                if (released) {
                    throw new IllegalStateException("lease already released");
                }
                Lease holder = held.get(noteId);
                if (holder != null && holder != this) {
                    return false;
                }
                held.put(noteId, this);
                noteIds.add(noteId);
                return true;
            }
        }

        /**
         * The lease's transaction committed: its notes are spent. They are let go, but remembered as spent for a
         * while, so that a list of unspent notes read before the commit does not offer them again.
         */
        void retire() {
            synchronized (NoteLocks.this) {
                if (released) {
                    return;
                }
                Instant until = clock.instant().plus(spentMemory);
                noteIds.forEach(id -> {
                    retired.put(id, until);
                    retiredOrder.addLast(new Retired(id, until));
                });
                release();
            }
        }

        /** Stops holding every note of this lease. Idempotent. */
        void release() {
            synchronized (NoteLocks.this) {
                if (released) {
                    return;
                }
                released = true;
                noteIds.forEach(id -> held.remove(id, this));
            }
        }

        /**
         * Keeps the notes held for {@code duration} more, then lets them go: for a transaction whose outcome is
         * unknown (it may still commit and spend them). Until then, a retry of the same operation may
         * {@link #reclaim} them.
         */
        void park(String operationId, Duration duration) {
            synchronized (NoteLocks.this) {
                if (released) {
                    return;
                }
                released = true;
                until = clock.instant().plus(duration);
                parked.put(operationId, this);
                expiring.add(this);
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
