package org.silkroad.ops.report;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.silkroad.ops.shared.NetworkDescription;

/**
 * The report's ledger consistency check for other commands (the fault suite): do all states' peers hold the same,
 * self-consistent block at their common height? Same queries and rules as {@code report}'s "Ledger" section.
 */
public final class ChainAgreement {

    /**
     * @param agree  every peer answered and all hold the same block at the common height
     * @param block  the compared block number, or null when no peer answered
     * @param hash   its header hash (hex) when they agree, else null
     * @param detail heights per state and any peer's error, for a one-line report
     */
    public record Result(boolean agree, Long block, String hash, String detail) {
    }

    private ChainAgreement() {
    }

    public static Result check(NetworkDescription network) {
        Objects.requireNonNull(network, "network");
        Report.Ledger ledger = new LedgerCheck(PeerChainSource.opener(network.channel(), ReportCommand.LEDGER_DEADLINE))
                .check(network);
        String heights = ledger.peers().stream()
                .map(p -> p.state() + " " + (p.height() == null ? "error: " + p.error() : "height " + p.height()))
                .collect(Collectors.joining(", "));
        List<String> problems = ledger.blocks().stream().filter(b -> b.error() != null || !Boolean.TRUE.equals(b.linked()))
                .map(b -> b.state() + ": " + (b.error() != null ? b.error() : "block not linked to its chain")).toList();
        return new Result(ledger.agree(), ledger.comparedBlock(), ledger.blockHash(),
                heights + (problems.isEmpty() ? "" : "; " + String.join("; ", problems)));
    }
}
