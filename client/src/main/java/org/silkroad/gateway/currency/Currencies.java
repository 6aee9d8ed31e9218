package org.silkroad.gateway.currency;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.silkroad.gateway.currency.LedgerRecords.CurrencyRecord;
import org.silkroad.gateway.shared.FabricIdentity;
import org.springframework.stereotype.Component;

/**
 * The registered currencies' decimals, which every amount at the REST edge needs. A currency never changes its
 * decimals once registered (the chaincode refuses), so each is read once from the ledger ({@code getCurrency}, as
 * the caller) and kept for the life of the gateway. Unknown codes are not remembered: a currency registered later
 * is found then.
 */
@Component
class Currencies {

    /** What the gateway needs to know of a currency. */
    record Currency(String code, int decimals, String issuerMspId) {
        Currency {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(issuerMspId, "issuerMspId");
        }

        static Currency of(CurrencyRecord record) {
            return new Currency(record.code(), record.decimals(), record.issuerMspId());
        }

        String format(long minorUnits) {
            return Money.format(minorUnits, decimals);
        }

        Money money(long minorUnits) {
            return new Money(code, decimals, minorUnits);
        }
    }

    private final CurrencyLedger ledger;
    private final ConcurrentMap<String, Currency> known = new ConcurrentHashMap<>();

    Currencies(CurrencyLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * The currency registered under {@code code}.
     *
     * @throws org.silkroad.gateway.shared.LedgerException {@code UNKNOWN_CURRENCY} (404) when none is
     */
    Currency require(FabricIdentity as, String code) {
        Currency cached = known.get(code);
        if (cached != null) {
            return cached;
        }
        return remember(ledger.getCurrency(as, code));
    }

    /** Keeps a currency record the gateway has just read or written. */
    Currency remember(CurrencyRecord record) {
        Currency currency = Currency.of(record);
        known.putIfAbsent(currency.code(), currency);
        return currency;
    }

    /** Formats minor units of a currency as a decimal string of major units. */
    String format(FabricIdentity as, String code, long minorUnits) {
        return require(as, code).format(minorUnits);
    }
}
