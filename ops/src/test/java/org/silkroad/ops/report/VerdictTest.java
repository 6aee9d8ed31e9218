package org.silkroad.ops.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final String HASH = "9e01d316a648af6ce318fc07a6617de6b16157171dbccb4691b71a0ccbf3d5ee";
    private static final String OTHER = "0000000000000000000000000000000000000000000000000000000000000001";

    @Test
    void healthy_network_exits_zero_with_no_failures() {
        Verdict verdict = verdict(processes(alive("peer-CN", 10)), List.of(ok("peer", "CN")), agreeing(),
                noCertificates());

        assertThat(verdict.ok()).isTrue();
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.exitCode()).isZero();
    }

    @Test
    void dead_process_fails_and_is_named() {
        Verdict verdict = verdict(processes(alive("peer-CN", 10),
                        new Report.ProcessEntry("orderer-MY-0", 21282L, false, 0, 0, "no such process")),
                List.of(ok("peer", "CN")), agreeing(), noCertificates());

        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.failures()).containsExactly("process orderer-MY-0 (pid 21282): no such process");
    }

    @Test
    void network_without_pid_files_fails() {
        Verdict verdict = verdict(processes(), List.of(ok("peer", "CN")), agreeing(), noCertificates());

        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.failures()).singleElement().asString().contains("no pid files");
    }

    @Test
    void unhealthy_endpoint_fails_with_its_status_and_detail() {
        Report.Health down = new Report.Health("gateway", "MY", "http://127.0.0.1:8082/actuator/health", 503, "DOWN",
                false, "ledger DOWN: peer peer0.my.silkroad.test cannot be reached", 12);

        Verdict verdict = verdict(processes(alive("gateway-MY", 10)), List.of(ok("peer", "CN"), down), agreeing(),
                noCertificates());

        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.failures()).containsExactly("health gateway MY (http://127.0.0.1:8082/actuator/health): "
                + "HTTP 503 DOWN - ledger DOWN: peer peer0.my.silkroad.test cannot be reached");
    }

    @Test
    void endpoint_that_did_not_answer_fails_as_no_answer() {
        Report.Health refused = new Report.Health("orderer", "osn0.rw.silkroad.test", "http://127.0.0.1:9043/healthz",
                null, null, false, "connection refused (is the process listening?)", 1);

        Verdict verdict = verdict(processes(alive("peer-CN", 10)), List.of(refused), agreeing(), noCertificates());

        assertThat(verdict.failures()).singleElement().asString()
                .contains("orderer osn0.rw.silkroad.test").contains("no answer - connection refused");
    }

    @Test
    void peers_holding_different_blocks_at_the_common_height_fail() {
        Report.Ledger forked = new Report.Ledger(List.of(chain("CN", 9), chain("MY", 9)), 9L, 8L,
                List.of(block("CN", HASH), block("MY", OTHER)), null, false);

        Verdict verdict = verdict(processes(alive("peer-CN", 10)), List.of(ok("peer", "CN")), forked,
                noCertificates());

        assertThat(verdict.exitCode()).isEqualTo(1);
        assertThat(verdict.failures()).containsExactly(
                "ledger: peers disagree on block 8: CN=" + HASH + ", MY=" + OTHER);
    }

    @Test
    void unreachable_peer_fails_even_when_the_others_agree() {
        Report.Ledger partial = new Report.Ledger(List.of(chain("CN", 9),
                new Report.PeerChain("RW", "RWMSP", "peer0.rw.silkroad.test 127.0.0.1:9051", null, null, null,
                        "peer unreachable (UNAVAILABLE)")),
                9L, 8L, List.of(block("CN", HASH)), null, false);

        Verdict verdict = verdict(processes(alive("peer-CN", 10)), List.of(ok("peer", "CN")), partial,
                noCertificates());

        assertThat(verdict.failures()).containsExactly("ledger RW: peer unreachable (UNAVAILABLE)");
    }

    @Test
    void block_whose_hash_does_not_link_to_the_peers_chain_fails() {
        Report.BlockCheck unlinked = new Report.BlockCheck("CN", HASH, true, "next-block", false, null);
        Report.Ledger ledger = new Report.Ledger(List.of(chain("CN", 10)), 10L, 9L, List.of(unlinked), null, false);

        Verdict verdict = verdict(processes(alive("peer-CN", 10)), List.of(ok("peer", "CN")), ledger,
                noCertificates());

        assertThat(verdict.failures()).singleElement().asString()
                .contains("block 9").contains("next block's previous_hash");
    }

    @Test
    void every_failed_check_is_listed() {
        Report.Health down = new Report.Health("peer", "MY", "http://127.0.0.1:8046/healthz", 503,
                "Service Unavailable", false, null, 3);
        Report.Ledger noPeer = new Report.Ledger(List.of(new Report.PeerChain("MY", "MYMSP", "p", null, null, null,
                "peer unreachable")), null, null, List.of(), null, false);

        Verdict verdict = verdict(processes(new Report.ProcessEntry("peer-MY", 1L, false, 0, 0, "no such process")),
                List.of(down), noPeer, noCertificates());

        assertThat(verdict.failures()).hasSize(3);
    }

    private static Report.Processes processes(Report.ProcessEntry... entries) {
        return new Report.Processes(List.of(entries), 0);
    }

    private static Report.ProcessEntry alive(String name, long rssKib) {
        return new Report.ProcessEntry(name, 1L, true, rssKib, 0, null);
    }

    private static Report.Health ok(String kind, String name) {
        return new Report.Health(kind, name, "http://127.0.0.1:7046/healthz", 200, "OK", true, null, 5);
    }

    /** The verdict on a network with no change under way (OperationsCheckTest has those). */
    private static Verdict verdict(Report.Processes processes, List<Report.Health> health, Report.Ledger ledger,
                                   Report.Certificates certificates) {
        return Verdict.of(processes, health, ledger, certificates, List.of());
    }

    static Report.Ledger agreeing() {
        return new Report.Ledger(List.of(chain("CN", 9), chain("MY", 9)), 9L, 8L,
                List.of(block("CN", HASH), block("MY", HASH)), HASH, true);
    }

    private static Report.PeerChain chain(String state, long height) {
        return new Report.PeerChain(state, state + "MSP", "peer0", height, HASH, OTHER, null);
    }

    private static Report.BlockCheck block(String state, String hash) {
        return new Report.BlockCheck(state, hash, true, "chain-info", true, null);
    }

    @Test
    void an_expired_or_unreadable_certificate_fails_and_one_expiring_soon_does_not() {
        Instant at = Instant.parse("2027-11-30T05:58:00Z");
        Report.Certificates certificates = new Report.Certificates(List.of(
                new Report.CertificateEntry("MY", "MY/peer0/tls/server.crt", "CN=peer0.my.silkroad.test", at, -2L,
                        "expired", null),
                new Report.CertificateEntry("MY", "MY/identities/bank/cert.pem", null, null, null, "unreadable",
                        "CertificateException: no certificate"),
                new Report.CertificateEntry("CN", "CN/identities/bank/cert.pem", "CN=bank", at, 12L, "expiring",
                        null)), 30);

        Verdict verdict = verdict(processes(alive("peer-CN", 10)), List.of(ok("peer", "CN")), agreeing(),
                certificates);

        assertThat(verdict.failures()).containsExactly(
                "certificate MY/peer0/tls/server.crt (CN=peer0.my.silkroad.test) expired at 2027-11-30T05:58:00Z",
                "certificate MY/identities/bank/cert.pem cannot be read: CertificateException: no certificate");
    }

    static Report.Certificates noCertificates() {
        return new Report.Certificates(List.of(), 30);
    }
}
