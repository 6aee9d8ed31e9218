package org.silkroad.gateway.currency;

import java.util.List;

import org.silkroad.gateway.currency.CurrencyViews.AuditView;
import org.silkroad.gateway.currency.CurrencyViews.CurrencyView;
import org.silkroad.gateway.currency.CurrencyViews.IssuanceView;
import org.silkroad.gateway.currency.CurrencyViews.RedemptionView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Currencies and their supply: registration, issuance, redemption by amount, audit. */
@Service
class CurrencyService {

    private final CurrencyLedger ledger;
    private final Currencies currencies;
    private final ExactNotes exactNotes;
    private final Render render;

    CurrencyService(CurrencyLedger ledger, Currencies currencies, ExactNotes exactNotes, Render render) {
        this.ledger = ledger;
        this.currencies = currencies;
        this.exactNotes = exactNotes;
        this.render = render;
    }

    CurrencyView register(FabricIdentity caller, CurrencyRequests.RegisterCurrency request) {
        return render.currency(ledger.registerCurrency(caller, request.code(), request.decimals()));
    }

    List<CurrencyView> list(FabricIdentity caller) {
        return ledger.listCurrencies(caller).stream().map(render::currency).toList();
    }

    CurrencyView get(FabricIdentity caller, String code) {
        return render.currency(ledger.getCurrency(caller, code));
    }

    IssuanceView issue(FabricIdentity caller, String code, CurrencyRequests.Issue request) {
        Money amount = Money.parsePositive("amount", request.amount(), currencies.require(caller, code));
        return render.issuance(caller,
                ledger.issue(caller, request.requestId(), code, request.wallet(), amount.minorUnits()));
    }

    /**
     * Retires an amount from the central bank's own wallet. The chaincode retires whole notes, so the gateway first
     * pays the central bank an exact note of the amount (a pay-to-self under {@code split:redeem:<MSP>:<requestId>})
     * and redeems that note. The split is made even when existing notes would add up exactly: a retry must redeem
     * the same notes as the first attempt, and the split payment is how it finds them.
     */
    RedemptionView redeem(FabricIdentity caller, String code, CurrencyRequests.Redeem request) {
        Currencies.Currency currency = currencies.require(caller, code);
        Money amount = Money.parsePositive("amount", request.amount(), currency);
        // Checked here as well as by the chaincode, so that a refused redemption does not split notes first.
        if (!caller.mspId().equals(currency.issuerMspId()) || !caller.role().filter("central-bank"::equals).isPresent()) {
            throw GatewayProblem.of(HttpStatus.FORBIDDEN, "NOT_ISSUER", "%s is redeemed by the central bank of %s only."
                    .formatted(code, currency.issuerMspId()));
        }
        String wallet = Wallets.own(caller);
        String operation = "redeem:" + caller.mspId() + ":" + request.requestId();
        ExactNotes.Held held = exactNotes.exactly(caller, wallet, amount, operation,
                ExactNotes.derivedPaymentId("split:redeem:" + caller.mspId(), request.requestId()), true);
        LedgerRecords.RedemptionRecord record = exactNotes.consume(held, operation,
                () -> ledger.redeem(caller, request.requestId(), code, held.noteIds()));
        return render.redemption(caller, record, held.splitPaymentId());
    }

    AuditView audit(FabricIdentity caller, String code) {
        return render.audit(caller, ledger.audit(caller, code));
    }

    CurrencyViews.HoldersView holders(FabricIdentity caller, String code, String mspId) {
        return render.holders(caller, ledger.holders(caller, code, mspId));
    }
}
