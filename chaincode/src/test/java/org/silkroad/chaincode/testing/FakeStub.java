package org.silkroad.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import com.google.protobuf.ByteString;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.ContractInterface;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.MetaDataKeys;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.QueryResponseMetadata;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ledger.CompositeKey;
import org.hyperledger.fabric.shim.ledger.KeyModification;
import org.hyperledger.fabric.shim.ledger.KeyValue;
import org.hyperledger.fabric.shim.ledger.QueryResultsIterator;
import org.hyperledger.fabric.shim.ledger.QueryResultsIteratorWithMetadata;
import org.silkroad.chaincode.shared.PeerBatch;

/**
 * One transaction's view of a {@link FakeLedger}, behaving as the real shim does for what the chaincode uses today:
 * reads see committed state only, a missing key reads as an empty array, writes are buffered until
 * {@link FakeLedger#commit}, one event per transaction (the last one set wins), partial composite key queries (plain
 * and paginated, the bookmark being the next key to read), transient data ({@link #withTransient}) and private data
 * (reads see committed private data and are recorded; writes and deletes are buffered like state writes;
 * collection membership is the network's business). It records the read set (point reads and the ranges of range
 * queries) and the write set, so tests can check which transactions could conflict. Anything else fails loudly, so a
 * contract that starts using more of the stub gets this fake extended on purpose rather than silently faked.
 */
public final class FakeStub implements ChaincodeStub, PeerBatch {

    private final FakeLedger ledger;
    private final String txId;
    private final Instant timestamp;
    private final byte[] creator;
    private final List<String> args;
    private final Map<String, byte[]> writes = new LinkedHashMap<>();
    private final Map<String, byte[]> validationParameters = new LinkedHashMap<>();
    private final Map<String, Integer> reads = new LinkedHashMap<>();
    private final List<String> rangeReads = new ArrayList<>();
    private final Map<String, byte[]> transientData = new LinkedHashMap<>();
    private final Map<String, byte[]> privateWrites = new LinkedHashMap<>();
    private final List<String> privateReads = new ArrayList<>();
    private String eventName;
    private byte[] eventPayload;

    FakeStub(FakeLedger ledger, String txId, Instant timestamp, byte[] creator, List<String> args,
             Map<String, byte[]> transientData) {
        this.ledger = ledger;
        this.txId = txId;
        this.timestamp = timestamp;
        this.creator = creator;
        this.args = List.copyOf(args);
        withTransient(transientData);
    }

    /** @return the private data this transaction wrote, keyed {@code <collection>|<key>}, in write order (null: deleted) */
    public Map<String, byte[]> privateWrites() {
        return Collections.unmodifiableMap(privateWrites);
    }

    static String privateKey(String collection, String key) {
        return collection + "|" + key;
    }

    /**
     * Sets the proposal's transient data, as a client's {@code putTransient} does.
     *
     * @param data transient data by key
     * @return this stub
     */
    public FakeStub withTransient(Map<String, byte[]> data) {
        data.forEach((k, v) -> transientData.put(k, v.clone()));
        return this;
    }

    /** @return the private keys this transaction read, as {@code <collection>|<key>}, in order */
    public List<String> privateReads() {
        return Collections.unmodifiableList(privateReads);
    }

    /** @return the keys written by this transaction and their values (null for a delete), in write order */
    public Map<String, byte[]> writes() {
        return Collections.unmodifiableMap(writes);
    }

    /** @return the keys read by this transaction and how often */
    public Map<String, Integer> reads() {
        return Collections.unmodifiableMap(reads);
    }

    /** @return the start keys (partial composite keys) of the range queries this transaction ran, in order */
    public List<String> rangeReads() {
        return Collections.unmodifiableList(rangeReads);
    }

    /** @return the event set by this transaction, or null */
    public String eventName() {
        return eventName;
    }

    /** @return the payload of the event set by this transaction, or null */
    public byte[] eventPayload() {
        return eventPayload == null ? null : eventPayload.clone();
    }

    /** A transaction function of a contract, called with the context the contract made. */
    @FunctionalInterface
    public interface TransactionFunction<E extends Exception> {
        String call(Context ctx) throws E;
    }

