package org.silkroad.gateway.currency;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import org.silkroad.gateway.currency.LedgerRecords.Note;
import org.silkroad.gateway.currency.LedgerRecords.NotesPage;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.LedgerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Spends a wallet's notes for one transaction, the way ARCHITECTURE.md leaves it to the gateway: read the payer's
 * unspent notes, choose and hold some that no other request of this gateway holds, build and submit the transaction,
 * and release them once its outcome is known.
 *
 * <p>A wallet's notes, once read, are chosen from again for {@code notePoolAge} (the lock table skips those spent
 * through this gateway meanwhile), so a busy payer costs one read per many payments rather than one per payment. The
 * pool is read anew at once when it cannot cover an amount (money received since, change of recent payments) or when
 * the ledger says a chosen note is gone. Requests that find the pool short while a read of that wallet is under way
 * take that read's notes instead of reading too (and read themselves only if those cannot cover them either): a payer
 * with 32 payments in flight drains its pool within a block, and every payment then read the wallet on its own — one
 * read per 4.4 payments in {@code ops bench}'s single-payer scenario.
 *
 * <p>When the ledger answers that a chosen note is gone (NOTE_SPENT, NOTE_NOT_FOUND: the read was stale, or another
 * gateway spent it) or the commit lost a read conflict (MVCC_READ_CONFLICT), the notes are released and the whole
 * step is repeated with fresh notes under the <em>same</em> payment ID, up to {@code paymentAttempts} times. Because
 * a repeat spends other notes, its request differs from the first one; so before every repeat the operation is asked
 * whether an earlier attempt (or an earlier request with the same ID) already committed, and that result is
 * returned instead. An operation that names the chaincode's code for a reused ID (payments: PAYMENT_ID_REUSED) is
 * not asked before its first attempt (one read less per payment): a request whose ID already committed with other
 * notes is refused with that code or finds the funds spent, and both lead to the question before anything is
 * answered. When the outcome of a submit is unknown (deadline, peer unreachable), its notes stay held for
 * {@code unknownOutcomeHold} and the failure goes to the caller, who retries with the same ID: that retry spends the
 * very same notes in the very same request, so the chaincode either returns the first result or applies it once.
 */
@Component
class NoteSpender {

    private static final Logger log = LoggerFactory.getLogger(NoteSpender.class);

    static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    static final String NOTES_TOO_FRAGMENTED = "NOTES_TOO_FRAGMENTED";

    /** Refusals that mean "the notes you chose are gone": choosing again can succeed. */
    private static final Set<String> STALE_NOTES = Set.of("NOTE_SPENT", "NOTE_NOT_FOUND");
    /** Commit validation codes that mean the same. */
    private static final Set<String> READ_CONFLICTS = Set.of("MVCC_READ_CONFLICT", "PHANTOM_READ_CONFLICT");
    /** Most notes read in one unspentNotes call (the chaincode's maximum page). */
    private static final int PAGE = 1000;

    /** One operation that spends notes: a payment, a cross-border payment, a split. */
    interface Spending<T> {
        /**
         * The outcome of this operation if it already committed (an earlier attempt, or an earlier request with
         * the same ID), read from the ledger.
         *
         * @throws GatewayProblem when the ID was used for a different operation
         */
        Optional<T> committed();

        /** Builds the transaction that spends the held notes ({@code inputs.total()} ≥ the amount). */
        CurrencyLedger.Submission<T> build(NoteLocks.Lease inputs);

        /**
         * The code with which the chaincode refuses this operation's ID when a request with other inputs already
         * used it ({@code PAYMENT_ID_REUSED} for payments). When there is one, the first attempt is submitted without
         * asking {@link #committed()} first, and that refusal leads to the question; when there is none (the
         * default), every attempt asks first.
         */
        default Optional<String> reusedIdCode() {
            return Optional.empty();
        }
    }

    /** Unspent notes of one wallet in one currency as read at a moment. */
    private record Pool(NoteSelection.Ordered notes, Instant readAt) {}

    /** Notes read for a request; {@code shared} when another request's read, under way when it asked, gave them. */
    private record Read(NoteSelection.Ordered notes, boolean shared) {}

    private final CurrencyLedger ledger;
    private final NoteLocks locks;
    private final CurrencyProperties properties;
    private final Clock clock;
    /** By {@code <wallet> <currency>}. */
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    /** Reads under way, by {@code <wallet> <currency> <reading identity>}. */
    private final Map<String, CompletableFuture<NoteSelection.Ordered>> reading = new ConcurrentHashMap<>();

