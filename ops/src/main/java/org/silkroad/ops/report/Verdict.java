package org.silkroad.ops.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Whether the network is healthy, and if not, one line per failed check in words an operator can act on.
 *
 * @param ok       every process alive, every health endpoint OK, every peer agreeing on the ledger, no certificate
 *                 of the network expired or unreadable, and no change to the network left unfinished
 * @param failures empty when {@code ok}
 */
record Verdict(boolean ok, List<String> failures) {

    Verdict {
        failures = List.copyOf(failures);
        if (ok != failures.isEmpty()) {
            throw new IllegalArgumentException("ok must be true exactly when there are no failures");
        }
    }

    /** The process exit code: 0 when the network is healthy, 1 when any check failed. */
    int exitCode() {
        return ok ? 0 : 1;
    }

    static Verdict of(Report.Processes processes, List<Report.Health> health, Report.Ledger ledger,
                      Report.Certificates certificates, List<Report.Operation> operations) {
        Objects.requireNonNull(processes, "processes");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(ledger, "ledger");
        List<String> failures = new ArrayList<>();

        if (processes.processes().isEmpty()) {
            failures.add("processes: no pid files in the run folder's pids/ (is the network up?)");
        }
        for (Report.ProcessEntry p : processes.processes()) {
            if (!p.alive()) {
                failures.add("process " + p.name() + (p.pid() == null ? "" : " (pid " + p.pid() + ")") + ": "
                        + (p.problem() == null ? "not running" : p.problem()));
            }
        }

        for (Report.Health h : health) {
            if (!h.ok()) {
                String got = h.httpStatus() == null ? "no answer"
                        : "HTTP " + h.httpStatus() + (h.status() == null ? "" : " " + h.status());
                failures.add("health " + h.kind() + " " + h.name() + " (" + h.url() + "): " + got
                        + (h.detail() == null ? "" : " - " + h.detail()));
            }
        }

        for (Report.PeerChain peer : ledger.peers()) {
            if (peer.error() != null) {
                failures.add("ledger " + peer.state() + ": " + peer.error());
            }
        }
        for (Report.BlockCheck block : ledger.blocks()) {
            if (block.error() != null) {
                failures.add("ledger " + block.state() + ": block " + ledger.comparedBlock() + ": " + block.error());
                continue;
            }
            if (Boolean.FALSE.equals(block.dataHashValid())) {
                failures.add("ledger " + block.state() + ": block " + ledger.comparedBlock()
                        + " header data_hash does not match its transactions");
            }
            if (Boolean.FALSE.equals(block.linked())) {
                failures.add("ledger " + block.state() + ": block " + ledger.comparedBlock() + " hash "
                        + block.headerHash() + " does not match the " + ("next-block".equals(block.linkedBy())
                        ? "next block's previous_hash" : "peer's currentBlockHash"));
            }
        }
        List<Report.BlockCheck> hashed = ledger.blocks().stream().filter(b -> b.headerHash() != null).toList();
        if (hashed.stream().map(Report.BlockCheck::headerHash).distinct().count() > 1) {
            failures.add("ledger: peers disagree on block " + ledger.comparedBlock() + ": " + hashed.stream()
                    .map(b -> b.state() + "=" + b.headerHash()).collect(Collectors.joining(", ")));
        }
        for (Report.CertificateEntry c : certificates.certificates()) {
            if (c.status().equals("expired")) {
                failures.add("certificate " + c.path() + " (" + c.subject() + ") expired at " + c.notAfter());
            } else if (c.status().equals("unreadable")) {
                failures.add("certificate " + c.path() + " cannot be read: " + c.problem());
            }
        }
        if (ledger.peers().isEmpty()) {
            failures.add("ledger: network.json names no peers");
        }
        for (Report.Operation operation : operations) {
            failures.add("unfinished " + operation.kind() + ": " + operation.subject() + " (" + operation.file()
                    + "); finish it: " + operation.finishWith());
        }
        if (!ledger.agree() && failures.isEmpty()) {
            // Defensive: a disagreement must never be reported as a healthy network even if no line above explains it.
            failures.add("ledger: peers could not be shown to agree");
        }
        return new Verdict(failures.isEmpty(), failures);
    }
}
