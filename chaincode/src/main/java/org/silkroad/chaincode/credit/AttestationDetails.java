package org.silkroad.chaincode.credit;

import org.silkroad.chaincode.currency.CurrencyCode;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/**
 * What a bank attests about a business, as private data. Its canonical JSON, salt included, is what the public record's
 * {@code detailsHash} is the SHA-256 of: whoever is shown these details (the subject passes them to a lender) can check
 * them against the ledger, and without the salt nobody can guess them from the hash.
 *
 * @param attestationId the attestation
 * @param subject the business it is about
 * @param attester the bank that made it
 * @param validFrom start of validity (inclusive), ISO-8601 UTC
 * @param validUntil end of validity (exclusive)
 * @param ratingBand the bank's rating band, e.g. {@code BBB+}
 * @param creditLimit the credit limit, in minor units of {@code currency}
 * @param currency the limit's currency
 * @param basis what the bank based the attestation on (e.g. the trade record computed at a given time)
 * @param salt at least 32 characters of random base64url text chosen by the bank's client
 */
public record AttestationDetails(
        String attestationId,
        WalletId subject,
        WalletId attester,
        String validFrom,
        String validUntil,
        String ratingBand,
        long creditLimit,
        CurrencyCode currency,
        String basis,
        String salt) {

    MspId attesterState() {
        return attester.mspId();
    }
}
