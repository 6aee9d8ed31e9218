package org.silkroad.gateway.system;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What chaincode the ledger runs: its name, contracts and version. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VersionInfo(String chaincode, List<String> contracts, String version) {
}
