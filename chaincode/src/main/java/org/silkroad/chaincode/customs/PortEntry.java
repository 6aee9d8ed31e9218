package org.silkroad.chaincode.customs;

import org.silkroad.chaincode.shared.MspId;

/** Which zone a port belongs to, key ({@value CustomsKeys#PORT}, UN/LOCODE). */
record PortEntry(String port, MspId state, String zoneId) {}
