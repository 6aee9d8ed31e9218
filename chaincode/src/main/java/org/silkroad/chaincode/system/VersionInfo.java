package org.silkroad.chaincode.system;

import java.util.List;

/**
 * Result of {@code system:version}.
 *
 * @param chaincode the deployed chaincode name
 * @param version the build's project version
 * @param contracts the contracts this chaincode holds, in the order the chaincode lists them
 */
public record VersionInfo(String chaincode, String version, List<String> contracts) {

    public VersionInfo {
        contracts = List.copyOf(contracts);
    }
}
