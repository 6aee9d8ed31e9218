package org.silkroad.gateway.system;

/**
 * The outcome of submitting a ping.
 *
 * @param record        the ping as recorded; for a retry, the record of the first submission
 * @param transactionId the transaction this request submitted (for a retry it differs from {@code record.txId()}
 *                      and wrote nothing)
 * @param blockNumber   the block this request's transaction committed in
 */
public record PingReceipt(PingRecord record, String transactionId, long blockNumber) {
}