    /**
     * Runs a transaction function on this stub as the shim does: the contract makes the context
     * ({@code createContext}), the function runs, and only when it returns the contract's {@code afterTransaction}
     * (which sends the batched writes) follows.
     */
    public <E extends Exception> String run(ContractInterface contract, TransactionFunction<E> function) throws E {
        Context ctx = contract.createContext(this);
        String result = function.call(ctx);
        contract.afterTransaction(ctx, result);
        return result;
    }

    /** Reads as {@link #getState} / {@link #getPrivateData} do, one key after the other, as the peer does. */
    @Override
    public List<byte[]> getMultiple(String collection, List<String> keys) {
        List<byte[]> values = new ArrayList<>(keys.size());
        for (String key : keys) {
            values.add(collection.isEmpty() ? getState(key) : getPrivateData(collection, key));
        }
        return values;
    }

    /** Applies each write as the single-key call it stands for, in order, as the peer's batch handler does. */
    @Override
    public void writeBatch(List<WriteRecord> records) {
        for (WriteRecord record : records) {
            String collection = record.getCollection();
            byte[] value = record.getValue().toByteArray();
            switch (record.getType()) {
                case PUT_STATE -> {
                    if (collection.isEmpty()) {
                        putState(record.getKey(), value);
                    } else {
                        putPrivateData(collection, record.getKey(), value);
                    }
                }
                case DEL_STATE -> {
                    if (collection.isEmpty()) {
                        delState(record.getKey());
                    } else {
                        delPrivateData(collection, record.getKey());
                    }
                }
                case PURGE_PRIVATE_DATA -> purgePrivateData(collection, record.getKey());
                case PUT_STATE_METADATA -> {
                    if (!MetaDataKeys.VALIDATION_PARAMETER.toString().equals(record.getMetadata().getMetakey())) {
                        throw new UnsupportedOperationException("metadata " + record.getMetadata().getMetakey());
                    }
                    byte[] policy = record.getMetadata().getValue().toByteArray();
                    if (collection.isEmpty()) {
                        setStateValidationParameter(record.getKey(), policy);
                    } else {
                        setPrivateDataValidationParameter(collection, record.getKey(), policy);
                    }
                }
                default -> throw new UnsupportedOperationException("write record type " + record.getType());
            }
        }
    }

    @Override
    public List<byte[]> getArgs() {
        return args.stream().map(a -> a.getBytes(UTF_8)).collect(Collectors.toList());
    }

    @Override
    public List<String> getStringArgs() {
        return args;
    }

    @Override
    public String getFunction() {
        return args.isEmpty() ? null : args.get(0);
    }

    @Override
    public List<String> getParameters() {
        return args.isEmpty() ? List.of() : args.subList(1, args.size());
    }

    @Override
    public String getTxId() {
        return txId;
    }

    @Override
    public String getChannelId() {
        return "silkroad";
    }

    @Override
    public byte[] getState(String key) {
        requireKey(key);
        reads.merge(key, 1, Integer::sum);
        byte[] value = ledger.get(key);
        return value == null ? new byte[0] : value;
    }

    @Override
    public void putState(String key, byte[] value) {
        requireKey(key);
        Objects.requireNonNull(value, "value");
        writes.put(key, value.clone());
    }

    @Override
    public void delState(String key) {
        requireKey(key);
        writes.put(key, null);
    }

    @Override
    public CompositeKey createCompositeKey(String objectType, String... attributes) {
        return new CompositeKey(objectType, attributes);
    }

    @Override
    public CompositeKey splitCompositeKey(String compositeKey) {
        return CompositeKey.parseCompositeKey(compositeKey);
    }

