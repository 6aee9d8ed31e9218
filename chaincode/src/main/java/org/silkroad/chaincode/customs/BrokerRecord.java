package org.silkroad.chaincode.customs;

import org.silkroad.chaincode.shared.WalletId;

/**
 * An importer's appointment of a customs broker, key ({@value CustomsKeys#BROKER}, importer, broker): while it stands
 * the broker may declare imports in the importer's name (and deposits the duty from its own notes).
 *
 * @param importer the importer
 * @param broker the broker, a party of the importer's state
 * @param appointedAt timestamp of the appointment
 * @param appointedTx its transaction
 */
public record BrokerRecord(WalletId importer, WalletId broker, String appointedAt, String appointedTx) {}
