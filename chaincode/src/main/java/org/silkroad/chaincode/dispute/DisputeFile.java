package org.silkroad.chaincode.dispute;

import org.silkroad.chaincode.escrow.EscrowRecord;

/**
 * The full record of a dispute as the parties and the court read it: the dispute with its evidence references and
 * ruling, and the escrow it concerns.
 *
 * @param dispute the dispute
 * @param escrow the escrow, as it is now
 */
public record DisputeFile(DisputeRecord dispute, EscrowRecord escrow) {}
