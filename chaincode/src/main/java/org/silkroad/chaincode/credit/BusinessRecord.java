package org.silkroad.chaincode.credit;

import org.silkroad.chaincode.shared.Role;
import org.silkroad.chaincode.shared.WalletId;

/**
 * An identity that registered itself as a business, the only kind of subject a bank may attest about. The role comes
 * from the enrollment certificate its state's CA issued (business or ehub): the state vouched for it being a business
 * when it gave that role; a natural person gets no such role and so cannot register.
 *
 * @param business the identity, {@code <MSP ID>/<enrollment ID>}
 * @param role {@code business} or {@code ehub}
 * @param registeredAt timestamp of the registration
 * @param registeredTx its transaction
 */
public record BusinessRecord(WalletId business, Role role, String registeredAt, String registeredTx) {}