    NoteSpender(CurrencyLedger ledger, NoteLocks locks, CurrencyProperties properties, Clock clock) {
        this.ledger = ledger;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Runs one spending operation to its end.
     *
     * @param as       the payer, signing as itself
     * @param payer    the payer's wallet
     * @param amount   what the chosen notes must cover at least
     * @param operation the operation's ID (e.g. {@code pay:<paymentId>}): a retry of an operation whose outcome was
     *                  unknown spends the same notes again
     * @throws GatewayProblem 422 {@value #INSUFFICIENT_FUNDS} when the free notes cannot cover the amount
     *                        (retryable when notes held by requests in progress would), 422
     *                        {@value #NOTES_TOO_FRAGMENTED} when more notes than one transaction may spend would be
     *                        needed
     * @throws LedgerException as the ledger refused the last attempt
     */
    <T> T spend(FabricIdentity as, String payer, Money amount, String operation, Spending<T> spending) {
        int attempts = properties.paymentAttempts();
        for (int attempt = 1; ; attempt++) {
            boolean askFirst = spending.reusedIdCode().isEmpty() || locks.isParked(operation);
            if (attempt > 1 || askFirst) {
                Optional<T> done = spending.committed();
                if (done.isPresent()) {
                    // Notes an earlier request of this operation left held (outcome unknown then) are settled now.
                    locks.reclaim(operation).ifPresent(NoteLocks.Lease::release);
                    if (attempt > 1) {
                        log.info("{}: committed by an earlier attempt; returning it", operation);
                    }
                    return done.get();
                }
            }
            NoteLocks.Lease inputs;
            try {
                inputs = reclaimOrAcquire(as, payer, amount, operation);
            } catch (GatewayProblem e) {
                if (attempt == 1 && !askFirst) {
                    // Not enough money may be because this very operation already spent it: say so if it did.
                    Optional<T> done = spending.committed();
                    if (done.isPresent()) {
                        return done.get();
                    }
                }
                throw e;
            }
            CurrencyLedger.Submission<T> submission;
            try {
                submission = spending.build(inputs);
            } catch (RuntimeException e) {
                inputs.release();
                throw e;
            }
            try {
                T result = submission.submit();
                inputs.retire();
                return result;
            } catch (LedgerException e) {
                if (outcomeUnknown(e)) {
                    inputs.park(operation, properties.unknownOutcomeHold());
                    throw e;
                }
                inputs.release();
                if (staleNotes(e)) {
                    pools.remove(poolKey(payer, amount.currency()));
                }
                if (!chooseAgain(e, spending.reusedIdCode()) || attempt >= attempts) {
                    throw e;
                }
                log.info("{}: attempt {} of {} (tx {}) refused with {}; choosing other notes", operation, attempt,
                        attempts, submission.transactionId(), e.code().orElse(e.kind().name()));
            } catch (RuntimeException e) {
                inputs.release();
                throw e;
            }
        }
    }

    private NoteLocks.Lease reclaimOrAcquire(FabricIdentity as, String payer, Money amount, String operation) {
        Optional<NoteLocks.Lease> earlier = locks.reclaim(operation);
        if (earlier.isPresent()) {
            if (earlier.get().total() >= amount.minorUnits()) {
                log.info("{}: spending the notes of the earlier attempt whose outcome was unknown", operation);
                return earlier.get();
            }
            earlier.get().release();
        }
        return acquire(as, payer, amount);
    }

    /** Holds free notes of the payer that add up to exactly the amount, if a simple choice finds some. */
    Optional<NoteLocks.Lease> holdExactly(FabricIdentity as, String payer, Money amount) {
        Optional<NoteLocks.Lease> pooled = pooled(payer, amount.currency()).flatMap(notes ->
                locks.acquireExactly(notes.notes(), amount.minorUnits(), properties.maxInputs()));
        return pooled.isPresent() ? pooled : locks.acquireExactly(read(as, payer, amount.currency()).notes(),
                amount.minorUnits(), properties.maxInputs());
    }

    private NoteLocks.Lease acquire(FabricIdentity as, String payer, Money amount) {
        Optional<NoteSelection.Ordered> pooled = pooled(payer, amount.currency());
        if (pooled.isPresent()) {
            try {
                return locks.acquire(pooled.get(), amount.minorUnits(), properties.maxInputs());
            } catch (NoteLocks.NotEnough e) {
                // The pool may miss money received since it was read: read again before saying no.
            }
        }
        Read read = readOrJoin(as, payer, amount.currency());
        try {
            return locks.acquire(read.notes(), amount.minorUnits(), properties.maxInputs());
        } catch (NoteLocks.NotEnough e) {
            if (!read.shared()) {
                throw notEnough(payer, amount, e);
            }
            // The shared read began before this request looked: money received since then may be missing from it.
        }
        try {
            return locks.acquire(read(as, payer, amount.currency()), amount.minorUnits(), properties.maxInputs());
        } catch (NoteLocks.NotEnough e) {
            throw notEnough(payer, amount, e);
        }
    }

    /** The wallet's notes from the read of them under way for the same identity, else from a read of its own. */
    private Read readOrJoin(FabricIdentity as, String payer, String currency) {
        String key = poolKey(payer, currency) + " " + as.name();
        CompletableFuture<NoteSelection.Ordered> own = new CompletableFuture<>();
        CompletableFuture<NoteSelection.Ordered> underWay = reading.putIfAbsent(key, own);
        if (underWay != null) {
            try {
                return new Read(underWay.join(), true);
            } catch (CompletionException e) {
                // The reader's failure (peer unreachable, deadline) is this request's too.
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            NoteSelection.Ordered notes = read(as, payer, currency);
            own.complete(notes);
            return new Read(notes, false);
        } catch (RuntimeException e) {
            own.completeExceptionally(e);
            throw e;
        } finally {
            reading.remove(key, own);
        }
    }

    private Optional<NoteSelection.Ordered> pooled(String payer, String currency) {
        Pool pool = pools.get(poolKey(payer, currency));
        if (pool == null || !clock.instant().isBefore(pool.readAt().plus(properties.notePoolAge()))) {
            return Optional.empty();
        }
        return Optional.of(pool.notes());
    }

    /** Reads the payer's unspent notes in the currency, page by page up to {@code candidateNotes}, into the pool. */
    private NoteSelection.Ordered read(FabricIdentity as, String payer, String currency) {
        Instant readAt = clock.instant();
        List<Note> notes = new ArrayList<>();
        String bookmark = null;
        do {
            int limit = Math.min(PAGE, properties.candidateNotes() - notes.size());
            NotesPage page = ledger.unspentNotes(as, payer, currency, limit, bookmark);
            if (page.notes() != null) {
                notes.addAll(page.notes());
            }
            bookmark = page.bookmark();
        } while (bookmark != null && !bookmark.isEmpty() && notes.size() < properties.candidateNotes());
        // Kept in the order the choice considers them: every payment of this payer chooses among them under the lock
        // table's monitor, which then looks only at the notes the choice reaches (sorting a wallet's hundreds of notes
        // there each time, and then looking each of them up, was most of that step's cost).
        NoteSelection.Ordered read = NoteSelection.inChoiceOrder(notes);
        pools.put(poolKey(payer, currency), new Pool(read, readAt));
        return read;
    }

    private static String poolKey(String payer, String currency) {
        return payer + " " + currency;
    }

    private static GatewayProblem notEnough(String payer, Money amount, NoteLocks.NotEnough e) {
        Currencies.Currency currency = new Currencies.Currency(amount.currency(), amount.decimals(), "");
        String needed = amount.toDecimalString() + " " + amount.currency();
        return switch (e.shortfall()) {
            case INSUFFICIENT -> GatewayProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, INSUFFICIENT_FUNDS,
                    "Wallet %s holds %s %s; %s is needed.".formatted(payer,
                            currency.format(saturated(e.free(), e.held())), amount.currency(), needed));
            case HELD_BY_OTHERS -> GatewayProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, INSUFFICIENT_FUNDS,
                    ("Wallet %s has %s %s free to spend; %s is needed. Another %s %s is being spent by requests in "
                            + "progress; its change may make this possible.").formatted(payer,
                            currency.format(e.free()), amount.currency(), needed, currency.format(e.held()),
                            amount.currency())).retryable();
            case TOO_FRAGMENTED -> GatewayProblem.of(HttpStatus.UNPROCESSABLE_CONTENT, NOTES_TOO_FRAGMENTED,
                    ("Wallet %s holds enough, but in more notes than one transaction may spend; pay smaller amounts, "
                            + "or pay yourself to merge notes.").formatted(payer));
        };
    }

    private static long saturated(long a, long b) {
        return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
    }

    /** The transaction may have committed or may still commit: its notes must not be offered to anyone else yet. */
    static boolean outcomeUnknown(LedgerException e) {
        if (!e.mayHaveBeenOrdered()) {
            // Failed at endorsement (a peer down, too few endorsers): its notes are free again at once, rather than
            // held for unknownOutcomeHold. Found by the fault suite, where payers were short of notes after outages.
            return false;
        }
        return switch (e.kind()) {
            case TIMEOUT, UNAVAILABLE, FAILED -> true;
            default -> false;
        };
    }

    /** The ledger says a chosen note is gone: what this gateway read of the wallet is out of date. */
    static boolean staleNotes(LedgerException e) {
        String code = e.code().orElse("");
        return switch (e.kind()) {
            case REJECTED -> STALE_NOTES.contains(code);
            case COMMIT_FAILED -> READ_CONFLICTS.contains(code);
            default -> false;
        };
    }

    /** The transaction did not commit because chosen notes were gone, or because the same ID committed meanwhile. */
    static boolean chooseAgain(LedgerException e, Optional<String> reusedIdCode) {
        return staleNotes(e) || (e.kind() == LedgerException.Kind.REJECTED
                && e.code().flatMap(code -> reusedIdCode.filter(code::equals)).isPresent());
    }
}
