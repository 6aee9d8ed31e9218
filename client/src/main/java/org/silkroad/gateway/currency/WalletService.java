package org.silkroad.gateway.currency;

import java.util.Map;
import java.util.TreeMap;

import org.silkroad.gateway.currency.CurrencyViews.BalanceView;
import org.silkroad.gateway.currency.CurrencyViews.TierView;
import org.silkroad.gateway.currency.CurrencyViews.WalletView;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Wallets and what central banks set on them: tiers, freezes; devices registered by businesses. */
@Service
class WalletService {

    private final CurrencyLedger ledger;
    private final Currencies currencies;
    private final Render render;

    WalletService(CurrencyLedger ledger, Currencies currencies, Render render) {
        this.ledger = ledger;
        this.currencies = currencies;
        this.render = render;
    }

    WalletView open(FabricIdentity caller) {
        return render.wallet(caller, ledger.openWallet(caller));
    }

    WalletView get(FabricIdentity caller, String wallet) {
        return render.wallet(caller, ledger.getWallet(caller, wallet));
    }

    BalanceView balance(FabricIdentity caller, String wallet) {
        return render.balance(caller, ledger.balance(caller, wallet));
    }

    TierView setTier(FabricIdentity caller, String tier, CurrencyRequests.Tier request) {
        Map<String, LedgerRecords.TierLimit> limits = new TreeMap<>();
        request.limits().forEach((code, limit) -> {
            if (limit.perPayment() == null && limit.daily() == null) {
                throw GatewayProblem.of(HttpStatus.BAD_REQUEST, "INVALID_ARGUMENT",
                        "limits.%s needs perPayment, daily or both".formatted(code)).with("field", "limits." + code);
            }
            Currencies.Currency currency = currencies.require(caller, code);
            limits.put(code, new LedgerRecords.TierLimit(
                    limit.perPayment() == null ? null
                            : Money.parsePositive("limits." + code + ".perPayment", limit.perPayment(), currency)
                            .minorUnits(),
                    limit.daily() == null ? null
                            : Money.parsePositive("limits." + code + ".daily", limit.daily(), currency).minorUnits()));
        });
        return render.tier(caller, ledger.setTier(caller, new LedgerRecords.SetTier(tier, limits)));
    }

    WalletView assignTier(FabricIdentity caller, String wallet, String tier) {
        return render.wallet(caller, ledger.assignTier(caller, wallet, tier));
    }

    WalletView freeze(FabricIdentity caller, String wallet, String reason) {
        return render.wallet(caller, ledger.freeze(caller, wallet, reason));
    }

    WalletView unfreeze(FabricIdentity caller, String wallet) {
        return render.wallet(caller, ledger.unfreeze(caller, wallet));
    }

    WalletView registerDevice(FabricIdentity caller, String deviceId, CurrencyRequests.Device request) {
        Map<String, Long> caps = new TreeMap<>();
        request.caps().forEach((code, cap) -> caps.put(code,
                Money.parsePositive("caps." + code, cap, currencies.require(caller, code)).minorUnits()));
        return render.wallet(caller, ledger.registerDevice(caller, new LedgerRecords.RegisterDevice(deviceId, caps)));
    }
}
