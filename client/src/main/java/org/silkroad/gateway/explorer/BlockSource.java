package org.silkroad.gateway.explorer;

import java.util.Iterator;

import org.hyperledger.fabric.protos.common.Block;

/** Where the indexer reads blocks from: the state's peer ({@link FabricBlockSource}), or recorded blocks in tests. */
interface BlockSource {

    /** The channel's height (number of blocks) as the source knows it now. */
    long height();

    /**
     * The blocks from {@code startBlock} on, in order, following new blocks as they are committed; it blocks in
     * {@code hasNext} while there is none. Failures are runtime exceptions from the iterator.
     */
    Blocks blocks(long startBlock);

    interface Blocks extends Iterator<Block>, AutoCloseable {
        @Override
        void close();
    }
}
