package org.silkroad.gateway.currency;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.silkroad.gateway.currency.CurrencyViews.AuditView;
import org.silkroad.gateway.currency.CurrencyViews.BalanceView;
import org.silkroad.gateway.currency.CurrencyViews.CurrencyView;
import org.silkroad.gateway.currency.CurrencyViews.IssuanceView;
import org.silkroad.gateway.currency.CurrencyViews.LimitView;
import org.silkroad.gateway.currency.CurrencyViews.OutputView;
import org.silkroad.gateway.currency.CurrencyViews.PaymentEventView;
import org.silkroad.gateway.currency.CurrencyViews.PaymentView;
import org.silkroad.gateway.currency.CurrencyViews.QuoteView;
import org.silkroad.gateway.currency.CurrencyViews.RedemptionView;
import org.silkroad.gateway.currency.CurrencyViews.TierView;
import org.silkroad.gateway.currency.CurrencyViews.WalletView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.stereotype.Component;

/** Ledger records (minor units) into REST views (decimal strings of major units, per each amount's currency). */
@Component
class Render {

    private final Currencies currencies;

    Render(Currencies currencies) {
        this.currencies = currencies;
    }

    CurrencyView currency(LedgerRecords.CurrencyRecord record) {
        currencies.remember(record);
        return new CurrencyView(record.code(), record.decimals(), record.issuerMspId(), record.registeredAt(),
                record.registeredTx());
    }

    IssuanceView issuance(FabricIdentity as, LedgerRecords.IssuanceRecord record) {
        return new IssuanceView(record.requestId(), record.currency(), record.wallet(),
                amount(as, record.currency(), record.amount()), record.noteId(), record.txId(), record.timestamp());
    }

    RedemptionView redemption(FabricIdentity as, LedgerRecords.RedemptionRecord record, String splitPaymentId) {
        return new RedemptionView(record.requestId(), record.currency(), record.wallet(),
                amount(as, record.currency(), record.amount()), record.notes(), record.txId(), record.timestamp(),
                splitPaymentId);
    }

    WalletView wallet(FabricIdentity as, LedgerRecords.WalletRecord record) {
        return new WalletView(record.walletId(), record.mspId(), record.kind(), record.tier(), record.frozen(),
                record.frozenReason(), record.owner(),
                record.perPaymentCap() == null ? null : amounts(as, record.perPaymentCap()),
                record.openedAt(), record.openedTx());
    }

    BalanceView balance(FabricIdentity as, LedgerRecords.Balance record) {
        return new BalanceView(record.wallet(),
                record.balances() == null ? Map.of() : amounts(as, record.balances()));
    }

    PaymentView payment(FabricIdentity as, LedgerRecords.PaymentRecord record) {
        return new PaymentView(record.paymentId(), record.kind(), record.payer(), record.currency(), record.inputs(),
                outputs(as, record.outputs()), record.txId(), record.timestamp(), record.quoteId(), record.provider(),
                record.payee(),
                record.baseAmount() == null ? null : amount(as, record.currency(), record.baseAmount()),
                record.quoteCurrency(),
                record.quoteAmount() == null ? null : amount(as, record.quoteCurrency(), record.quoteAmount()),
                record.rateNumerator(), record.rateDenominator(), record.rounding(), record.authority(),
                record.reason());
    }

    PaymentEventView event(FabricIdentity as, long blockNumber, LedgerRecords.PaymentEvent event) {
        return new PaymentEventView(blockNumber, event.paymentId(), event.kind(), event.currency(), event.payer(),
                outputs(as, event.outputs()), event.txId(), event.timestamp(), event.quoteId());
    }

    QuoteView quote(FabricIdentity as, LedgerRecords.QuoteRecord record) {
        Currencies.Currency base = currencies.require(as, record.baseCurrency());
        Currencies.Currency quote = currencies.require(as, record.quoteCurrency());
        return new QuoteView(record.quoteId(), record.provider(), record.baseCurrency(), record.quoteCurrency(),
                Rates.format(record.rateNumerator(), record.rateDenominator(), base.decimals(), quote.decimals()),
                record.rateNumerator(), record.rateDenominator(), base.format(record.maxBase()),
                base.format(record.usedBase()), quote.format(record.reserve()), record.expiresAt(), record.closed(),
                record.funding(), record.publishedAt(), record.publishedTx(), record.closedAt(), record.closedTx(),
                record.returnedNoteId(),
                record.returnedAmount() == null ? null : quote.format(record.returnedAmount()));
    }

    TierView tier(FabricIdentity as, LedgerRecords.TierRecord record) {
        Map<String, LimitView> limits = new TreeMap<>();
        if (record.limits() != null) {
            record.limits().forEach((code, limit) -> limits.put(code, new LimitView(
                    limit.perPayment() == null ? null : amount(as, code, limit.perPayment()),
                    limit.daily() == null ? null : amount(as, code, limit.daily()))));
        }
        return new TierView(record.mspId(), record.tier(), limits, record.updatedAt(), record.updatedTx());
    }

    AuditView audit(FabricIdentity as, LedgerRecords.Audit record) {
        Currencies.Currency currency = currencies.require(as, record.currency());
        return new AuditView(record.currency(), currency.format(record.issued()), currency.format(record.redeemed()),
                currency.format(record.outstanding()), currency.format(record.unspentNotes()),
                currency.format(record.quoteReserves()), currency.format(record.escrowed()), record.balanced(),
                record.noteCount());
    }

    CurrencyViews.HoldersView holders(FabricIdentity as, LedgerRecords.Holders record) {
        Currencies.Currency currency = currencies.require(as, record.currency());
        List<CurrencyViews.HolderView> wallets = record.wallets() == null ? List.of() : record.wallets().stream()
                .map(each -> new CurrencyViews.HolderView(each.wallet(), currency.format(each.amount()), each.notes()))
                .toList();
        return new CurrencyViews.HoldersView(record.currency(), record.mspId(), wallets, currency.format(record.amount()),
                record.notes());
    }

    private List<OutputView> outputs(FabricIdentity as, List<LedgerRecords.Output> outputs) {
        if (outputs == null) {
            return List.of();
        }
        return outputs.stream().map(output -> new OutputView(output.wallet(), output.currency(),
                amount(as, output.currency(), output.amount()), output.noteId())).toList();
    }

    private Map<String, String> amounts(FabricIdentity as, Map<String, Long> byCurrency) {
        Map<String, String> result = new TreeMap<>();
        byCurrency.forEach((code, minor) -> result.put(code, amount(as, code, minor)));
        return result;
    }

    private String amount(FabricIdentity as, String currency, long minorUnits) {
        return currencies.format(as, currency, minorUnits);
    }
}
