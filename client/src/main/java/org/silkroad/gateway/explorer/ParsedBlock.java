package org.silkroad.gateway.explorer;

import java.time.Instant;
import java.util.List;

/**
 * What the index keeps of one block, read from its protobuf bytes by {@link BlockParser}. Hashes are lowercase hex.
 *
 * @param signers       the orderer signatures in the block's SIGNATURES metadata: consenter IDs (SmartBFT names the
 *                      signer by its ID) or MSP IDs (Raft puts the signer's certificate in a signature header)
 * @param lastConfig    the number of the configuration block in force for this block
 * @param config        present when this is a configuration block: the states and consenters it defines
 */
record ParsedBlock(long number, String hash, String previousHash, String dataHash, List<String> signers,
                   long lastConfig, List<ParsedTransaction> transactions, ChannelConfig config) {

    /** The time of the block: that of its first transaction (a block header has no time of its own). */
    Instant time() {
        return transactions.stream().map(ParsedTransaction::timestamp).filter(t -> t != null).findFirst().orElse(null);
    }

    /**
     * One envelope of the block, as the index keeps it. What its page shows besides is read again from the stored
     * block ({@link BlockParser#transactionDetail}).
     *
     * @param eventName the name of the chaincode event the transaction emitted, or null
     */
    record ParsedTransaction(int index, String txId, String type, Instant timestamp, String creatorMsp,
                             String creatorName, String validationCode, String chaincode, String function,
                             List<String> endorserMsps, String eventName, List<KeyWrite> writes,
                             List<Term> terms, List<HashHit> hashes) {
    }

    /**
     * A write to a public key, or a hashed write to a private collection (value never known here, only its hash).
     *
     * @param key        the key readable: a composite key's object type and attributes joined by {@code /}
     * @param objectType a composite key's object type, or {@code ""} for a simple key
     * @param valueJson  the public value as text (trimmed to a preview), null for deletes and private writes
     */
    record KeyWrite(String namespace, String collection, String key, String objectType, boolean delete,
                    String valueSha256, String valueJson) {
    }

    /**
     * A business identifier found in a transaction: an attribute of a composite key it wrote, an ID field of its event,
     * or both ({@code inEvent}). Which keys carry it is read from the transaction's writes when asked.
     */
    record Term(String term, boolean inEvent) {
    }

    /** A 64-hex SHA-256 value found in a transaction (a registered document's hash, or a private value's hash). */
    record HashHit(String sha256, String key, String field) {
    }

    /** A configuration block's member states (MSP ID, CA certificates in PEM) and BFT consenters. */
    record ChannelConfig(List<State> states, List<Consenter> consenters) {
        record State(String mspId, List<String> rootCertsPem) {
        }

        record Consenter(int id, String mspId, String host, int port) {
        }
    }
}
