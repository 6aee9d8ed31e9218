package org.silkroad.chaincode.system;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.BuildInfo;
import org.silkroad.chaincode.shared.Caller;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerContract;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.RequestId;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.TxTime;

/**
 * Health and identity of the chaincode itself: a ping that proves a member can submit, endorse and commit, and the
 * version every state's chaincode service reports. Any member identity may call it; no role is needed.
 */
@Contract(
        name = SystemContract.NAME,
        info = @Info(title = "Silkroad system", description = "Ping and version of the silkroad chaincode"))
public final class SystemContract implements LedgerContract {

    /** The contract's name; transactions are invoked as {@code system:<transaction>}. */
    public static final String NAME = "system";

    /**
     * Every contract of this chaincode. A contract added to the chaincode is added here too; {@code ContractCatalogTest}
     * fails the build otherwise.
     */
    public static final List<String> CONTRACTS = List.of(NAME, "currency", "trade", "customs", "escrow", "dispute", "credit");

    /** Composite key object type of ping records; the one attribute is the request ID. */
    public static final String PING_OBJECT_TYPE = "silkroad.system.ping";

    /** Chaincode event emitted once per request ID, with the ping record as payload. */
    public static final String PINGED_EVENT = "system.Pinged";

    /**
     * Records that the caller reached the ledger.
     *
     * <p>Idempotent on the request ID: when a record exists, this returns it byte for byte and writes nothing, emits no
     * event. Fabric gives no read-your-own-writes inside a transaction, so the result of a first ping is the record
     * built here, not a read-back.
     *
     * @param ctx the transaction context
     * @param requestJson {@code {"requestId":"..."}}
     * @return the ping record JSON
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} for a malformed request or
     *     request ID; {@code CONFLICT} when the request ID was already used by a different (MSP ID, role);
     *     {@code FORBIDDEN} when the caller is not a member state's identity
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String ping(Context ctx, String requestJson) {
        PingRequest request = Json.parseArgument(requestJson, PingRequest.class);
        Caller caller = Caller.of(ctx);
        ChaincodeStub stub = ctx.getStub();
        String key = pingKey(stub, request.requestId());

        byte[] stored = stub.getState(key);
        if (stored != null && stored.length > 0) {
            PingRecord first = Json.parseState(stored, PingRecord.class, key);
            // A request ID names one request of one caller: another identity reusing it is not a retry.
            if (!first.creatorMspId().equals(caller.mspId())
                    || !Objects.equals(first.creatorRole(), caller.role().orElse(null))) {
                throw LedgerError.CONFLICT.exception(
                        "requestId %s was already used by %s/%s in transaction %s",
                        request.requestId(), first.creatorMspId(), first.creatorRole(), first.txId());
            }
            return new String(stored, UTF_8);
        }

        PingRecord record = new PingRecord(
                request.requestId(),
                stub.getTxId(),
                caller.mspId(),
                caller.role().orElse(null),
                TxTime.iso(stub),
                BuildInfo.version());
        byte[] json = Json.bytes(record);
        stub.putState(key, json);
        stub.setEvent(PINGED_EVENT, json);
        return new String(json, UTF_8);
    }

    /**
     * Reads a ping record.
     *
     * @param ctx the transaction context
     * @param requestId the request ID the ping was submitted with (plain text, not JSON)
     * @return the ping record JSON, as stored
     * @throws org.hyperledger.fabric.shim.ChaincodeException {@code INVALID_ARGUMENT} for a malformed request ID,
     *     {@code NOT_FOUND} when no ping has that request ID
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String readPing(Context ctx, String requestId) {
        RequestId id = new RequestId(requestId);
        byte[] stored = ctx.getStub().getState(pingKey(ctx.getStub(), id));
        if (stored == null || stored.length == 0) {
            throw LedgerError.NOT_FOUND.exception("no ping with requestId %s", id);
        }
        return new String(stored, UTF_8);
    }

    /**
     * Names this chaincode and its version.
     *
     * @param ctx the transaction context
     * @return {@code {"chaincode":"silkroad","contracts":["system"],"version":"..."}}
     */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String version(Context ctx) {
        return Json.write(new VersionInfo(BuildInfo.CHAINCODE_NAME, BuildInfo.version(), CONTRACTS));
    }

    /**
     * A submit transaction that reads and writes nothing: the baseline a benchmark compares real transactions
     * with, since it still costs a full endorse-order-validate-commit round through the same chaincode process.
     *
     * @param ctx the transaction context
     * @return {@code {"txId":"..."}}
     */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String noop(Context ctx) {
        return Json.write(new NoopResult(ctx.getStub().getTxId()));
    }

    /** What {@link #noop} answers. */
    record NoopResult(String txId) {}

    /** Replaces the shim's generic message with a stable code. */
    @Override
    public void unknownTransaction(Context ctx) {
        throw LedgerError.UNKNOWN_TRANSACTION.exception(
                "contract %s has no transaction %s", NAME, LedgerError.excerpt(ctx.getStub().getFunction()));
    }

    private static String pingKey(ChaincodeStub stub, RequestId requestId) {
        return StateKeys.composite(PING_OBJECT_TYPE, requestId.value());
    }
}
