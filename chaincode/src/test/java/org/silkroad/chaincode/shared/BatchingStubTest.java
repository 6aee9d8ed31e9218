package org.silkroad.chaincode.shared;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;

class BatchingStubTest {

    /** Counts the messages a transaction would send, and passes them to the fake ledger's stub. */
    static final class CountingPeer implements PeerBatch {
        final FakeStub fake;
        final List<List<String>> reads = new ArrayList<>();
        final List<List<WriteRecord>> batches = new ArrayList<>();

        CountingPeer(FakeStub fake) {
            this.fake = fake;
        }

        @Override
        public List<byte[]> getMultiple(String collection, List<String> keys) {
            reads.add(List.copyOf(keys));
            return fake.getMultiple(collection, keys);
        }

        @Override
        public void writeBatch(List<WriteRecord> records) {
            batches.add(List.copyOf(records));
            fake.writeBatch(records);
        }
    }

    private final FakeLedger ledger = new FakeLedger();
    private FakeStub fake;
    private CountingPeer peer;
    private BatchingStub stub;

    @BeforeEach
    void setUp() {
        ledger.put("a", "1".getBytes(UTF_8));
        ledger.put("b", "2".getBytes(UTF_8));
        fake = ledger.propose(new byte[0], Instant.EPOCH, "currency:pay");
        peer = new CountingPeer(fake);
        stub = new BatchingStub(fake, peer);
    }

    @Test
    void keeps_every_kind_of_write_in_order_until_flush_then_sends_them_in_one_message() {
        stub.putState("a", "10".getBytes(UTF_8));
        stub.delState("b");
        stub.setStateValidationParameter("a", "policy".getBytes(UTF_8));
        stub.putPrivateData("CN_MY", "doc", "content".getBytes(UTF_8));
        stub.delPrivateData("CN_MY", "old");

        assertThat(fake.writes()).isEmpty();
        assertThat(peer.batches).isEmpty();
        assertThat(stub.getState("a")).asString(UTF_8).isEqualTo("1"); // Fabric never shows a transaction its writes

        stub.flush();

        assertThat(peer.batches).hasSize(1);
        assertThat(peer.batches.get(0)).extracting(WriteRecord::getType, WriteRecord::getCollection,
                WriteRecord::getKey).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(WriteRecord.Type.PUT_STATE, "", "a"),
                        org.assertj.core.groups.Tuple.tuple(WriteRecord.Type.DEL_STATE, "", "b"),
                        org.assertj.core.groups.Tuple.tuple(WriteRecord.Type.PUT_STATE_METADATA, "", "a"),
                        org.assertj.core.groups.Tuple.tuple(WriteRecord.Type.PUT_STATE, "CN_MY", "doc"),
                        org.assertj.core.groups.Tuple.tuple(WriteRecord.Type.DEL_STATE, "CN_MY", "old"));
        assertThat(peer.batches.get(0).get(2).getMetadata().getMetakey()).isEqualTo("VALIDATION_PARAMETER");
        assertThat(fake.writes()).containsOnlyKeys("a", "b");
        assertThat(fake.writes().get("a")).asString(UTF_8).isEqualTo("10");
        assertThat(fake.writes().get("b")).isNull();
        assertThat(fake.validationParameters().get("a")).asString(UTF_8).isEqualTo("policy");
        assertThat(fake.privateWrites()).containsOnlyKeys("CN_MY|doc", "CN_MY|old");

        stub.flush(); // nothing left: no second message
        assertThat(peer.batches).hasSize(1);
    }

    @Test
    void a_transaction_without_writes_sends_no_write_message() {
        stub.getState("a");
        stub.flush();

        assertThat(peer.batches).isEmpty();
    }

    @Test
    void prefetch_asks_once_for_the_keys_not_read_yet_and_later_reads_ask_nothing() {
        stub.getState("a");
        stub.prefetch(List.of("a", "b", "missing", "b"));

        assertThat(peer.reads).containsExactly(List.of("b", "missing"));
        assertThat(stub.getState("b")).asString(UTF_8).isEqualTo("2");
        assertThat(stub.getState("missing")).isEmpty();
        assertThat(stub.getState("a")).asString(UTF_8).isEqualTo("1");
        assertThat(peer.reads).hasSize(1);
        // each key reached the peer once: the read set is what single reads would have made it
        assertThat(fake.reads()).containsEntry("a", 1).containsEntry("b", 1).containsEntry("missing", 1);
    }

    @Test
    void a_value_read_is_a_copy_so_a_caller_cannot_change_what_the_next_read_sees() {
        stub.getState("a")[0] = 'X';

        assertThat(stub.getState("a")).asString(UTF_8).isEqualTo("1");
    }

    @Test
    void splits_reads_and_writes_into_messages_of_at_most_the_peers_batch_size() {
        List<String> keys = IntStream.range(0, PeerBatch.MAX_PER_MESSAGE + 5).mapToObj(i -> "k" + i).toList();
        stub.prefetch(keys);
        keys.forEach(key -> stub.putState(key, "v".getBytes(UTF_8)));
        stub.flush();

        assertThat(peer.reads).extracting(List::size).containsExactly(PeerBatch.MAX_PER_MESSAGE, 5);
        assertThat(peer.batches).extracting(List::size).containsExactly(PeerBatch.MAX_PER_MESSAGE, 5);
        assertThat(fake.writes()).hasSize(keys.size());
    }

    @Test
    void refuses_an_empty_key_or_collection_at_once_as_the_shim_does() {
        assertThatThrownBy(() -> stub.putState("", "v".getBytes(UTF_8))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stub.putPrivateData("", "k", "v".getBytes(UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stub.delState(null)).isInstanceOf(NullPointerException.class);
        assertThat(stub.pendingWrites()).isEmpty();
    }

    @Test
    void wraps_a_stub_that_can_batch_once_and_leaves_any_other_stub_alone() {
        ChaincodeStub wrapped = BatchingStub.wrap(fake);
        assertThat(wrapped).isInstanceOf(BatchingStub.class);
        assertThat(BatchingStub.wrap(wrapped)).isSameAs(wrapped);

        ChaincodeStub plain = (ChaincodeStub) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ChaincodeStub.class}, (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                });
        assertThat(BatchingStub.wrap(plain)).isSameAs(plain);
        BatchingStub.prefetch(plain, List.of("a")); // no-ops: nothing reaches the plain stub
        BatchingStub.flush(plain);
    }
}
