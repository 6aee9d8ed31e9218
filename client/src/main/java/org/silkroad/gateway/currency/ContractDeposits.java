package org.silkroad.gateway.currency;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.Ledger;
import org.springframework.stereotype.Component;

/**
 * Money that another contract's transaction takes from the caller's notes ({@code Holdings.hold} in the chaincode: a
 * customs duty deposit, an escrow's funding), with the same note choice, locking and re-choosing as payments. The
 * feature builds its own transaction around the chosen notes; this only chooses, holds and settles them.
 */
@Component
public class ContractDeposits {

    private final NoteSpender spender;
    private final Currencies currencies;

    ContractDeposits(NoteSpender spender, Currencies currencies) {
        this.spender = spender;
        this.currencies = currencies;
    }

    /**
     * Runs one deposit to its end, as {@code NoteSpender} runs a payment: when the ledger answers that chosen notes
     * are gone, other notes are chosen and the transaction is built again, after asking {@code committed} whether an
     * earlier attempt already went through.
     *
     * @param as         the payer, signing as itself (its own wallet pays)
     * @param currency   the deposit's currency code
     * @param minorUnits what the chosen notes must cover at least
     * @param operation  the operation's ID (e.g. {@code customs:<declarationId>}): a retry after an unknown outcome
     *                   spends the same notes again
     * @param committed  the operation's result if it already committed
     * @param build      the transaction spending the given note IDs, prepared (not yet submitted)
     * @param read       the result from the committed transaction
     * @throws org.silkroad.gateway.shared.GatewayProblem 422 {@code INSUFFICIENT_FUNDS} / {@code NOTES_TOO_FRAGMENTED}
     * @throws org.silkroad.gateway.shared.LedgerException as the ledger refused the last attempt
     */
    public <T> T deposit(FabricIdentity as, String currency, long minorUnits, String operation,
                         Supplier<Optional<T>> committed, Function<List<String>, Ledger.Prepared> build,
                         Function<Ledger.Committed, T> read) {
        Currencies.Currency known = currencies.require(as, currency);
        Money amount = new Money(currency, known.decimals(), minorUnits);
        return spender.spend(as, Wallets.own(as), amount, operation, new NoteSpender.Spending<>() {
            @Override
            public Optional<T> committed() {
                return committed.get();
            }

            @Override
            public CurrencyLedger.Submission<T> build(NoteLocks.Lease inputs) {
                Ledger.Prepared prepared = build.apply(inputs.noteIds());
                return new CurrencyLedger.Submission<>() {
                    @Override
                    public String transactionId() {
                        return prepared.transactionId();
                    }

                    @Override
                    public T submit() {
                        return read.apply(prepared.submit());
                    }
                };
            }
        });
    }
}
