package org.silkroad.gateway.explorer;

import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.common.Block;
import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.FabricLedger;

/**
 * Blocks from the state's own peer, read as the gateway's probe identity (a client of the state without API key or
 * role: reading blocks needs only the channel's Readers policy, and no REST caller's identity is borrowed).
 */
final class FabricBlockSource implements BlockSource {

    private final FabricLedger ledger;
    private final FabricIdentity reader;

    FabricBlockSource(FabricLedger ledger, FabricIdentity reader) {
        this.ledger = ledger;
        this.reader = reader;
    }

    @Override
    public long height() {
        return ledger.chainHeight(reader);
    }

    @Override
    public Blocks blocks(long startBlock) {
        CloseableIterator<Block> events = ledger.blocks(reader, startBlock);
        return new Blocks() {
            @Override
            public boolean hasNext() {
                return events.hasNext();
            }

            @Override
            public Block next() {
                return events.next();
            }

            @Override
            public void close() {
                events.close();
            }
        };
    }
}
