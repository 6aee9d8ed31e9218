package org.silkroad.chaincode.currency;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/** Results of the currency contract's queries that are not a stored record. */
final class Reports {

    private Reports() {}

    /** {@code listCurrencies}: every registered currency, by code. */
    record CurrencyList(List<CurrencyRecord> currencies) {}

    /**
     * {@code unspentNotes}: one page of a wallet's unspent notes in one currency, in note ID order.
     *
     * @param notes the notes of this page
     * @param total the sum of the amounts of this page's notes
     * @param bookmark present when the page is full: pass it back to read the next page
     */
    record UnspentNotesPage(List<NoteRecord> notes, long total, String bookmark) {}

    /**
     * {@code holders}: what the wallets of one state hold in one currency.
     *
     * @param currency the currency
     * @param mspId the state
     * @param wallets each wallet of the state holding the currency, in wallet ID order
     * @param amount their sum, in minor units
     * @param notes how many unspent notes they hold
     */
    record Holders(CurrencyCode currency, MspId mspId, List<Holder> wallets, long amount, long notes) {}

    /** One wallet in {@link Holders}: its unspent notes of the currency, their sum and count. */
    record Holder(WalletId wallet, long amount, long notes) {}

    /** {@code history}: one page of the payments that touched a wallet, oldest first. */
    record HistoryPage(List<PaymentRecord> payments, String bookmark) {}

    /**
     * {@code balance}: a wallet's holdings per currency, the sum of its unspent notes.
     *
     * @param wallet the wallet
     * @param balances currency code to minor units; currencies it holds no note of are absent
     */
    record Balance(WalletId wallet, Map<String, Long> balances) {
        Balance {
            balances = new TreeMap<>(balances);
        }
    }

    /**
     * {@code audit}: the money invariant of one currency, recomputed from the whole state.
     *
     * @param currency the currency
     * @param issued from the supply record
     * @param redeemed from the supply record
     * @param outstanding issued - redeemed
     * @param unspentNotes sum of the unspent notes of wallets (all but contract accounts)
     * @param quoteReserves sum of the reserves of quotes paying out in the currency (closed quotes hold 0)
     * @param escrowed sum of the unspent notes contract accounts hold (escrow, duty deposits; see {@link Holdings})
     * @param balanced outstanding == unspentNotes + quoteReserves + escrowed
     * @param noteCount how many unspent notes of the currency exist
     */
    record Audit(
            CurrencyCode currency,
            long issued,
            long redeemed,
            long outstanding,
            long unspentNotes,
            long quoteReserves,
            long escrowed,
            boolean balanced,
            long noteCount) {}
}
