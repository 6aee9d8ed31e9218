package org.silkroad.ops.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything one {@code report} run found; printed as a table or serialised as JSON (field names are the JSON's,
 * so renaming a component is a breaking change for scripts that read it).
 */
record Report(Instant generatedAt, String runFolder, String channel, String chaincode, String consensus,
              Processes processes, List<Health> health, Ledger ledger, Certificates certificates,
              List<Operation> operations, Verdict verdict) {

    Report {
        Objects.requireNonNull(processes, "processes");
        health = List.copyOf(health);
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(certificates, "certificates");
        operations = List.copyOf(operations);
        Objects.requireNonNull(verdict, "verdict");
    }

    /**
     * A change to the network a command started and has not finished ({@link OperationsCheck}).
     *
     * @param kind       {@code join}, {@code add-orderer}, {@code leave}, {@code upgrade}, {@code approval} or
     *                   {@code signatures}
     * @param subject    what is under way, in words
     * @param finishWith the command that finishes it
     * @param file       the run folder's file that says so, relative to the run folder
     */
    record Operation(String kind, String subject, String finishWith, String file) {
    }

    /**
     * @param totalRssKib resident memory of every listed process and its descendants, each process counted once
     */
    record Processes(List<ProcessEntry> processes, long totalRssKib) {
        Processes {
            processes = List.copyOf(processes);
        }
    }

    /**
     * @param pid         null when the pid file does not hold a number
     * @param rssKib      VmRSS of the process plus its descendants
     * @param descendants how many descendant processes {@code rssKib} includes
     * @param problem     why the process is not alive, or null
     */
    record ProcessEntry(String name, Long pid, boolean alive, long rssKib, int descendants, String problem) {
    }

    /**
     * One health endpoint.
     *
     * @param kind       {@code peer}, {@code orderer} or {@code gateway}
     * @param httpStatus null when no HTTP answer came back
     * @param status     the body's {@code status} field ({@code OK} for Fabric, {@code UP} for Spring Boot), or null
     * @param detail     failed checks or down components the body names, or why there was no answer
     */
    record Health(String kind, String name, String url, Integer httpStatus, String status, boolean ok, String detail,
                  long millis) {
    }

    /**
     * Ledger consistency across the states' peers.
     *
     * @param commonHeight  the lowest height among the peers that answered, or null if none did
     * @param comparedBlock {@code commonHeight - 1}: the newest block every peer has, or null
     * @param blockHash     the header hash of that block when every peer agrees, else null
     * @param agree         every state's peer answered and all hold the same, self-consistent block there
     */
    record Ledger(List<PeerChain> peers, Long commonHeight, Long comparedBlock, List<BlockCheck> blocks,
                  String blockHash, boolean agree) {
        Ledger {
            peers = List.copyOf(peers);
            blocks = List.copyOf(blocks);
        }
    }

    /** {@code qscc GetChainInfo} from one state's peer; {@code error} set (and the rest null) when it failed. */
    record PeerChain(String state, String mspId, String peer, Long height, String currentBlockHash,
                     String previousBlockHash, String error) {
    }

    /**
     * The compared block as one peer returned it.
     *
     * @param headerHash    SHA-256 of the header's DER encoding, computed here
     * @param dataHashValid the header's {@code data_hash} matches the block's transactions
     * @param linkedBy      what the computed hash was checked against: {@code next-block} (the next block's
     *                      {@code previous_hash}) or {@code chain-info} ({@code currentBlockHash}, when the compared
     *                      block is the peer's newest)
     * @param linked        the computed hash equals that reference
     */
    record BlockCheck(String state, String headerHash, Boolean dataHashValid, String linkedBy, Boolean linked,
                      String error) {
    }

    /**
     * The certificates of the run folder ({@link CertificateCheck}), the first to expire first.
     *
     * @param warningDays how many days before its expiry a certificate is {@code expiring}
     */
    record Certificates(List<CertificateEntry> certificates, long warningDays) {
        Certificates {
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * One certificate.
     *
     * @param path     its file, relative to the run folder
     * @param subject  RFC 2253; null when the file could not be read
     * @param daysLeft whole days until {@code notAfter}, rounded down (negative once expired); null when unreadable
     * @param status   {@code ok}, {@code expiring} (within the warning days), {@code expired} or {@code unreadable}
     * @param problem  why it could not be read, or null
     */
    record CertificateEntry(String state, String path, String subject, Instant notAfter, Long daysLeft, String status,
                            String problem) {
    }
}
