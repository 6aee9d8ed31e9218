package org.silkroad.gateway.shared;

/**
 * The ledger as the REST features see it: run a chaincode transaction as a given identity.
 * The real implementation is {@link FabricLedger}; tests may substitute an in-memory one.
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
    byte[] evaluate(FabricIdentity as, String contract, String transaction, String... arguments);

    /**
     * Endorses, orders and waits for the commit of a transaction.
     *
     * @return the result returned by the chaincode at endorsement, with the transaction ID and the block it
     *         committed in
     * @throws LedgerException if endorsement is refused, ordering fails, the commit status cannot be obtained in
     *                         time, or the transaction is invalidated at commit; it carries the transaction ID
     *                         whenever one was assigned
     */
    Committed submit(FabricIdentity as, String contract, String transaction, String... arguments);

    /** A transaction that committed as valid. */
    record Committed(byte[] result, String transactionId, long blockNumber) {
    }
}
