package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.silkroad.gateway.shared.LocalNetwork.ok;
import static org.silkroad.gateway.shared.LocalNetwork.problem;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Status;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.gateway.explorer.OpsTool;
import tools.jackson.databind.JsonNode;

/**
 * A member state joins the running network ({@code test-network/silkroad.sh join BE}, or the next free code of
 * {@link #CANDIDATES} on a network that has it), admitted by a majority of the member states' admins, and takes part
 * at once: its gateway serves its callers, its peer holds the whole chain and endorses, the chaincode's endorsement
 * policy is a majority of the four states (two states' endorsements no longer commit), its central bank issues its
 * own currency, which its business pays to a CN business, its bank attests about a CN business with the details in
 * the new pair of states' private data collection, and a founding state's gateway names a majority of the four as
 * endorsers of an attestation without a restart. Its explorer shows the chain from block 0, and a bundle of its
 * transaction verifies offline against the states' CA certificates, the new state's among them. Then it gets an orderer
 * of its own ({@code silkroad.sh add-orderer}), which the blocks need while another state's is stopped; and then it
 * leaves again, its orderer first ({@code remove-orderer}, {@code leave}), and CN's central bank takes back the CNY
 * its business held.
 *
 * <p>Tagged {@value #TAG}: Maven's {@code network} profile leaves it out, as it changes the network every other
 * integration test runs on; the test command runs it on its own after them ({@code test-network/test.sh}).
 */
@Tag(StateJoinIT.TAG)
class StateJoinIT {

    static final String TAG = "state-join";
    /**
     * States that may join, with the currency their central bank registers: the first that is not and never was a
     * member joins.
     */
    static final List<Candidate> CANDIDATES = List.of(new Candidate("BE", "EUR"), new Candidate("ET", "ETB"),
            new Candidate("KZ", "KZT"), new Candidate("EG", "EGP"));
    private static final Duration COMMAND = Duration.ofMinutes(8);
    private static final Duration VISIBLE = Duration.ofSeconds(30);
    /** How long the orderers may take to agree on a new leader (view change) and order the next transaction. */
    private static final Duration REORDER = Duration.ofMinutes(3);

