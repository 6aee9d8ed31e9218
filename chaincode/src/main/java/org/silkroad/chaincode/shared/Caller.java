package org.silkroad.chaincode.shared;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.hyperledger.fabric.contract.ClientIdentity;
import org.hyperledger.fabric.contract.Context;

/**
 * Who submits or evaluates the current transaction: the member state's MSP ID and the role its CA gave the identity.
 *
 * <p>Both come from the creator's enrollment certificate, which the peer has already validated against the channel's
 * MSP definitions. Access rules are written on (MSP ID, role), never on certificate names, and compare exactly.
 */
public final class Caller {

    /** The attribute Fabric CA puts in every enrollment certificate: the ID the identity was registered under. */
    public static final String ENROLLMENT_ID_ATTRIBUTE = "hf.EnrollmentID";

    private final MspId mspId;
    private final Role role;
    private final String roleAttribute;
    private final String enrollmentId;

    private Caller(MspId mspId, Role role, String roleAttribute, String enrollmentId) {
        this.mspId = mspId;
        this.role = role;
        this.roleAttribute = roleAttribute;
        this.enrollmentId = enrollmentId;
    }

    /**
     * The caller of the transaction in {@code ctx}.
     *
     * @param ctx the transaction context
     * @return the caller
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#FORBIDDEN} when the creator's MSP ID is
     *     not a member state's ({@code <ISO alpha-2>MSP})
     */
    public static Caller of(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        return of(ctx.getClientIdentity());
    }

    /**
     * The caller an identity stands for.
     *
     * @param identity the creator's identity, as the shim parsed it from the signed proposal
     * @return the caller
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#FORBIDDEN} when the MSP ID is not a
     *     member state's ({@code <ISO alpha-2>MSP})
     */
    public static Caller of(ClientIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        String msp = identity.getMSPID();
        if (!MspId.isWellFormed(msp)) {
            throw LedgerError.FORBIDDEN.exception(
                    "caller's MSP ID %s is not a member state's (<ISO 3166 alpha-2 code>MSP)", LedgerError.excerpt(msp));
        }
        String attribute = identity.getAttributeValue(Role.ATTRIBUTE);
        String enrollmentId = identity.getAttributeValue(ENROLLMENT_ID_ATTRIBUTE);
        if (enrollmentId == null) {
            enrollmentId = commonName(identity.getX509Certificate());
        }
        return new Caller(new MspId(msp), Role.fromAttribute(attribute).orElse(null), attribute, enrollmentId);
    }

    /**
     * The ID the caller's CA registered it under: the certificate's {@value #ENROLLMENT_ID_ATTRIBUTE} attribute, or
     * its subject CN when the attribute is absent (Fabric CA makes both the same).
     *
     * @return the enrollment ID, or empty when the certificate has neither
     */
    public Optional<String> enrollmentId() {
        return Optional.ofNullable(enrollmentId);
    }

    /**
     * The caller's own wallet ID, {@code <MSP ID>/<enrollment ID>}. Whether the wallet is open is the ledger's business.
     *
     * @return the wallet ID
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#FORBIDDEN} when the enrollment ID cannot
     *     name a wallet (absent, or not 1 to 128 characters of {@code [A-Za-z0-9._@+:-]})
     */
    public WalletId walletId() {
        if (!WalletId.isWellFormedName(enrollmentId)) {
            throw LedgerError.FORBIDDEN.exception(
                    "caller %s has enrollment ID %s, which cannot name a wallet (1 to 128 characters of [A-Za-z0-9._@+:-])",
                    mspId, LedgerError.excerpt(enrollmentId));
        }
        return new WalletId(mspId, enrollmentId);
    }

    /**
     * The caller's member state.
     *
     * @return the MSP ID from the creator's serialized identity
     */
    public MspId mspId() {
        return mspId;
    }

    /**
     * The caller's role.
     *
     * @return the role, or empty when the certificate has no {@value Role#ATTRIBUTE} attribute or its value names no
     *     role exactly
     */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /**
     * Tells whether the caller has a role.
     *
     * @param candidate the role
     * @return true when the caller's role is exactly {@code candidate}
     */
    public boolean hasRole(Role candidate) {
        return candidate != null && role == candidate;
    }

    /**
     * Checks that the caller has one of the roles.
     *
     * @param allowed the roles that may proceed, at least one
     * @return the caller's role
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#FORBIDDEN} when the caller has none of
     *     them
     */
    public Role requireRole(Role... allowed) {
        if (allowed.length == 0) {
            throw new IllegalArgumentException("requireRole needs at least one role");
        }
        for (Role candidate : allowed) {
            if (hasRole(candidate)) {
                return role;
            }
        }
        throw LedgerError.FORBIDDEN.exception(
                "caller %s has %s=%s, needs one of %s",
                mspId, Role.ATTRIBUTE, LedgerError.excerpt(roleAttribute), Arrays.toString(allowed));
    }

    /**
     * Checks that the caller belongs to a given member state, e.g. the state whose central bank issues a currency.
     *
     * @param expected the member state that may proceed
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@link LedgerError#FORBIDDEN} when the caller is from
     *     another state
     */
    public void requireMspId(MspId expected) {
        Objects.requireNonNull(expected, "expected");
        if (!mspId.equals(expected)) {
            throw LedgerError.FORBIDDEN.exception("caller is from %s, only %s may do this", mspId, expected);
        }
    }

    @Override
    public String toString() {
        return mspId + "/" + (role == null ? "no-role" : role.attributeValue());
    }

    private static String commonName(X509Certificate certificate) {
        if (certificate == null) {
            return null;
        }
        try {
            String commonName = null;
            // RDNs are listed least significant first, so the last CN is the most specific one.
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    commonName = String.valueOf(rdn.getValue());
                }
            }
            return commonName;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
