package org.silkroad.chaincode.credit;

/** Composite key object types of the credit contract; the attributes of each are named on its record. */
final class CreditKeys {

    /** (walletId) → {@link BusinessRecord}: an identity that registered itself as a business */
    static final String BUSINESS = "silkroad.credit.business";
    /** (attestationId) → {@link AttestationRecord}, public */
    static final String ATTESTATION = "silkroad.credit.attestation";
    /** (attestationId) → {@link AttestationDetails}, private data, in each collection the details are shared with */
    static final String DETAILS = "silkroad.credit.details";
    /** (attestationId, lender walletId) → {@link ConsentRecord} */
    static final String CONSENT = "silkroad.credit.consent";
    /** (subject walletId, attestationId) → {@link AttestationRecord#attestationId()}; written, never read, by attest */
    static final String BY_SUBJECT = "silkroad.credit.bySubject";
    /** (business walletId, contestId) → {@link ContestRecord} */
    static final String CONTEST = "silkroad.credit.contest";

    private CreditKeys() {}
}
