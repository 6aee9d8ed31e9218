package org.hyperledger.fabric.shim.impl;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.GetStateMultiple;
import org.hyperledger.fabric.protos.peer.GetStateMultipleResult;
import org.hyperledger.fabric.protos.peer.WriteBatchState;
import org.hyperledger.fabric.protos.peer.WriteRecord;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.PeerBatch;

/**
 * {@link PeerBatch} over the shim's own connection to the peer. It lives in the shim's package because the shim keeps
 * what it needs package-private: the stub's invocation task (the one conversation with the peer a transaction has),
 * its {@code invoke} (send a message, wait for the answer) and the message factory. The task is read from the stub by
 * reflection once per transaction; if a future shim renames it, {@link #of} answers null and the chaincode falls back
 * to single-key messages, logging why once.
 *
 * <p>The messages are Fabric 3.1's {@code GET_STATE_MULTIPLE} and {@code WRITE_BATCH_STATE}, which every 3.1 peer
 * handles (whatever its {@code chaincode.runtimeParams} say, those only advertise them to the shims that know them).
 */
public final class SilkroadPeerBatch implements PeerBatch {

    private static final Logger LOGGER = Logger.getLogger(SilkroadPeerBatch.class.getName());
    private static final Field HANDLER = handlerField();

    private final ChaincodeInvocationTask task;
    private final String channelId;
    private final String txId;

    private SilkroadPeerBatch(ChaincodeInvocationTask task, String channelId, String txId) {
        this.task = task;
        this.channelId = channelId;
        this.txId = txId;
    }

    /** The batch calls of a transaction's stub; null when it is not the shim's own stub (unit tests) or unreadable. */
    public static PeerBatch of(ChaincodeStub stub) {
        if (HANDLER == null || !(stub instanceof InvocationStubImpl)) {
            return null;
        }
        try {
            ChaincodeInvocationTask task = (ChaincodeInvocationTask) HANDLER.get(stub);
            return task == null ? null : new SilkroadPeerBatch(task, stub.getChannelId(), stub.getTxId());
        } catch (IllegalAccessException | ClassCastException e) {
            return null;
        }
    }

    private static Field handlerField() {
        try {
            Field field = InvocationStubImpl.class.getDeclaredField("handler");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            LOGGER.warning(() -> "batched reads and writes are off, one message per key instead: this shim's stub has "
                    + "no readable invocation task (" + e + ")");
            return null;
        }
    }

    @Override
    public List<byte[]> getMultiple(String collection, List<String> keys) {
        ByteString payload = GetStateMultiple.newBuilder().setCollection(collection).addAllKeys(keys).build()
                .toByteString();
        ByteString answer = task.invoke(ChaincodeMessageFactory.newEventMessage(
                ChaincodeMessage.Type.GET_STATE_MULTIPLE, channelId, txId, payload));
        GetStateMultipleResult result;
        try {
            result = GetStateMultipleResult.parseFrom(answer);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the peer's answer to GET_STATE_MULTIPLE is not a GetStateMultipleResult", e);
        }
        if (result.getValuesCount() != keys.size()) {
            throw new IllegalStateException("asked the peer for " + keys.size() + " keys, it answered "
                    + result.getValuesCount() + " values");
        }
        List<byte[]> values = new ArrayList<>(keys.size());
        for (ByteString value : result.getValuesList()) {
            values.add(value.toByteArray());
        }
        return values;
    }

    @Override
    public void writeBatch(List<WriteRecord> records) {
        ByteString payload = WriteBatchState.newBuilder().addAllRec(records).build().toByteString();
        task.invoke(ChaincodeMessageFactory.newEventMessage(
                ChaincodeMessage.Type.WRITE_BATCH_STATE, channelId, txId, payload));
    }
}
