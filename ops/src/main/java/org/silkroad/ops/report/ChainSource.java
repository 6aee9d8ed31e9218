package org.silkroad.ops.report;

import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;

/** One peer's copy of the channel's chain, as the ledger check reads it. */
public interface ChainSource extends AutoCloseable {

    /** Height and the hashes of the newest block. */
    BlockchainInfo chainInfo() throws QueryException;

    /** The block with this number. */
    Block block(long number) throws QueryException;

    @Override
    void close();

    /** Opens the chain of one state's peer. */
    @FunctionalInterface
    interface Opener {
        ChainSource open(org.silkroad.ops.shared.NetworkDescription.State state) throws QueryException;
    }

    /** A failed query, with a message fit for the report (no stack trace needed to act on it). */
    final class QueryException extends Exception {
        public QueryException(String message) {
            super(message);
        }

        public QueryException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
