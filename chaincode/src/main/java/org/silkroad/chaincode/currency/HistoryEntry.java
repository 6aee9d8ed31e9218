package org.silkroad.chaincode.currency;

/**
 * One line of a wallet's payment history: which payment touched the wallet. Written under a key that no other
 * transaction writes (wallet, transaction time, payment ID), so recording history never makes two payments conflict.
 *
 * @param paymentId the payment, readable with {@code getPayment}
 * @param kind {@code payment} or {@code cross-border}
 */
record HistoryEntry(String paymentId, String kind) {}