    @Test
    void a_new_state_is_admitted_takes_part_in_endorsement_money_private_data_and_the_explorer_and_leaves(
            @TempDir Path dir) throws Exception {
        LocalNetwork before = LocalNetwork.load();
        Set<String> founders = before.stateCodes();
        // A state that left keeps its folder (and its code): it does not join again.
        Candidate candidate = CANDIDATES.stream().filter(c -> !founders.contains(c.code())
                        && !Files.exists(before.runFolder().resolve(c.code()))).findFirst()
                .orElseThrow(() -> new IllegalStateException("every candidate state is or was a member"));
        String code = candidate.code();
        String currency = candidate.currency();
        String settings = Files.readString(before.runFolder().resolve("settings.env"));

        // Bad input: refused before anything changes.
        LocalNetwork.CommandOutcome lowercase = before.networkScript(COMMAND, "join", code.toLowerCase());
        assertThat(lowercase.exitCode()).as(lowercase.output()).isNotZero();
        assertThat(lowercase.output()).contains("two capital letters");
        LocalNetwork.CommandOutcome member = before.networkScript(COMMAND, "join", "CN");
        assertThat(member.exitCode()).as(member.output()).isNotZero();
        assertThat(member.output()).contains("CN is a member state already");
        assertThat(Files.readString(before.runFolder().resolve("settings.env"))).isEqualTo(settings);

        LocalNetwork.CommandOutcome joined = before.networkScript(COMMAND, "join", code);
        assertThat(joined.exitCode()).as(joined.output()).isZero();
        assertThat(joined.output()).contains(code + "MSP is a member of " + before.channel(), code + " joined in");

        LocalNetwork network = LocalNetwork.load();
        assertThat(network.stateCodes()).containsAll(founders).contains(code).hasSize(founders.size() + 1);
        LocalNetwork.State fresh = network.state(code);
        LocalNetwork.State cn = network.state("CN");

        // Its caller's transaction, endorsed by a majority of the states, its own among them.
        String requestId = "join-" + UUID.randomUUID();
        JsonNode ping = ok(network.postJson(fresh, "/api/v1/system/pings", fresh.apiKey("business-1"),
                "{\"requestId\":\"" + requestId + "\"}"));
        assertThat(ping.path("record").path("creatorMspId").asString()).isEqualTo(fresh.mspId());
        int majority = network.stateCodes().size() / 2 + 1;
        String txId = ping.path("transactionId").asString();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode tx = ok(network.get(fresh, "/api/v1/explorer/transactions/" + txId, fresh.apiKey("court")));
            assertThat(tx.path("validationCode").asString()).isEqualTo("VALID");
            assertThat(tx.path("endorserStates").valueStream().map(JsonNode::asString).toList())
                    .hasSize(majority).contains(fresh.mspId());
        });
        JsonNode genesis = ok(network.get(fresh, "/api/v1/explorer/blocks/0", fresh.apiKey("court")));
        assertThat(genesis.path("number").asLong()).as("its explorer holds the chain from the start").isZero();
        // A court's evidence of it verifies offline, against the CA certificates of the states the channel names.
        HttpResponse<String> export = network.get(fresh, "/api/v1/explorer/bundle?id=" + requestId,
                fresh.apiKey("court"));
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        LocalNetwork.CommandOutcome verified = OpsTool.verify(Files.writeString(dir.resolve("bundle.json"),
                export.body()));
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("VERIFIED", "created by " + fresh.mspId() + "/business-1",
                "(" + majority + " of " + network.stateCodes().size() + " states)");

        // The chaincode's policy counts the new state: two states' endorsements are no longer a majority.
        try (LocalNetwork.PeerConnection connection = cn.connectAs("business-1")) {
            Contract system = connection.gateway().getNetwork(network.channel())
                    .getContract(network.chaincode(), "system");
            Status two = system.newProposal("ping").addArguments("{\"requestId\":\"join-two-" + UUID.randomUUID()
                    + "\"}").setEndorsingOrganizations("CNMSP", "MYMSP").build().endorse().submitAsync().getStatus();
            assertThat(two.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
        }

        // Its central bank issues its own currency; its business pays a CN business with it.
        ok(network.postJson(fresh, "/api/v1/currencies", fresh.apiKey("central-bank"),
                "{\"code\":\"" + currency + "\",\"decimals\":2}"));
        ok(network.putJson(fresh, "/api/v1/wallets/me", fresh.apiKey("business-1"), null));
        ok(network.putJson(cn, "/api/v1/wallets/me", cn.apiKey("business-2"), null));
        ok(network.postJson(fresh, "/api/v1/currencies/" + currency + "/issuances", fresh.apiKey("central-bank"),
                "{\"requestId\":\"join-issue-%s\",\"wallet\":\"%s/business-1\",\"amount\":\"100.00\"}"
                        .formatted(UUID.randomUUID(), fresh.mspId())));
        BigDecimal held = balance(network, cn, "business-2", currency);
        ok(network.postJson(fresh, "/api/v1/payments", fresh.apiKey("business-1"),
                ("{\"paymentId\":\"join-pay-%s\",\"currency\":\"%s\",\"payee\":\"CNMSP/business-2\","
                        + "\"amount\":\"12.50\"}").formatted(UUID.randomUUID(), currency)));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(balance(network, cn, "business-2", currency))
                .isEqualByComparingTo(held.add(new BigDecimal("12.50"))));

        // CN's central bank pays the new state's business in CNY. It may not take it back while the state is a member.
        ok(network.postJson(cn, "/api/v1/currencies", cn.apiKey("central-bank"),
                "{\"code\":\"CNY\",\"decimals\":2}"));
        ok(network.putJson(cn, "/api/v1/wallets/me", cn.apiKey("central-bank"), null));
        ok(network.postJson(cn, "/api/v1/currencies/CNY/issuances", cn.apiKey("central-bank"),
                "{\"requestId\":\"join-cny-%s\",\"wallet\":\"%s/business-1\",\"amount\":\"7.00\"}"
                        .formatted(UUID.randomUUID(), fresh.mspId())));
        problem(network.postJson(cn, recovery(fresh), cn.apiKey("central-bank"), takeBack("CNMSP/central-bank")),
                403, "NOT_JURISDICTION");

        // Private data of the new pair of states: its bank attests about a CN business; the subject reads the
        // details, another founding state's bank may not.
        ok(network.postJson(cn, "/api/v1/credit/businesses", cn.apiKey("business-1"), ""));
        String attestationId = "join-a-" + UUID.randomUUID();
        ok(network.postJson(fresh, "/api/v1/credit/attestations", fresh.apiKey("bank"),
                attestation(attestationId, "CNMSP/business-1", currency)));
        await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(cn, "/api/v1/credit/attestations/"
                + attestationId + "/details", cn.apiKey("business-1"))).path("creditLimit").asString())
                .isEqualTo("5000.00"));
        LocalNetwork.State my = network.state("MY");
        await().atMost(VISIBLE).untilAsserted(() -> ok(network.get(my, "/api/v1/credit/attestations/"
                + attestationId, my.apiKey("bank"))));
        problem(network.get(my, "/api/v1/credit/attestations/" + attestationId + "/details", my.apiKey("bank")),
                403, "NO_CONSENT");

        // A founding state's gateway, started before the join, names a majority of the four states as endorsers
        // of an attestation whose details only its own state keeps.
        String own = "join-own-" + UUID.randomUUID();
        JsonNode attested = ok(network.postJson(cn, "/api/v1/credit/attestations", cn.apiKey("bank"),
                attestation(own, "CNMSP/business-1", currency)));
        assertThat(attested.path("detailsHash").asString()).hasSize(64);

        ownConsenter(network, fresh);
        // The operators' report covers the new state's processes and its orderer: every one alive and healthy, every
        // peer on one chain.
        String domain = code.toLowerCase() + ".silkroad.test";
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            LocalNetwork.CommandOutcome report = OpsTool.report(network.runFolder());
            assertThat(report.exitCode()).as(report.output()).isZero();
            assertThat(report.output()).contains("peer0." + domain, "osn0." + domain, "Verdict: OK");
        });
        departure(dir, fresh, requestId, held.add(new BigDecimal("12.50")), currency);
    }

    /**
     * The new state's own orderer: a BFT consenter admitted by a majority of the orderer states. With MY's orderer
     * stopped, the blocks need it: on a network of five consenters, four sign each block (quorum 4 of 5) and only four
     * run.
     */
    private void ownConsenter(LocalNetwork network, LocalNetwork.State fresh) throws Exception {
        LocalNetwork.CommandOutcome added = network.networkScript(COMMAND, "add-orderer", fresh.code());
        assertThat(added.exitCode()).as(added.output()).isZero();
        String name = "osn0." + fresh.code().toLowerCase() + ".silkroad.test";
        Matcher consenter = Pattern.compile(Pattern.quote(name) + " is consenter (\\d+)").matcher(added.output());
        assertThat(consenter.find()).as(added.output()).isTrue();
        assertThat(added.output()).contains(name + " is a consenter, in step with the others");
        int consenters = orderers(network);

        Path pidFile = network.runFolder().resolve("pids").resolve("orderer-MY-0.pid");
        ProcessHandle orderer = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        orderer.destroy();
        orderer.onExit().get();
        try {
            // When MY's orderer led (the fault suite before this test moves the lead), the others change view first:
            // 20 s timeouts, then four of the five agree, the new node among them. Meanwhile the gateway may answer
            // with a retryable problem (504: the transaction may still commit); the same request ID gets the outcome.
            long block = network.postUntilCommitted(fresh, "/api/v1/system/pings", fresh.apiKey("business-1"),
                    "{\"requestId\":\"join-quorum-" + UUID.randomUUID() + "\"}", REORDER).path("blockNumber")
                    .asLong();
            // With more consenters (a network where states joined before), a quorum of the others may sign alone.
            if (consenters == 5) {
                await().atMost(VISIBLE).untilAsserted(() -> assertThat(ok(network.get(fresh,
                        "/api/v1/explorer/blocks/" + block, fresh.apiKey("court"))).path("ordererSignatures")
                        .valueStream().map(JsonNode::asString).toList())
                        .hasSize(4).contains("consenter " + consenter.group(1)));
            }
        } finally {
            LocalNetwork.CommandOutcome up = network.networkScript(COMMAND, "up");
            assertThat(up.exitCode()).as(up.output()).isZero();
        }
    }

    /**
     * The state leaves again ({@code silkroad.sh leave}), after its consenter ({@code remove-orderer}): a majority of
     * the others sign it out, in signing rounds as operators on separate machines would, and each remaining state
     * approves the chaincode definition without it on its own peer ({@code silkroad.sh approve}). What it did stays
     * on the chain, verifiable; its identities are refused; two of the three states' endorsements commit again, the
     * founding states' gateways name endorsers among the three, and CN's central bank takes back the CNY that the
     * state's business held.
     */
    private void departure(Path dir, LocalNetwork.State left, String requestId, BigDecimal paid, String currency)
            throws Exception {
        LocalNetwork network = LocalNetwork.load();
        int orderers = orderers(network);
        String settings = Files.readString(network.runFolder().resolve("settings.env"));
        LocalNetwork.CommandOutcome founder = network.networkScript(COMMAND, "leave", "CN");
        assertThat(founder.exitCode()).as(founder.output()).isNotZero();
        assertThat(founder.output()).contains("removing 2 of CN's consenters would leave " + (orderers - 2));
        LocalNetwork.CommandOutcome stranger = network.networkScript(COMMAND, "leave", "ZZ");
        assertThat(stranger.exitCode()).as(stranger.output()).isNotZero();
        assertThat(stranger.output()).contains("ZZ is not a member state");
        assertThat(Files.readString(network.runFolder().resolve("settings.env"))).isEqualTo(settings);

        LocalNetwork.CommandOutcome noSuchNode = network.networkScript(COMMAND, "remove-orderer", left.code(), "7");
        assertThat(noSuchNode.exitCode()).as(noSuchNode.output()).isNotZero();
        assertThat(noSuchNode.output()).contains(left.code() + " runs no orderer 7 (its consenters: osn0)");
        assertThat(orderers(LocalNetwork.load())).isEqualTo(orderers);
        LocalNetwork.CommandOutcome removed = network.networkScript(COMMAND, "remove-orderer", left.code(), "0");
        assertThat(removed.exitCode()).as(removed.output()).isZero();
        assertThat(removed.output()).contains("osn0." + left.code().toLowerCase() + ".silkroad.test is no longer a"
                + " consenter", (orderers - 1) + " consenters");
        LocalNetwork.State cn = network.state("CN");
        network.postUntilCommitted(cn, "/api/v1/system/pings", cn.apiKey("business-1"),
                "{\"requestId\":\"leave-quorum-" + UUID.randomUUID() + "\"}", REORDER);

        // Across machines no operator holds another state's key: the departure goes in signing rounds. The command
        // writes the update and stops; each of the other states' operators reads it and signs it in turn.
        Map<String, String> rounds = Map.of("SILKROAD_SIGNING", "rounds");
        LocalNetwork.CommandOutcome proposed = network.networkScript(COMMAND, rounds, "leave", left.code());
        assertThat(proposed.exitCode()).as(proposed.output()).isEqualTo(3);
        Matcher round = Pattern.compile("The update is in (\\S+)\\. The admins of ([A-Z ]+) \\(")
                .matcher(proposed.output());
        assertThat(round.find()).as(proposed.output()).isTrue();
        assertThat(round.group(2).split(" ")).containsExactly("MY", "RW");
        LocalNetwork.CommandOutcome bySomeone = network.networkScript(COMMAND, "sign-update", round.group(1), "ZZ");
        assertThat(bySomeone.exitCode()).as(bySomeone.output()).isNotZero();
        assertThat(bySomeone.output()).contains("no state ZZ in this network");
        LocalNetwork.CommandOutcome byMy = network.networkScript(COMMAND, "sign-update", round.group(1), "MY");
        assertThat(byMy.exitCode()).as(byMy.output()).isZero();
        assertThat(byMy.output()).contains("- group  /Channel/Application/" + left.mspId(),
                "is signed by the admins of MYMSP");
        // With CN's (the submitter's) and MY's signatures, two of the four states: the orderers refuse it.
        LocalNetwork.CommandOutcome tooFew = network.networkScript(COMMAND, rounds, "leave", left.code());
        assertThat(tooFew.exitCode()).as(tooFew.output()).isEqualTo(1);
        assertThat(tooFew.output()).contains("signed by the admins of MYMSP",
                "the orderers refused the configuration update", "not satisfied");
        assertThat(LocalNetwork.load().stateCodes()).contains(left.code());
        LocalNetwork.CommandOutcome byRw = network.networkScript(COMMAND, "sign-update", round.group(1), "RW");
        assertThat(byRw.output()).contains("is signed by the admins of MYMSP RWMSP");
        LocalNetwork.CommandOutcome removedFromChannel = network.networkScript(COMMAND, rounds, "leave", left.code());
        // The chaincode's next definition, a majority of the three, waits for MY's and RW's approvals on their peers.
        assertThat(removedFromChannel.exitCode()).as(removedFromChannel.output()).isEqualTo(3);
        assertThat(removedFromChannel.output()).contains(left.mspId() + " is no longer a member of "
                + network.channel(), "The definition waits for the approvals of MY RW");
        for (String approver : List.of("MY", "RW")) {
            LocalNetwork.CommandOutcome approved = network.networkScript(COMMAND, "approve", approver);
            assertThat(approved.exitCode()).as(approved.output()).isZero();
            assertThat(approved.output()).contains("OutOf(2,'CNMSP.peer','MYMSP.peer','RWMSP.peer')",
                    "Approved by " + approver);
        }
        LocalNetwork.CommandOutcome leave = network.networkScript(COMMAND, rounds, "leave", left.code());
        assertThat(leave.exitCode()).as(leave.output()).isZero();
        assertThat(leave.output()).contains("Finishing the departure of " + left.code(),
                left.code() + " left in", currency + ", issued by " + left.code() + "'s central bank: 100.00"
                        + " outstanding in 2 notes", "CNY, issued by CN's central bank: 7.00 held by " + left.code()
                        + "'s wallets in 1 note (" + left.mspId() + "/business-1)");
        LocalNetwork after = LocalNetwork.load();
        assertThat(after.stateCodes()).doesNotContain(left.code()).hasSize(network.stateCodes().size() - 1);
        assertThat(orderers(after)).isEqualTo(orderers - 1);

        // Two of the three states' endorsements commit again; the state that left is refused at any peer.
        try (LocalNetwork.PeerConnection connection = cn.connectAs("business-1")) {
            Contract system = connection.gateway().getNetwork(after.channel()).getContract(after.chaincode(), "system");
            Status two = system.newProposal("ping").addArguments("{\"requestId\":\"leave-two-" + UUID.randomUUID()
                    + "\"}").setEndorsingOrganizations("CNMSP", "MYMSP").build().endorse().submitAsync().getStatus();
            assertThat(two.getCode()).isEqualTo(TxValidationCode.VALID);
        }
        for (String code : after.stateCodes()) {
            try (LocalNetwork.PeerConnection connection = after.state(code).connect(new X509Identity(left.mspId(),
                    left.certificate("business-1")), left.privateKey("business-1"))) {
                Contract system = connection.gateway().getNetwork(after.channel())
                        .getContract(after.chaincode(), "system");
                LocalNetwork.assertAccessDenied(() -> system.evaluateTransaction("version"), "the " + code + " peer");
            }
        }

        // A founding state's gateway names endorsers among the three (its view of the channel is at most 10 s old).
        LocalNetwork.State my = after.state("MY");
        String attestationId = "leave-a-" + UUID.randomUUID();
        await().atMost(VISIBLE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> ok(after.postJson(my,
                "/api/v1/credit/attestations", my.apiKey("bank"), attestation(attestationId, "CNMSP/business-1",
                        currency))));

        // What it did stays: its money held by a CN business, and a court's evidence of its first transaction,
        // verified against the configuration in force when it was made.
        assertThat(balance(after, cn, "business-2", currency)).isEqualByComparingTo(paid);
        // Its business's CNY: no central bank of its own is left to move it, and its holder is refused. CN's central
        // bank, the issuer, takes it back (each endorsing peer checks that the state has left); MY's may not.
        problem(after.postJson(my, recovery(left), my.apiKey("central-bank"), takeBack("MYMSP/central-bank")), 403,
                "NOT_JURISDICTION");
        BigDecimal issuerHeld = balance(after, cn, "central-bank", "CNY");
        JsonNode recovered = ok(after.postJson(cn, recovery(left), cn.apiKey("central-bank"),
                takeBack("CNMSP/central-bank")));
        assertThat(recovered.path("moved").asString()).isEqualTo("7.00");
        assertThat(recovered.path("complete").asBoolean()).isTrue();
        assertThat(recovered.path("payments").path(0).path("authority").asString()).isEqualTo("CNMSP");
        assertThat(balance(after, cn, "central-bank", "CNY"))
                .isEqualByComparingTo(issuerHeld.add(new BigDecimal("7.00")));
        JsonNode departedHolds = ok(after.get(cn, "/api/v1/wallets/" + left.mspId() + "/business-1/balance",
                cn.apiKey("central-bank"))).path("balances");
        assertThat(departedHolds.has("CNY")).as(departedHolds.toString()).isFalse();

        HttpResponse<String> export = after.get(cn, "/api/v1/explorer/bundle?id=" + requestId, cn.apiKey("court"));
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        LocalNetwork.CommandOutcome verified = OpsTool.verify(Files.writeString(dir.resolve("left.json"),
                export.body()));
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("VERIFIED", "created by " + left.mspId() + "/business-1");
    }

    /** Where a central bank moves what a wallet of {@code state}'s business-1 holds. */
    static String recovery(LocalNetwork.State state) {
        return "/api/v1/wallets/" + state.mspId() + "/business-1/recovery";
    }

    /** A recovery of that wallet's CNY into {@code successor}. */
    static String takeBack(String successor) {
        return ("{\"paymentId\":\"take-back-%s\",\"currency\":\"CNY\",\"successor\":\"%s\","
                + "\"reason\":\"its state left the channel\"}").formatted(UUID.randomUUID(), successor);
    }

    /** The orderers network.json lists: the consenters. */
    static int orderers(LocalNetwork network) throws Exception {
        return LocalNetwork.json(Files.readString(network.runFolder().resolve("network.json"))).path("orderers")
                .size();
    }

    record Candidate(String code, String currency) {
    }

    static BigDecimal balance(LocalNetwork network, LocalNetwork.State state, String name, String currency) {
        JsonNode balances = ok(network.get(state, "/api/v1/wallets/me/balance", state.apiKey(name))).path("balances");
        return balances.has(currency) ? new BigDecimal(balances.path(currency).asString()) : BigDecimal.ZERO;
    }

    static String attestation(String attestationId, String subject, String currency) {
        Instant from = Instant.now().minus(1, ChronoUnit.HOURS);
        return ("{\"attestationId\":\"%s\",\"subject\":\"%s\",\"validFrom\":\"%s\",\"validUntil\":\"%s\","
                + "\"ratingBand\":\"A-\",\"creditLimit\":\"5000.00\",\"currency\":\"%s\",\"basis\":\"%s\"}")
                .formatted(attestationId, subject, from, from.plus(2, ChronoUnit.DAYS), currency, "settled trades");
    }
}
