package org.silkroad.chaincode.shared;

import java.util.List;

import org.hyperledger.fabric.protos.peer.WriteRecord;

/**
 * The two messages of Fabric 3.1's chaincode protocol that fabric-chaincode-shim 2.5.8 never sends: many keys read in
 * one round trip ({@code GET_STATE_MULTIPLE}) and all of a transaction's writes in one ({@code WRITE_BATCH_STATE}).
 * The peer treats them exactly as the single-key messages they stand for (same read set, same write set, same access
 * checks); only the number of round trips between chaincode and peer changes. See {@link BatchingStub}.
 */
public interface PeerBatch {

    /** The most keys or writes one message carries: the peer's default {@code maxSizeGetMultipleKeys}/{@code maxSizeWriteBatch}. */
    int MAX_PER_MESSAGE = 1000;

    /**
     * Reads keys of the public state ({@code collection} empty) or of a private data collection.
     *
     * @return one value per key, in order; an empty array where the key has no value (as {@code getState} answers)
     */
    List<byte[]> getMultiple(String collection, List<String> keys);

    /** Hands writes to the peer, in order, as if each had been sent on its own. */
    void writeBatch(List<WriteRecord> records);
}
