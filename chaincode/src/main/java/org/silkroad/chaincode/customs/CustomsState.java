package org.silkroad.chaincode.customs;

import java.time.Instant;
import java.util.Locale;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.silkroad.chaincode.shared.Json;
import org.silkroad.chaincode.shared.LedgerError;
import org.silkroad.chaincode.shared.StateKeys;
import org.silkroad.chaincode.shared.Stored;
import org.silkroad.chaincode.shared.MspId;
import org.silkroad.chaincode.shared.WalletId;

/** Typed point reads and writes of the customs contract's state for one transaction. */
final class CustomsState {

    private final ChaincodeStub stub;

    CustomsState(ChaincodeStub stub) {
        this.stub = stub;
    }

    private String key(String objectType, String... attributes) {
        return StateKeys.composite(objectType, attributes);
    }

    private <T> Stored<T> read(String key, Class<T> type) {
        return Stored.read(stub, key, type);
    }

    /** Writes a key only the given state's peers may change from now on (key-level endorsement). */
    private void writeControlled(String key, Object value, MspId state) {
        stub.putState(key, Json.bytes(value));
        stub.setStateValidationParameter(key, CustomsContract.endorsedBy(state));
    }

    ZoneRecord zone(MspId state, String zoneId) {
        Stored<ZoneRecord> stored = read(key(CustomsKeys.ZONE, state.value(), zoneId), ZoneRecord.class);
        return stored == null ? null : stored.value();
    }

    ZoneRecord requireZone(MspId state, String zoneId) {
        ZoneRecord zone = zone(state, zoneId);
        if (zone == null) {
            throw LedgerError.NOT_FOUND.exception("%s has no zone %s", state, zoneId);
        }
        return zone;
    }

    void writeZone(ZoneRecord zone) {
        writeControlled(key(CustomsKeys.ZONE, zone.state().value(), zone.zoneId()), zone, zone.state());
    }

    RulesRecord rules(MspId state, String zoneId, int version) {
        Stored<RulesRecord> stored = read(key(CustomsKeys.RULES, state.value(), zoneId, versionText(version)),
                RulesRecord.class);
        return stored == null ? null : stored.value();
    }

    void writeRules(RulesRecord rules) {
        writeControlled(key(CustomsKeys.RULES, rules.state().value(), rules.zoneId(), versionText(rules.version())),
                rules, rules.state());
    }

    /** The rules version in force at a time: the latest whose start is not after it. */
    RulesRecord inForce(ZoneRecord zone, Instant at) {
        RulesRecord rules = inForceOrNull(zone, at);
        if (rules == null) {
            throw LedgerError.NO_RULES_IN_FORCE.exception("zone %s of %s has no rules in force at %s", zone.zoneId(),
                    zone.state(), at);
        }
        return rules;
    }

    RulesRecord inForceOrNull(ZoneRecord zone, Instant at) {
        ZoneRecord.RulesVersion found = null;
        for (ZoneRecord.RulesVersion version : zone.rules()) {
            if (!Instant.parse(version.effectiveFrom()).isAfter(at)) {
                found = version;
            }
        }
        if (found == null) {
            return null;
        }
        RulesRecord rules = rules(zone.state(), zone.zoneId(), found.version());
        if (rules == null) {
            throw LedgerError.INTERNAL.exception("zone %s lists rules version %d, which is missing", zone.zoneId(),
                    found.version());
        }
        return rules;
    }

    PortEntry port(String port) {
        Stored<PortEntry> stored = read(key(CustomsKeys.PORT, port), PortEntry.class);
        return stored == null ? null : stored.value();
    }

    void writePort(PortEntry entry) {
        writeControlled(key(CustomsKeys.PORT, entry.port()), entry, entry.state());
    }

    void deletePort(String port) {
        stub.delState(key(CustomsKeys.PORT, port));
    }

    Stored<DeclarationRecord> declaration(String declarationId) {
        return read(key(CustomsKeys.DECLARATION, declarationId), DeclarationRecord.class);
    }

    Stored<DeclarationRecord> requireDeclaration(String declarationId) {
        Stored<DeclarationRecord> stored = declaration(declarationId);
        if (stored == null) {
            throw LedgerError.NOT_FOUND.exception("no declaration %s", declarationId);
        }
        return stored;
    }

    /**
     * Writes a declaration; a new one gets the key-level policy "a peer of the deciding state", which then governs
     * every decision (Fabric checks a change against the policy in force before it).
     */
    void writeDeclaration(DeclarationRecord declaration, boolean isNew) {
        String key = key(CustomsKeys.DECLARATION, declaration.declarationId());
        if (isNew) {
            writeControlled(key, declaration, declaration.state());
        } else {
            stub.putState(key, Json.bytes(declaration));
        }
    }

    void indexBill(String billId, String declarationId) {
        stub.putState(key(CustomsKeys.BY_BILL, billId), Json.bytes(new DeclarationIndex(declarationId)));
    }

    void indexExport(String invoiceId, String declarationId) {
        stub.putState(key(CustomsKeys.EXPORT_BY_INVOICE, invoiceId), Json.bytes(new DeclarationIndex(declarationId)));
    }

    Stored<BrokerRecord> broker(WalletId importer, WalletId broker) {
        return read(key(CustomsKeys.BROKER, importer.value(), broker.value()), BrokerRecord.class);
    }

    void writeBroker(BrokerRecord appointment) {
        stub.putState(key(CustomsKeys.BROKER, appointment.importer().value(), appointment.broker().value()),
                Json.bytes(appointment));
    }

    void deleteBroker(WalletId importer, WalletId broker) {
        stub.delState(key(CustomsKeys.BROKER, importer.value(), broker.value()));
    }

    static String versionText(int version) {
        return String.format(Locale.ROOT, "%06d", version);
    }
}
