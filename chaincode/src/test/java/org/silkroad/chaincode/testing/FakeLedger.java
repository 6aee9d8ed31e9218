package org.silkroad.chaincode.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;

/**
 * The committed world state of one channel, in memory. Each transaction gets a {@link FakeStub} that reads committed
 * state only (Fabric has no read-your-own-writes) and buffers its writes; {@link #commit} applies them, as a valid
 * transaction in a block would be.
 */
public final class FakeLedger {

    /** A chaincode event as committed with its transaction. */
    public record CommittedEvent(String txId, String name, byte[] payload) {
        public String payloadText() {
            return new String(payload, UTF_8);
        }
    }

    private final NavigableMap<String, byte[]> state = new TreeMap<>();
    /** Private data keyed {@code <collection>|<key>}, as the peers that are members of each collection store it. */
    private final NavigableMap<String, byte[]> privateState = new TreeMap<>();
    private final List<CommittedEvent> events = new ArrayList<>();
    /** The name the chaincode is defined under on the channel, as proposals invoke it. */
    public static final String CHAINCODE = "silkroad";

    /** The MSP IDs of the channel configuration's application organisations. */
    private final Set<String> channelMembers = new TreeSet<>(List.of("CNMSP", "MYMSP", "RWMSP"));
    private int transactions;

    /**
     * Starts a transaction proposal.
     *
     * @param creator the serialized identity of the submitter (see {@link TestIdentities#creator})
     * @param timestamp the proposal header timestamp
     * @param args function name ({@code contract:transaction}) and arguments
     * @return the stub the chaincode sees
     */
    public FakeStub propose(byte[] creator, Instant timestamp, String... args) {
        return propose(creator, timestamp, Map.of(), args);
    }

    /**
     * Starts a transaction proposal that carries transient data (private content the client sends only to the
     * endorsers, never into the transaction).
     *
     * @param creator the serialized identity of the submitter
     * @param timestamp the proposal header timestamp
     * @param transientData the proposal's transient map
     * @param args function name ({@code contract:transaction}) and arguments
     * @return the stub the chaincode sees
     */
    public FakeStub propose(byte[] creator, Instant timestamp, Map<String, byte[]> transientData, String... args) {
        transactions++;
        String txId = String.format("%064x", transactions);
        return new FakeStub(this, txId, timestamp, creator, Arrays.asList(args), transientData);
    }

    /**
     * Commits a transaction's writes and event.
     *
     * @param stub the stub the chaincode used
     */
    public void commit(FakeStub stub) {
        stub.writes().forEach((key, value) -> {
            if (value == null) {
                state.remove(key);
            } else {
                state.put(key, value.clone());
            }
        });
        stub.privateWrites().forEach((key, value) -> {
            if (value == null) {
                privateState.remove(key);
            } else {
                privateState.put(key, value.clone());
            }
        });
        if (stub.eventName() != null) {
            events.add(new CommittedEvent(stub.getTxId(), stub.eventName(), stub.eventPayload()));
        }
    }

    /**
     * Removes a state's organisation from the channel configuration, as {@code silkroad.sh leave} does.
     *
     * @param mspId the organisation's MSP ID
     */
    public void leaveChannel(String mspId) {
        channelMembers.remove(mspId);
    }

    /**
     * The committed definition of {@link #CHAINCODE} as the lifecycle system chaincode's
     * {@code QueryChaincodeDefinition} returns it: one approval entry per organisation of the channel (all approved).
     *
     * @return a serialized {@code lifecycle.QueryChaincodeDefinitionResult}
     */
    public byte[] committedDefinition() {
        QueryChaincodeDefinitionResult.Builder definition = QueryChaincodeDefinitionResult.newBuilder().setSequence(1)
                .setVersion("1.0");
        channelMembers.forEach(mspId -> definition.putApprovals(mspId, true));
        return definition.build().toByteArray();
    }

    /**
     * Reads committed state.
     *
     * @param key the state key
     * @return the value, or null when absent
     */
    public byte[] get(String key) {
        byte[] value = state.get(key);
        return value == null ? null : value.clone();
    }

    /**
     * Writes committed state directly, e.g. to plant a record an older chaincode version left.
     *
     * @param key the state key
     * @param value the value
     */
    public void put(String key, byte[] value) {
        state.put(key, value.clone());
    }

    /**
     * Reads a committed key range, as a range query does.
     *
     * @param startInclusive the first key
     * @param endExclusive the key after the last
     * @return copies of the entries, in key order (Java's UTF-16 order, which equals Fabric's UTF-8 byte order for the
     *     ASCII keys of this chaincode)
     */
    public List<Map.Entry<String, byte[]>> range(String startInclusive, String endExclusive) {
        List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
        state.subMap(startInclusive, true, endExclusive, false)
                .forEach((key, value) -> entries.add(Map.entry(key, value.clone())));
        return entries;
    }

    /**
     * Reads committed private data, as a member peer of the collection holds it.
     *
     * @param collection the collection
     * @param key the key
     * @return the value, or null when absent
     */
    public byte[] getPrivate(String collection, String key) {
        byte[] value = privateState.get(FakeStub.privateKey(collection, key));
        return value == null ? null : value.clone();
    }

    /** @return a copy of the committed private data, keyed {@code <collection>|<key>}, values as UTF-8 text */
    public Map<String, String> privateSnapshot() {
        Map<String, String> copy = new TreeMap<>();
        privateState.forEach((key, value) -> copy.put(key, new String(value, UTF_8)));
        return copy;
    }

    /** @return a copy of the committed state, to compare before and after */
    public Map<String, String> snapshot() {
        Map<String, String> copy = new TreeMap<>();
        state.forEach((key, value) -> copy.put(key, new String(value, UTF_8)));
        return copy;
    }

    /** @return every committed key, sorted */
    public List<String> keys() {
        return List.copyOf(state.keySet());
    }

    /** @return the committed events, in commit order */
    public List<CommittedEvent> events() {
        return Collections.unmodifiableList(events);
    }
}