    @Override
    public void setEvent(String name, byte[] payload) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("event name can not be nil string");
        }
        this.eventName = name;
        this.eventPayload = payload == null ? null : payload.clone();
    }

    @Override
    public ChaincodeEvent getEvent() {
        if (eventName == null) {
            return null;
        }
        return ChaincodeEvent.newBuilder()
                .setEventName(eventName)
                .setPayload(eventPayload == null ? ByteString.EMPTY : ByteString.copyFrom(eventPayload))
                .setTxId(txId)
                .build();
    }

    @Override
    public Instant getTxTimestamp() {
        return timestamp;
    }

    @Override
    public byte[] getCreator() {
        return creator.clone();
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String compositeKey) {
        return partial(compositeKey);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(String objectType, String... attributes) {
        return partial(createCompositeKey(objectType, attributes).toString());
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByPartialCompositeKey(CompositeKey compositeKey) {
        return partial(compositeKey.toString());
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByPartialCompositeKeyWithPagination(
            CompositeKey compositeKey, int pageSize, String bookmark) {
        String prefix = compositeKey.toString();
        rangeReads.add(prefix);
        String start = bookmark == null || bookmark.isEmpty() ? prefix : bookmark;
        List<Map.Entry<String, byte[]>> rest = ledger.range(start, prefix + MAX_UNICODE_RUNE);
        List<KeyValue> page = new ArrayList<>();
        for (int i = 0; i < Math.min(pageSize, rest.size()); i++) {
            page.add(new Entry(rest.get(i).getKey(), rest.get(i).getValue()));
        }
        String next = rest.size() > pageSize ? rest.get(pageSize).getKey() : "";
        QueryResponseMetadata metadata = QueryResponseMetadata.newBuilder()
                .setFetchedRecordsCount(page.size())
                .setBookmark(next)
                .build();
        return new QueryResultsIteratorWithMetadata<>() {
            @Override
            public QueryResponseMetadata getMetadata() {
                return metadata;
            }

            @Override
            public void close() {}

            @Override
            public Iterator<KeyValue> iterator() {
                return page.iterator();
            }
        };
    }

    /** The shim ends a partial composite key range with U+10FFFF. */
    private static final String MAX_UNICODE_RUNE = "\udbff\udfff";

    private QueryResultsIterator<KeyValue> partial(String prefix) {
        rangeReads.add(prefix);
        List<KeyValue> all = new ArrayList<>();
        ledger.range(prefix, prefix + MAX_UNICODE_RUNE).forEach(e -> all.add(new Entry(e.getKey(), e.getValue())));
        return new QueryResultsIterator<>() {
            @Override
            public void close() {}

            @Override
            public Iterator<KeyValue> iterator() {
                return all.iterator();
            }
        };
    }

    private record Entry(String getKey, byte[] getValue) implements KeyValue {
        @Override
        public String getStringValue() {
            return new String(getValue, UTF_8);
        }
    }

    private static void requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be null or empty");
        }
    }

    private static void requireCollection(String collection) {
        if (collection == null || collection.isEmpty()) {
            throw new IllegalArgumentException("collection must not be null or empty");
        }
    }

    private static UnsupportedOperationException notFaked(String what) {
        return new UnsupportedOperationException("FakeStub does not fake " + what + "; extend it when a contract needs it");
    }

    /**
     * Answers the one chaincode-to-chaincode call the contracts make, {@code _lifecycle QueryChaincodeDefinition} of
     * this chaincode on this channel, with {@link FakeLedger#committedDefinition()}; fails loudly on any other.
     */
    @Override
    public Response invokeChaincode(String chaincodeName, List<byte[]> args, String channel) {
        byte[] expected = QueryChaincodeDefinitionArgs.newBuilder().setName(FakeLedger.CHAINCODE).build().toByteArray();
        if (!"_lifecycle".equals(chaincodeName) || args.size() != 2
                || !"QueryChaincodeDefinition".equals(new String(args.get(0), UTF_8))
                || !Arrays.equals(expected, args.get(1)) || (channel != null && !channel.isEmpty())) {
            throw notFaked("invokeChaincode " + chaincodeName + " on channel '" + channel + "'");
        }
        return new Response(Response.Status.SUCCESS, null, ledger.committedDefinition());
    }

    // Everything below is not used by the contracts yet.

    @Override
    public byte[] getStateValidationParameter(String key) {
        throw notFaked("getStateValidationParameter");
    }

    /** Records a key-level endorsement policy set by this transaction; see {@link #validationParameters()}. */
    @Override
    public void setStateValidationParameter(String key, byte[] value) {
        validationParameters.put(key, value.clone());
    }

    /** Key-level endorsement policies this transaction set, by key, in the order set. */
    public Map<String, byte[]> validationParameters() {
        return Collections.unmodifiableMap(validationParameters);
    }

    @Override
    public QueryResultsIterator<KeyValue> getStateByRange(String startKey, String endKey) {
        throw notFaked("getStateByRange");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getStateByRangeWithPagination(
            String startKey, String endKey, int pageSize, String bookmark) {
        throw notFaked("getStateByRangeWithPagination");
    }

    @Override
    public QueryResultsIterator<KeyValue> getQueryResult(String query) {
        throw notFaked("getQueryResult");
    }

    @Override
    public QueryResultsIteratorWithMetadata<KeyValue> getQueryResultWithPagination(
            String query, int pageSize, String bookmark) {
        throw notFaked("getQueryResultWithPagination");
    }

    @Override
    public QueryResultsIterator<KeyModification> getHistoryForKey(String key) {
        throw notFaked("getHistoryForKey");
    }

    /** Reads committed private data as a member peer would; a missing key reads as an empty array, as in the shim. */
    @Override
    public byte[] getPrivateData(String collection, String key) {
        requireCollection(collection);
        requireKey(key);
        privateReads.add(privateKey(collection, key));
        byte[] value = ledger.getPrivate(collection, key);
        return value == null ? new byte[0] : value;
    }

    @Override
    public byte[] getPrivateDataHash(String collection, String key) {
        throw notFaked("getPrivateDataHash");
    }

    @Override
    public byte[] getPrivateDataValidationParameter(String collection, String key) {
        throw notFaked("getPrivateDataValidationParameter");
    }

    @Override
    public void putPrivateData(String collection, String key, byte[] value) {
        requireCollection(collection);
        requireKey(key);
        Objects.requireNonNull(value, "value");
        privateWrites.put(privateKey(collection, key), value.clone());
    }

    @Override
    public void setPrivateDataValidationParameter(String collection, String key, byte[] value) {
        throw notFaked("setPrivateDataValidationParameter");
    }

    @Override
    public void delPrivateData(String collection, String key) {
        requireCollection(collection);
        requireKey(key);
        privateWrites.put(privateKey(collection, key), null);
    }

    @Override
    public void purgePrivateData(String collection, String key) {
        throw notFaked("purgePrivateData");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByRange(String collection, String startKey, String endKey) {
        throw notFaked("getPrivateDataByRange");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(String collection, String compositeKey) {
        throw notFaked("getPrivateDataByPartialCompositeKey");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, CompositeKey compositeKey) {
        throw notFaked("getPrivateDataByPartialCompositeKey");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataByPartialCompositeKey(
            String collection, String objectType, String... attributes) {
        throw notFaked("getPrivateDataByPartialCompositeKey");
    }

    @Override
    public QueryResultsIterator<KeyValue> getPrivateDataQueryResult(String collection, String query) {
        throw notFaked("getPrivateDataQueryResult");
    }

    @Override
    public SignedProposal getSignedProposal() {
        ChaincodeHeaderExtension invoked = ChaincodeHeaderExtension.newBuilder()
                .setChaincodeId(ChaincodeID.newBuilder().setName(FakeLedger.CHAINCODE)).build();
        ChannelHeader channel = ChannelHeader.newBuilder().setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                .setChannelId(getChannelId()).setTxId(txId).setExtension(invoked.toByteString()).build();
        Header header = Header.newBuilder().setChannelHeader(channel.toByteString())
                .setSignatureHeader(SignatureHeader.newBuilder().setCreator(ByteString.copyFrom(creator)).build()
                        .toByteString()).build();
        return SignedProposal.newBuilder()
                .setProposalBytes(Proposal.newBuilder().setHeader(header.toByteString()).build().toByteString()).build();
    }

    @Override
    public Map<String, byte[]> getTransient() {
        return Collections.unmodifiableMap(transientData);
    }

    @Override
    public byte[] getBinding() {
        throw notFaked("getBinding");
    }

    @Override
    public String getMspId() {
        throw notFaked("getMspId (the peer's MSP ID)");
    }

    @Override
    public String toString() {
        return "FakeStub[" + txId + " " + Arrays.toString(args.toArray()) + "]";
    }
}
