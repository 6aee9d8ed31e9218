package org.silkroad.gateway.system;

import java.util.Map;

import org.silkroad.gateway.shared.FabricIdentity;
import org.silkroad.gateway.shared.Ledger;
import org.silkroad.gateway.shared.LedgerException;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The calls to the chaincode's {@code system} contract, with its JSON in and out. */
@Component
class SystemLedger {

    static final String CONTRACT = "system";

    private final Ledger ledger;
    private final JsonMapper json;

    SystemLedger(Ledger ledger, JsonMapper json) {
        this.ledger = ledger;
        this.json = json;
    }

    /** Submits {@code system:ping}; idempotent per request ID (the chaincode returns the first record). */
    PingReceipt ping(FabricIdentity caller, String requestId) {
        String argument = json.writeValueAsString(Map.of("requestId", requestId));
        Ledger.Committed committed = ledger.submit(caller, CONTRACT, "ping", argument);
        PingRecord record = read(committed.result(), PingRecord.class, "ping", committed.transactionId());
        return new PingReceipt(record, committed.transactionId(), committed.blockNumber());
    }

    /** Evaluates {@code system:readPing}. */
    PingRecord readPing(FabricIdentity caller, String requestId) {
        return read(ledger.evaluate(caller, CONTRACT, "readPing", requestId), PingRecord.class, "readPing", null);
    }

    /** Evaluates {@code system:version}. */
    VersionInfo version(FabricIdentity caller) {
        return read(ledger.evaluate(caller, CONTRACT, "version"), VersionInfo.class, "version", null);
    }

    private <T> T read(byte[] result, Class<T> type, String transaction, String transactionId) {
        try {
            T value = json.readValue(result, type);
            if (value == null) {
                throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                        CONTRACT + ":" + transaction + " returned null", transactionId, null);
            }
            return value;
        } catch (JacksonException e) {
            throw new LedgerException(LedgerException.Kind.BAD_RESPONSE, null,
                    CONTRACT + ":" + transaction + " returned a result that is not the expected JSON", transactionId, e);
        }
    }
}
