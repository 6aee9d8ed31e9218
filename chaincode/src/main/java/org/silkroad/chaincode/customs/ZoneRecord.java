package org.silkroad.chaincode.customs;

import java.util.List;
import org.silkroad.chaincode.shared.MspId;

/**
 * A Digital Free Trade Zone a state's customs defines, key ({@value CustomsKeys#ZONE}, state, zoneId). Its rules are
 * versions of {@link RulesRecord}; this record lists them (version and start) so that a declaration finds the rules in
 * force with point reads only.
 *
 * @param state the state whose customs runs the zone
 * @param zoneId the zone's ID, unique within the state
 * @param name a display name
 * @param ports UN/LOCODEs of the zone's ports, sorted; goods enter the zone through them
 * @param rules every rules version, oldest first
 * @param updatedAt timestamp of the last change
 * @param updatedTx its transaction
 */
public record ZoneRecord(MspId state, String zoneId, String name, List<String> ports, List<RulesVersion> rules,
        String updatedAt, String updatedTx) {

    public ZoneRecord {
        ports = List.copyOf(ports);
        rules = List.copyOf(rules);
    }

    /**
     * @param version the rules version
     * @param effectiveFrom when it takes effect, ISO-8601 UTC
     */
    public record RulesVersion(int version, String effectiveFrom) {}
}
