package org.silkroad.gateway.currency;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.Ledger;
import org.springframework.stereotype.Component;

/**
 * Money at the REST edge for features whose chaincode contracts hold a caller's notes (escrow; the chaincode side is
 * {@code Holdings}): decimal strings to and from minor units with the currency's registered decimals, and spending the
 * caller's own notes in a transaction of another contract with the same note selection, locking and retries as a
 * payment ({@link NoteSpender}).
 */
@Component
public class ContractFunding {

    private final Currencies currencies;
    private final NoteSpender spender;

    ContractFunding(Currencies currencies, NoteSpender spender) {
        this.currencies = currencies;
        this.spender = spender;
    }

    /**
     * Reads a positive decimal amount of a registered currency.
     *
     * @param field the request field, for the problem detail
     * @return minor units
     * @throws org.silkroad.gateway.shared.GatewayProblem 400 when the text is not a positive amount with at most the
     *     currency's decimals
     * @throws org.silkroad.gateway.shared.LedgerException {@code UNKNOWN_CURRENCY} when no such currency is registered
     */
    public long minorUnits(FabricIdentity as, String field, String decimal, String currency) {
        return Money.parsePositive(field, decimal, currencies.require(as, currency)).minorUnits();
    }

    /**
     * The caller's own wallet ID, {@code <MSP ID>/<enrollment ID>}, as the chaincode names it.
     *
     * @throws org.silkroad.gateway.shared.GatewayProblem 403 when the certificate has no usable enrollment ID
     */
    public String ownWallet(FabricIdentity as) {
        return Wallets.own(as);
    }

    /** Writes minor units of a registered currency as a decimal string ({@code 1234} MYR = {@code "12.34"}). */
    public String decimal(FabricIdentity as, String currency, long minorUnits) {
        return currencies.format(as, currency, minorUnits);
    }

    /**
     * Spends the caller's own notes in another contract's transaction, choosing notes that cover {@code minorUnits}.
     * When chosen notes turn out spent meanwhile, it chooses again under the same operation, after asking whether an
     * earlier attempt already committed.
     *
     * @param operation the operation's ID, e.g. {@code escrow:<escrowId>}, under which notes of an attempt with an
     *     unknown outcome stay held for its retry
     * @param committed the operation's result if it already committed
     * @param build the transaction spending the chosen note IDs (all of them: the contract returns the change)
     * @param read the transaction's result
     * @throws org.silkroad.gateway.shared.GatewayProblem 422 {@code INSUFFICIENT_FUNDS} or {@code NOTES_TOO_FRAGMENTED}
     * @throws org.silkroad.gateway.shared.LedgerException as the ledger refused the last attempt
     */
    public <T> T spend(FabricIdentity as, String currency, long minorUnits, String operation,
                       Supplier<Optional<T>> committed, Function<List<String>, Ledger.Prepared> build,
                       Function<Ledger.Committed, T> read) {
        Money amount = currencies.require(as, currency).money(minorUnits);
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
