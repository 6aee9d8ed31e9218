package org.silkroad.gateway.shared;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ledger as the REST features see it: run a chaincode transaction as a given identity, or follow the chaincode's
 * events as that identity. The real implementation is {@link FabricLedger}; tests substitute an in-memory one.
 *
 * <p>Every failure is a {@link LedgerException} that says what went wrong in ledger terms (chaincode rejected,
 * peer unreachable, commit invalidated, ...) so that the REST layer can map it without knowing Fabric.
 */
public interface Ledger {

    /**
     * Evaluates (queries) a transaction on the state's peer; nothing is ordered or committed.
     *
     * @param as          the identity that signs the proposal
     * @param contract    the contract within the chaincode, e.g. {@code system}
     * @param transaction the transaction function, e.g. {@code readPing}
     * @param arguments   string arguments (JSON where the chaincode expects JSON)
     * @return the transaction result
     * @throws LedgerException if the chaincode rejects the call or the peer cannot be reached in time
     */
    default byte[] evaluate(FabricIdentity as, String contract, String transaction, String... arguments) {
        return evaluate(as, contract, transaction, Map.of(), arguments);
    }

    /**
     * Evaluates a transaction that also receives transient data: private content (attestation details, document
     * content) the chaincode reads from the proposal but that is never part of the transaction or the ledger.
     *
     * @param transientData named private inputs, possibly empty
     * @see #evaluate(FabricIdentity, String, String, String...)
     */
    byte[] evaluate(FabricIdentity as, String contract, String transaction, Map<String, byte[]> transientData,
                    String... arguments);

    /**
     * Endorses, orders and waits for the commit of a transaction.
     *
     * @return the result returned by the chaincode at endorsement, with the transaction ID and the block it
     *         committed in
     * @throws LedgerException if endorsement is refused, ordering fails, the commit status cannot be obtained in
     *                         time, or the transaction is invalidated at commit; it carries the transaction ID
     *                         whenever one was assigned
     */
    default Committed submit(FabricIdentity as, String contract, String transaction, String... arguments) {
        return prepare(as, contract, transaction, arguments).submit();
    }

    /**
     * Builds a transaction without sending it, so that its ID is known before anything reaches the ledger (the
     * chaincode derives IDs from it, e.g. of the notes a payment creates).
     *
     * @return the transaction, to be submitted at most once
     */
    default Prepared prepare(FabricIdentity as, String contract, String transaction, String... arguments) {
        return prepare(as, contract, transaction, Map.of(), arguments);
    }

    /**
     * Builds a transaction whose proposal carries transient data: private content (a document, a pledge's terms,
     * attestation details) the chaincode reads at endorsement and that never enters the transaction or a block.
     * Fabric's gateway then sends the proposal only to peers of the states in the private data collections the
     * transaction writes.
     *
     * @param transientData transient data by key; may be empty
     * @return the transaction, to be submitted at most once
     */
    default Prepared prepare(FabricIdentity as, String contract, String transaction,
                             Map<String, byte[]> transientData, String... arguments) {
        return prepare(as, contract, transaction, transientData, List.of(), arguments);
    }

    /**
     * Builds a transaction with transient data that only the named organisations' peers endorse. With transient data
     * and no such list, the Fabric Gateway sends the proposal only to members of the collections it writes, which
     * cannot satisfy a majority policy when the collection is one state's own; naming the organisations is the
     * client's explicit choice of who may see the transient data while executing it.
     *
     * @param endorsingOrganizations MSP IDs of the organisations that endorse; empty leaves the choice to the gateway
     */
    Prepared prepare(FabricIdentity as, String contract, String transaction, Map<String, byte[]> transientData,
                     List<String> endorsingOrganizations, String... arguments);

    /**
     * Follows the chaincode's events, as committed by the state's peer, signed as {@code as}. Only events of valid
     * transactions are delivered, in block order. The stream stays open (blocking in {@code hasNext}) until it is
     * closed or the connection fails.
     *
     * @param from where to start
     * @return the events; closing it cancels the subscription, after which {@code hasNext} returns false
     * @throws LedgerException from {@code hasNext}/{@code next} when the peer refuses or the connection fails
     */
    EventStream chaincodeEvents(FabricIdentity as, EventPosition from);

    /**
     * The MSP IDs of the member states: the organisations of the channel's application group in its latest
     * configuration, sorted. A state that joins appears from the configuration block that admitted it.
     */
    List<String> memberStates(FabricIdentity as);

    /** A built, not yet submitted transaction. */
    interface Prepared {
        String transactionId();

        /** Endorses, orders and waits for the commit, as {@link Ledger#submit}. */
        Committed submit();
    }

    /** A transaction that committed as valid. */
    record Committed(byte[] result, String transactionId, long blockNumber) {
    }

    /** A chaincode event of a committed, valid transaction. */
    record ChaincodeEvent(long blockNumber, String transactionId, String name, byte[] payload) {
        public ChaincodeEvent {
            Objects.requireNonNull(transactionId, "transactionId");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(payload, "payload");
        }
    }

    /**
     * Where an event subscription starts: the next block to commit, a given block, or just after a given
     * transaction of a given block (to resume after the last event seen).
     *
     * @param startBlock         the first block, or null for the next block to commit
     * @param afterTransactionId when set, the events of {@code startBlock} up to and including this transaction are
     *                           skipped
     */
    record EventPosition(Long startBlock, String afterTransactionId) {
        public EventPosition {
            if (startBlock != null && startBlock < 0) {
                throw new IllegalArgumentException("negative block number: " + startBlock);
            }
            if (afterTransactionId != null && startBlock == null) {
                throw new IllegalArgumentException("afterTransactionId needs startBlock");
            }
        }

        public static EventPosition nextCommit() {
            return new EventPosition(null, null);
        }

        public static EventPosition fromBlock(long block) {
            return new EventPosition(block, null);
        }

        public static EventPosition after(long block, String transactionId) {
            return new EventPosition(block, Objects.requireNonNull(transactionId, "transactionId"));
        }
    }

    /** A blocking stream of events; {@link #close()} may be called from another thread to stop it. */
    interface EventStream extends Iterator<ChaincodeEvent>, AutoCloseable {
        @Override
        void close();
    }
}
