package org.silkroad.gateway.currency;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.silkroad.gateway.currency.CurrencyViews.PaymentView;
import org.silkroad.gateway.currency.LedgerRecords.Output;
import org.silkroad.gateway.currency.LedgerRecords.PaymentRecord;
import org.silkroad.gateway.currency.LedgerRecords.QuoteRecord;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Payments from the caller's own wallet, in one currency or through a quote. The gateway chooses the notes
 * ({@link NoteSpender}); the payment ID makes a retry safe: whatever committed under it first is the answer.
 */
@Service
class PaymentService {

    static final String PAYMENT = "payment";
    static final String CROSS_BORDER = "cross-border";
    static final String RECOVERY = "recovery";
    /** The chaincode's refusal of a payment ID already used with other notes. */
    static final String PAYMENT_ID_REUSED = "PAYMENT_ID_REUSED";

    private final CurrencyLedger ledger;
    private final Currencies currencies;
    private final NoteSpender spender;
    private final Render render;
    private final WalletAccess access;

    PaymentService(CurrencyLedger ledger, Currencies currencies, NoteSpender spender, Render render,
                   WalletAccess access) {
        this.ledger = ledger;
        this.currencies = currencies;
        this.spender = spender;
        this.render = render;
        this.access = access;
    }

    /**
     * Pays {@code amount} to the payee; output 0 is the payee's note, output 1 (if any) the payer's change.
     */
    PaymentView pay(FabricIdentity caller, CurrencyRequests.Payment request) {
        requireCallerPaymentId(request.paymentId());
        Money amount = Money.parsePositive("amount", request.amount(), currencies.require(caller, request.currency()));
        String payer = Wallets.own(caller);
        String payee = request.payee();
        PaymentRecord record = spender.spend(caller, payer, amount, "pay:" + request.paymentId(),
                new NoteSpender.Spending<>() {
                    @Override
                    public Optional<String> reusedIdCode() {
                        return Optional.of(PAYMENT_ID_REUSED);
                    }

                    @Override
                    public Optional<PaymentRecord> committed() {
                        return ledger.findPayment(caller, request.paymentId()).map(found -> {
                            if (!samePayment(found, payer, payee, amount)) {
                                throw reused(request.paymentId());
                            }
                            return found;
                        });
                    }

                    @Override
                    public CurrencyLedger.Submission<PaymentRecord> build(NoteLocks.Lease inputs) {
                        List<LedgerRecords.PayOutput> outputs = new ArrayList<>();
                        outputs.add(new LedgerRecords.PayOutput(payee, amount.minorUnits()));
                        long change = inputs.total() - amount.minorUnits();
                        if (change > 0) {
                            outputs.add(new LedgerRecords.PayOutput(payer, change));
                        }
                        return ledger.preparePay(caller, new LedgerRecords.Pay(request.paymentId(), amount.currency(),
                                inputs.noteIds(), outputs));
                    }
                });
        return render.payment(caller, record);
    }

    /** One page of the payments that touched a wallet (as payer, payee, provider or change), oldest first. */
    CurrencyViews.PaymentPage history(FabricIdentity caller, String wallet, Integer limit, String bookmark) {
        access.requirePaymentsVisible(caller, wallet);
        LedgerRecords.HistoryPage page = ledger.history(caller, wallet, limit, bookmark);
        List<PaymentView> payments = page.payments() == null ? List.of()
                : page.payments().stream().map(record -> render.payment(caller, record)).toList();
        return new CurrencyViews.PaymentPage(payments,
                page.bookmark() == null || page.bookmark().isEmpty() ? null : page.bookmark());
    }

    PaymentView get(FabricIdentity caller, String paymentId) {
        return ledger.findPayment(caller, paymentId).map(record -> render.payment(caller, record))
                .orElseThrow(() -> GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND",
                        "No payment " + paymentId + " is recorded."));
    }

    /**
     * Pays {@code amount} of the quote's base currency to its provider; the payee receives floor(amount × rate) of
     * the quote currency from the quote's reserve, in the same transaction.
     */
    PaymentView crossBorderPay(FabricIdentity caller, CurrencyRequests.CrossBorderPayment request) {
        requireCallerPaymentId(request.paymentId());
        QuoteRecord quote = ledger.getQuote(caller, request.quoteId());
        Money amount = Money.parsePositive("amount", request.amount(), currencies.require(caller, quote.baseCurrency()));
        String payer = Wallets.own(caller);
        PaymentRecord record = spender.spend(caller, payer, amount, "cross-border:" + request.paymentId(),
                new NoteSpender.Spending<>() {
                    @Override
                    public Optional<String> reusedIdCode() {
                        return Optional.of(PAYMENT_ID_REUSED);
                    }

                    @Override
                    public Optional<PaymentRecord> committed() {
                        return ledger.findPayment(caller, request.paymentId()).map(found -> {
                            boolean same = CROSS_BORDER.equals(found.kind()) && payer.equals(found.payer())
                                    && request.quoteId().equals(found.quoteId())
                                    && request.payee().equals(found.payee())
                                    && Objects.equals(found.baseAmount(), amount.minorUnits());
                            if (!same) {
                                throw reused(request.paymentId());
                            }
                            return found;
                        });
                    }

                    @Override
                    public CurrencyLedger.Submission<PaymentRecord> build(NoteLocks.Lease inputs) {
                        return ledger.prepareCrossBorderPay(caller, new LedgerRecords.CrossBorderPay(
                                request.paymentId(), request.quoteId(), inputs.noteIds(), amount.minorUnits(),
                                request.payee()));
                    }
                });
        return render.payment(caller, record);
    }

    /** Whether a recorded payment is the one this request asks for (a retry), whatever notes it spent. */
    private static boolean samePayment(PaymentRecord found, String payer, String payee, Money amount) {
        if (!PAYMENT.equals(found.kind()) || !payer.equals(found.payer())
                || !amount.currency().equals(found.currency())) {
            return false;
        }
        List<Output> outputs = found.outputs() == null ? List.of() : found.outputs();
        if (payee.equals(payer)) {
            return outputs.stream().anyMatch(o -> payee.equals(o.wallet()) && o.amount() == amount.minorUnits());
        }
        long toPayee = outputs.stream().filter(o -> payee.equals(o.wallet())).mapToLong(Output::amount).sum();
        return toPayee == amount.minorUnits();
    }

    private static GatewayProblem reused(String paymentId) {
        return GatewayProblem.of(HttpStatus.CONFLICT, PAYMENT_ID_REUSED,
                "Payment ID %s was already used for a different payment.".formatted(paymentId));
    }

    private static void requireCallerPaymentId(String paymentId) {
        if (paymentId.startsWith("split:")) {
            throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                    "Payment IDs starting with split: are reserved for the gateway's own note splits.")
                    .with("field", "paymentId");
        }
    }
}
