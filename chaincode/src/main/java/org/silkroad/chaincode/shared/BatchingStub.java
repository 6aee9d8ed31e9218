package org.silkroad.chaincode.shared;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.google.protobuf.ByteString;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.MetaDataKeys;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.StateMetadata;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.impl.SilkroadPeerBatch;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;

/**
 * A transaction's stub that talks to the peer in fewer round trips, with the same effect on the ledger.
 *
 * <p>fabric-chaincode-shim 2.5.8 sends one message per {@code getState}, {@code putState}, {@code delState}, and waits
 * for the peer's answer each time: a payment that reads six keys and writes eight makes fourteen round trips on each
 * endorsing peer. Fabric 3.1 peers accept many reads in one message and a transaction's writes in one message
 * ({@link PeerBatch}); this stub uses them:
 * <ul>
 *   <li><b>writes</b> (state, private data, deletes, purges, key-level endorsement policies) are kept, in order, and
 *       handed to the peer in one message by {@link #flush} when the transaction function returns
 *       ({@link LedgerContract#afterTransaction}). Nothing changes for the chaincode: Fabric never shows a transaction
 *       its own writes, reads see the state before the transaction either way, and a transaction that fails is
 *       discarded whole, flushed or not;</li>
 *   <li><b>reads</b> of public keys are remembered for the transaction, so reading a key twice asks once (the peer would
 *       answer the same: its simulation reads one snapshot), and {@link #prefetch} asks for keys a function is about to
 *       read, all in one message. A function must prefetch only keys it reads anyway: a prefetched key is in the read
 *       set like any read key.</li>
 * </ul>
 * Everything else goes straight to the shim's stub.
 */
public final class BatchingStub implements ChaincodeStub {

    private static final byte[] ABSENT = new byte[0];

    private final ChaincodeStub stub;
    private final PeerBatch peer;
    private final List<WriteRecord> writes = new ArrayList<>();
    private final Map<String, byte[]> readCache = new HashMap<>();

