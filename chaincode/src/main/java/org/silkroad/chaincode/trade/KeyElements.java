package org.silkroad.chaincode.trade;

import java.util.List;
import java.util.regex.Pattern;
import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.Amounts;
import org.silkroad.chaincode.shared.Identifiers;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.WalletId;

/**
 * The data elements of a document that later steps check (customs cross-checks, the bill of lading's invoice), public
 * on the ledger; the rest of the document stays in its content. Which elements a type needs is {@link #requireFor}.
 *
 * @param currency the currency of amounts and line values (invoice, insurance certificate)
 * @param amount total in minor units (invoice: the sum of the line values; insurance: the insured amount)
 * @param lines goods lines (invoice with values; packing list, certificate of origin without)
 * @param origin ISO 3166 alpha-2 country of origin (certificate of origin)
 * @param portOfLoading UN/LOCODE, 5 characters (bill of lading)
 * @param portOfDischarge UN/LOCODE (bill of lading)
 * @param consignee the party the goods are for, {@code <MSP ID>/<name>}
 * @param invoiceRef the commercial invoice the document belongs to (all but the invoice itself)
 */
public record KeyElements(
        CurrencyCode currency,
        Long amount,
        List<GoodsLine> lines,
        String origin,
        String portOfLoading,
        String portOfDischarge,
        WalletId consignee,
        String invoiceRef) {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern LOCODE = Pattern.compile("[A-Z]{2}[A-Z2-9]{3}");
    static final int MAX_LINES = 200;

    public KeyElements {
        if (lines != null) {
            if (lines.size() > MAX_LINES || lines.stream().anyMatch(java.util.Objects::isNull)) {
                throw LedgerError.INVALID_ARGUMENT.exception("lines must be 1 to %d goods lines", MAX_LINES);
            }
            lines = List.copyOf(lines);
        }
        if (origin != null && !COUNTRY.matcher(origin).matches()) {
            throw LedgerError.INVALID_ARGUMENT.exception("origin %s must be an ISO 3166 alpha-2 code",
                    LedgerError.excerpt(origin));
        }
        for (String port : new String[] {portOfLoading, portOfDischarge}) {
            if (port != null && !LOCODE.matcher(port).matches()) {
                throw LedgerError.INVALID_ARGUMENT.exception("port %s must be a UN/LOCODE (e.g. CNSHA)",
                        LedgerError.excerpt(port));
            }
        }
        if (invoiceRef != null) {
            Identifiers.require("invoiceRef", invoiceRef);
        }
    }

    /**
     * Checks that the elements a document type needs are present and consistent.
     *
     * @param type the document's type
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT}
     */
    void requireFor(DocumentType type) {
        switch (type) {
            case COMMERCIAL_INVOICE -> {
                need(type, "currency", currency);
                need(type, "consignee", consignee);
                needLines(type);
                long sum = 0;
                for (GoodsLine line : lines) {
                    if (line.value() == null) {
                        throw LedgerError.INVALID_ARGUMENT.exception("every invoice line needs a value; %s has none",
                                line.hsCode());
                    }
                    sum = Amounts.add(sum, line.value());
                }
                if (amount == null || amount != sum) {
                    throw LedgerError.INVALID_ARGUMENT.exception(
                            "invoice amount %s must equal the sum of its line values, %d", amount, sum);
                }
            }
            case PACKING_LIST -> {
                needLines(type);
                need(type, "invoiceRef", invoiceRef);
            }
            case CERTIFICATE_OF_ORIGIN -> {
                need(type, "origin", origin);
                needLines(type);
                need(type, "consignee", consignee);
                need(type, "invoiceRef", invoiceRef);
            }
            case INSURANCE_CERTIFICATE -> {
                need(type, "currency", currency);
                Amounts.positive("amount", amount);
                need(type, "invoiceRef", invoiceRef);
            }
            case BILL_OF_LADING -> {
                need(type, "portOfLoading", portOfLoading);
                need(type, "portOfDischarge", portOfDischarge);
                need(type, "consignee", consignee);
                need(type, "invoiceRef", invoiceRef);
            }
        }
        if (type != DocumentType.COMMERCIAL_INVOICE && type != DocumentType.INSURANCE_CERTIFICATE
                && (currency != null || amount != null)) {
            throw LedgerError.INVALID_ARGUMENT.exception("a %s states no currency or amount", type);
        }
    }

    private void needLines(DocumentType type) {
        if (lines == null || lines.isEmpty()) {
            throw LedgerError.INVALID_ARGUMENT.exception("a %s needs at least one goods line", type);
        }
    }

    private static void need(DocumentType type, String field, Object value) {
        if (value == null) {
            throw LedgerError.INVALID_ARGUMENT.exception("a %s needs %s", type, field);
        }
    }
}
