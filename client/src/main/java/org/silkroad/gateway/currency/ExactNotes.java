package org.silkroad.gateway.currency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.silkroad.gateway.currency.LedgerRecords.Output;
import org.silkroad.gateway.currency.LedgerRecords.PaymentRecord;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Notes of the caller's own wallet worth <em>exactly</em> an amount, held for a transaction that consumes whole notes
 * (a redemption retires them, a quote's funding becomes its reserve). When the caller's notes do not add up to the
 * amount exactly, it first pays itself: a {@code pay} with output 0 of exactly the amount and output 1 the change,
 * under a payment ID derived from the request's ID. A retry of the request finds that split payment and uses its
 * output 0 again, so the consuming transaction is the same request as the first time and the chaincode's own
 * idempotency answers it.
 */
@Component
class ExactNotes {

    private final CurrencyLedger ledger;
    private final NoteLocks locks;
    private final NoteSpender spender;
    private final CurrencyProperties properties;

    ExactNotes(CurrencyLedger ledger, NoteLocks locks, NoteSpender spender, CurrencyProperties properties) {
        this.ledger = ledger;
        this.locks = locks;
        this.spender = spender;
        this.properties = properties;
    }

    /**
     * Held notes worth exactly an amount; release the lease once the consuming transaction's outcome is known (or
     * {@link NoteLocks.Lease#park park} it under {@code operation} when unknown).
     *
     * @param noteIds        the notes to consume
     * @param splitPaymentId the pay-to-self that made them, or null when existing notes matched exactly
     */
    record Held(NoteLocks.Lease lease, List<String> noteIds, String splitPaymentId) {
    }

    /**
     * @param operation      the consuming operation's ID (e.g. {@code redeem:<requestId>}), under which an attempt
     *                       with an unknown outcome parked its notes
     * @param splitPaymentId the payment ID of the pay-to-self, derived from the request's ID
     * @param alwaysSplit    split even when existing notes add up exactly: for operations whose retry cannot
     *                       otherwise find out which notes the first attempt consumed
     */
    Held exactly(FabricIdentity as, String wallet, Money amount, String operation, String splitPaymentId,
                 boolean alwaysSplit) {
        Optional<PaymentRecord> split = matchingSplit(as, wallet, amount, splitPaymentId);
        if (split.isPresent()) {
            String noteId = split.get().outputs().get(0).noteId();
            return new Held(holdOnly(operation, noteId), List.of(noteId), splitPaymentId);
        }
        Optional<NoteLocks.Lease> earlier = locks.reclaim(operation);
        if (earlier.isPresent()) {
            if (!earlier.get().notes().isEmpty() && earlier.get().total() == amount.minorUnits()) {
                return new Held(earlier.get(), earlier.get().noteIds(), null);
            }
            earlier.get().release();
        }
        if (!alwaysSplit) {
            Optional<NoteLocks.Lease> exact = spender.holdExactly(as, wallet, amount);
            if (exact.isPresent()) {
                return new Held(exact.get(), exact.get().noteIds(), null);
            }
        }
        return split(as, wallet, amount, splitPaymentId);
    }

    private NoteLocks.Lease holdOnly(String operation, String noteId) {
        Optional<NoteLocks.Lease> earlier = locks.reclaim(operation);
        if (earlier.isPresent() && earlier.get().heldIds().equals(List.of(noteId))) {
            return earlier.get();
        }
        earlier.ifPresent(NoteLocks.Lease::release);
        NoteLocks.Lease lease = locks.empty();
        if (!lease.hold(noteId)) {
            throw GatewayProblem.of(HttpStatus.CONFLICT, "REQUEST_IN_PROGRESS",
                    "The same request is being processed; retry with the same ID to get its outcome.").retryable();
        }
        return lease;
    }

    private Held split(FabricIdentity as, String wallet, Money amount, String splitPaymentId) {
        NoteLocks.Lease out = locks.empty();
        try {
            PaymentRecord payment = spender.spend(as, wallet, amount, "split:" + splitPaymentId,
                    new NoteSpender.Spending<>() {
                        @Override
                        public Optional<PaymentRecord> committed() {
                            return matchingSplit(as, wallet, amount, splitPaymentId);
                        }

                        @Override
                        public CurrencyLedger.Submission<PaymentRecord> build(NoteLocks.Lease inputs) {
                            List<LedgerRecords.PayOutput> outputs = new ArrayList<>();
                            outputs.add(new LedgerRecords.PayOutput(wallet, amount.minorUnits()));
                            long change = inputs.total() - amount.minorUnits();
                            if (change > 0) {
                                outputs.add(new LedgerRecords.PayOutput(wallet, change));
                            }
                            CurrencyLedger.Submission<PaymentRecord> submission = ledger.preparePay(as,
                                    new LedgerRecords.Pay(splitPaymentId, amount.currency(), inputs.noteIds(), outputs));
                            // Output 0 is named <txId>:0 before it exists: held now, no other request can choose it
                            // between the commit and its use.
                            out.hold(submission.transactionId() + ":0");
                            return submission;
                        }
                    });
            String noteId = payment.outputs().get(0).noteId();
            if (!out.hold(noteId)) {
                throw GatewayProblem.of(HttpStatus.CONFLICT, "REQUEST_IN_PROGRESS",
                        "The same request is being processed; retry with the same ID to get its outcome.").retryable();
            }
            return new Held(out, List.of(noteId), splitPaymentId);
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * The split payment under this ID, if it was made; checked to be the caller's pay-to-self of exactly the amount.
     *
     * @throws GatewayProblem 409 PAYMENT_ID_REUSED when the ID holds some other payment
     */
    private Optional<PaymentRecord> matchingSplit(FabricIdentity as, String wallet, Money amount, String paymentId) {
        Optional<PaymentRecord> found = ledger.findPayment(as, paymentId);
        if (found.isEmpty()) {
            return found;
        }
        PaymentRecord payment = found.get();
        List<Output> outputs = payment.outputs() == null ? List.of() : payment.outputs();
        boolean matches = wallet.equals(payment.payer()) && amount.currency().equals(payment.currency())
                && "payment".equals(payment.kind()) && !outputs.isEmpty()
                && wallet.equals(outputs.get(0).wallet()) && outputs.get(0).amount() == amount.minorUnits();
        if (!matches) {
            throw GatewayProblem.of(HttpStatus.CONFLICT, "PAYMENT_ID_REUSED", ("Payment %s, which this request uses to "
                    + "split notes, already exists for another payment; use another request ID.").formatted(paymentId));
        }
        return found;
    }

    /**
     * The ID of the pay-to-self a request makes: {@code <prefix>:<requestId>}, or {@code <prefix>:<SHA-256 of that>}
     * when it would be longer than an ID may be. Callers' own payment IDs may not start with {@code split:}.
     */
    static String derivedPaymentId(String prefix, String requestId) {
        String id = prefix + ":" + requestId;
        if (id.length() <= 128) {
            return id;
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return prefix + ":" + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Runs the transaction that consumes held notes and settles their lease by its outcome: retired once it
     * committed, parked under {@code operation} when its outcome is unknown (a retry must find them still held),
     * released when it was refused.
     */
    <T> T consume(Held held, String operation, Supplier<T> transaction) {
        T result;
        try {
            result = transaction.get();
        } catch (LedgerException e) {
            if (NoteSpender.outcomeUnknown(e)) {
                held.lease().park(operation, properties.unknownOutcomeHold());
            } else {
                held.lease().release();
            }
            throw e;
        } catch (RuntimeException e) {
            held.lease().release();
            throw e;
        }
        held.lease().retire();
        return result;
    }
}