    BatchingStub(ChaincodeStub stub, PeerBatch peer) {
        this.stub = Objects.requireNonNull(stub, "stub");
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    /**
     * The batching stub for a transaction: over the shim's connection, or over a stub that offers {@link PeerBatch}
     * itself (a test ledger); the stub unchanged when neither is possible.
     */
    public static ChaincodeStub wrap(ChaincodeStub stub) {
        if (stub instanceof BatchingStub) {
            return stub;
        }
        PeerBatch peer = stub instanceof PeerBatch own ? own : SilkroadPeerBatch.of(stub);
        return peer == null ? stub : new BatchingStub(stub, peer);
    }

    /** Reads these public keys in one message, unless already read; a no-op on a stub that cannot batch. */
    public static void prefetch(ChaincodeStub stub, Collection<String> keys) {
        if (stub instanceof BatchingStub batching) {
            batching.prefetch(keys);
        }
    }

    /** Hands the transaction's writes to the peer; a no-op on a stub that cannot batch. */
    public static void flush(ChaincodeStub stub) {
        if (stub instanceof BatchingStub batching) {
            batching.flush();
        }
    }

    void prefetch(Collection<String> keys) {
        Set<String> unread = new LinkedHashSet<>(keys);
        unread.removeAll(readCache.keySet());
        List<String> missing = List.copyOf(unread);
        for (int from = 0; from < missing.size(); from += PeerBatch.MAX_PER_MESSAGE) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + PeerBatch.MAX_PER_MESSAGE));
            List<byte[]> values = peer.getMultiple("", chunk);
            for (int i = 0; i < chunk.size(); i++) {
                byte[] value = values.get(i);
                readCache.put(chunk.get(i), value == null ? ABSENT : value);
            }
        }
    }

    void flush() {
        for (int from = 0; from < writes.size(); from += PeerBatch.MAX_PER_MESSAGE) {
            peer.writeBatch(List.copyOf(writes.subList(from, Math.min(writes.size(), from + PeerBatch.MAX_PER_MESSAGE))));
        }
        writes.clear();
    }

    /** The writes not yet handed to the peer, in order. */
    List<WriteRecord> pendingWrites() {
        return List.copyOf(writes);
    }

    private void write(WriteRecord.Type type, String collection, String key, byte[] value, StateMetadata metadata) {
        Objects.requireNonNull(key, "key cannot be null");
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key cannot not be an empty string");
        }
        WriteRecord.Builder record = WriteRecord.newBuilder().setType(type).setCollection(collection).setKey(key);
        if (value != null) {
            record.setValue(ByteString.copyFrom(value));
        }
        if (metadata != null) {
            record.setMetadata(metadata);
        }
        writes.add(record.build());
    }

    private static String requireCollection(String collection) {
        Objects.requireNonNull(collection, "collection cannot be null");
        if (collection.isEmpty()) {
            throw new IllegalArgumentException("collection cannot be an empty string");
        }
        return collection;
    }

    private static StateMetadata validationParameter(byte[] policy) {
        return StateMetadata.newBuilder().setMetakey(MetaDataKeys.VALIDATION_PARAMETER.toString())
                .setValue(ByteString.copyFrom(policy)).build();
    }

    // Writes: kept until flush

    @Override
    public void putState(String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE, "", key, Objects.requireNonNull(value, "value"), null);
    }

    @Override
    public void delState(String key) {
        write(WriteRecord.Type.DEL_STATE, "", key, null, null);
    }

    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE_METADATA, "", key, null, validationParameter(value));
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE, requireCollection(collection), key, Objects.requireNonNull(value, "value"),
                null);
    }

    @Override
    public void delPrivateData(String collection, String key) {
        write(WriteRecord.Type.DEL_STATE, requireCollection(collection), key, null, null);
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        write(WriteRecord.Type.PURGE_PRIVATE_DATA, requireCollection(collection), key, null, null);
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        write(WriteRecord.Type.PUT_STATE_METADATA, requireCollection(collection), key, null,
                validationParameter(value));
    }

    // Reads of public keys: remembered for the transaction

    @Override
    public byte[] getState(String key) {
        byte[] value = readCache.get(key);
        if (value == null) {
            value = stub.getState(key);
            readCache.put(key, value == null ? ABSENT : value);
        }
        return value == ABSENT ? ABSENT.clone() : value.clone();
    }

    // Everything else: the shim's stub

    @Override
    public List<byte[]> getArgs() {
        return stub.getArgs();
    }

    @Override
    public List<String> getStringArgs() {
        return stub.getStringArgs();
    }

    @Override
    public String getFunction() {
        return stub.getFunction();
    }

    @Override
    public List<String> getParameters() {
        return stub.getParameters();
    }

    @Override
    public String getTxId() {
        return stub.getTxId();
    }

    @Override
    public String getChannelId() {
        return stub.getChannelId();
    }

    @Override
    public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        return stub.invokeChaincode(chaincodeName, args, channel);
    }

    @Override
    public byte[] getStateValidationParameter(String key) {
        return stub.getStateValidationParameter(key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        return stub.getStateByRange(startKey, endKey);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(String startKey, String endKey,
            int pageSize, String bookmark) {
        return stub.getStateByRangeWithPagination(startKey, endKey, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return stub.getStateByPartialCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return stub.getStateByPartialCompositeKey(objectType, attributes);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        return stub.getStateByPartialCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        return stub.getStateByPartialCompositeKeyWithPagination(compositeKey, pageSize, bookmark);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return stub.createCompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return stub.splitCompositeKey(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        return stub.getQueryResult(query);
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(String query, int pageSize,
            String bookmark) {
        return stub.getQueryResultWithPagination(query, pageSize, bookmark);
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        return stub.getHistoryForKey(key);
    }

    @Override
    public byte[] getPrivateData(String collection, String key) {
        return stub.getPrivateData(collection, key);
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        return stub.getPrivateDataHash(collection, key);
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        return stub.getPrivateDataValidationParameter(collection, key);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        return stub.getPrivateDataByRange(collection, startKey, endKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
            String compositeKey) {
        return stub.getPrivateDataByPartialCompositeKey(collection, compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection,
            CompositeKey compositeKey) {
        return stub.getPrivateDataByPartialCompositeKey(collection, compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String objectType,
            String... attributes) {
        return stub.getPrivateDataByPartialCompositeKey(collection, objectType, attributes);
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        return stub.getPrivateDataQueryResult(collection, query);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        stub.setEvent(name, payload);
    }

    @Override
    public ChaincodeEvent getEvent() {
        return stub.getEvent();
    }

    @Override
    public SignedProposal getSignedProposal() {
        return stub.getSignedProposal();
    }

    @Override
    public Instant getTxTimestamp() {
        return stub.getTxTimestamp();
    }

    @Override
    public byte[] getCreator() {
        return stub.getCreator();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return stub.getTransient();
    }

    @Override
    public byte[] getBinding() {
        return stub.getBinding();
    }

    @Override
    public String getMspId() {
        return stub.getMspId();
    }
}
