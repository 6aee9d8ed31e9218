package org.silkroad.ops.report;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import org.silkroad.ops.shared.TextTable;

/** The report as aligned plain-text tables, for terminals and release notes. */
final class TextReport {

    private TextReport() {
    }

    static void print(Report report, PrintStream out) {
        out.printf("Silkroad Ledger network report, %s%n", report.generatedAt());
        out.printf("run folder %s | channel %s | chaincode %s | consensus %s%n", report.runFolder(), report.channel(),
                report.chaincode(), report.consensus() == null ? "?" : report.consensus());

        out.println();
        out.println("Processes");
        TextTable processes = new TextTable("PROCESS", "PID", "ALIVE", "RSS MiB", "CHILDREN", "PROBLEM");
        for (Report.ProcessEntry p : report.processes().processes()) {
            processes.row(p.name(), p.pid() == null ? "-" : p.pid().toString(), yesNo(p.alive()),
                    p.alive() ? mib(p.rssKib()) : "-", p.alive() ? Integer.toString(p.descendants()) : "-",
                    p.problem() == null ? "" : p.problem());
        }
        processes.row("total", "", "", mib(report.processes().totalRssKib()), "", "");
        processes.print(out);

        out.println();
        out.println("Health");
        TextTable health = new TextTable("COMPONENT", "URL", "HTTP", "STATUS", "OK", "MS", "DETAIL");
        for (Report.Health h : report.health()) {
            health.row(h.kind() + " " + h.name(), h.url() == null ? "-" : h.url(),
                    h.httpStatus() == null ? "-" : h.httpStatus().toString(), h.status() == null ? "-" : h.status(),
                    yesNo(h.ok()), Long.toString(h.millis()), h.detail() == null ? "" : h.detail());
        }
        health.print(out);

        Report.Ledger ledger = report.ledger();
        out.println();
        out.println("Ledger (channel " + report.channel() + ")");
        TextTable chains = new TextTable("STATE", "MSP", "PEER", "HEIGHT", "CURRENT BLOCK HASH", "ERROR");
        for (Report.PeerChain c : ledger.peers()) {
            chains.row(c.state(), c.mspId(), c.peer(), c.height() == null ? "-" : c.height().toString(),
                    c.currentBlockHash() == null ? "-" : c.currentBlockHash(), c.error() == null ? "" : c.error());
        }
        chains.print(out);
        if (ledger.comparedBlock() != null) {
            out.println();
            out.printf("Block %d (lowest common height %d, minus one), as each peer holds it:%n",
                    ledger.comparedBlock(), ledger.commonHeight());
            TextTable blocks = new TextTable("STATE", "HEADER HASH (computed)", "DATA HASH", "CHECKED AGAINST", "ERROR");
            for (Report.BlockCheck b : ledger.blocks()) {
                blocks.row(b.state(), b.headerHash() == null ? "-" : b.headerHash(),
                        b.dataHashValid() == null ? "-" : b.dataHashValid() ? "valid" : "MISMATCH",
                        b.linked() == null ? "-" : b.linkedBy() + (b.linked() ? " ok" : " MISMATCH"),
                        b.error() == null ? "" : b.error());
            }
            blocks.print(out);
        }
        out.println();
        out.println(ledger.agree()
                ? "Peers agree: yes, block " + ledger.comparedBlock() + " hash " + ledger.blockHash()
                : "Peers agree: NO (the reasons are listed under Verdict)");

        printCertificates(report.certificates(), out);

        out.println();
        out.println("Operations under way" + (report.operations().isEmpty() ? ": none" : ""));
        for (Report.Operation operation : report.operations()) {
            out.println("  " + operation.kind() + ": " + operation.subject() + "; finish it: "
                    + operation.finishWith());
        }

        out.println();
        if (report.verdict().ok()) {
            out.println("Verdict: OK (every process alive, every health check OK, peers agree, no certificate"
                    + " expired, nothing unfinished)");
        } else {
            out.printf("Verdict: FAILED (%d %s)%n", report.verdict().failures().size(),
                    report.verdict().failures().size() == 1 ? "problem" : "problems");
            report.verdict().failures().forEach(f -> out.println("  - " + f));
        }
    }

    /** A line for all of them; a row for each one expired, expiring or unreadable. */
    private static void printCertificates(Report.Certificates certificates, PrintStream out) {
        List<Report.CertificateEntry> all = certificates.certificates();
        List<Report.CertificateEntry> attention = all.stream().filter(c -> !c.status().equals("ok")).toList();
        out.println();
        out.printf("Certificates (%d in the run folder: CAs, nodes, admins, the gateways' identities)%n", all.size());
        all.stream().filter(c -> c.notAfter() != null).findFirst().ifPresent(first -> out.printf(
                "  the first to expire: %s %s (%s), %s, in %d days%n", first.state(), first.path(), first.subject(),
                first.notAfter(), first.daysLeft()));
        if (attention.isEmpty()) {
            out.printf("  none expired or expiring within %d days%n", certificates.warningDays());
            return;
        }
        TextTable table = new TextTable("STATE", "FILE", "SUBJECT", "EXPIRES", "DAYS LEFT", "STATUS");
        for (Report.CertificateEntry c : attention) {
            table.row(c.state(), c.path(), c.subject() == null ? "-" : c.subject(),
                    c.notAfter() == null ? "-" : c.notAfter().toString(),
                    c.daysLeft() == null ? "-" : c.daysLeft().toString(),
                    c.status() + (c.problem() == null ? "" : ": " + c.problem()));
        }
        table.print(out);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "NO";
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }
}
