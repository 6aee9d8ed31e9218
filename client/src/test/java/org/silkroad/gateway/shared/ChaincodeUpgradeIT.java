package org.silkroad.gateway.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.silkroad.gateway.shared.LocalNetwork.ok;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.silkroad.gateway.explorer.OpsTool;
import tools.jackson.databind.JsonNode;

/**
 * New chaincode on the running network ({@code test-network/silkroad.sh upgrade JAR}). First a jar that does not
 * run: the upgrade stops, the network runs on, and {@code upgrade --abort} calls it off. Then while every state's
 * callers keep submitting: the new jar starts beside the old one in the other slot, every state approves the next
 * definition, and the old services stop once each peer serves the new one. Every transaction submitted meanwhile
 * commits, at once or when the caller retries what the gateway answered as retryable (endorsed by the old code,
 * committed after the new definition: MVCC_READ_CONFLICT on the definition's sequence). Then the same jar again
 * changes nothing, and the build of this checkout goes back into the first slot, its definition approved in a
 * signing round ({@code silkroad.sh approve STATE} by each state's operator).
 *
 * <p>Tagged {@value #TAG}: Maven's {@code network} profile leaves it out, as it changes the chaincode every other
 * integration test runs on; the test command runs it on its own after them ({@code test-network/test.sh}).
 */
@Tag(ChaincodeUpgradeIT.TAG)
class ChaincodeUpgradeIT {

    static final String TAG = "chaincode-upgrade";
    private static final Duration COMMAND = Duration.ofMinutes(8);
    private static final Duration RETRIES = Duration.ofMinutes(2);

    /** What the callers' load saw while the upgrade ran. */
    record Outcome(String state, String requestId, int status, boolean retryable, String body, long nanos) {
    }

    @Test
    void new_code_replaces_the_running_chaincode_while_every_state_keeps_committing(@TempDir Path dir)
            throws Exception {
        LocalNetwork network = LocalNetwork.load();
        Path run = network.runFolder();
        int slot = slot(run);
        String packageId = Files.readString(run.resolve("chaincode/package-id")).strip();
        Path built = LocalNetwork.repoRoot().resolve("chaincode/target/silkroad-chaincode.jar");

        // Bad input: refused before anything changes.
        LocalNetwork.CommandOutcome absent = network.networkScript(COMMAND, "upgrade", dir.resolve("none.jar")
                .toString());
        assertThat(absent.exitCode()).as(absent.output()).isNotZero();
        assertThat(absent.output()).contains("is no chaincode jar");
        assertThat(slot(run)).isEqualTo(slot);
        LocalNetwork.CommandOutcome nothingToAbort = network.networkScript(COMMAND, "upgrade", "--abort");
        assertThat(nothingToAbort.exitCode()).as(nothingToAbort.output()).isNotZero();
        assertThat(nothingToAbort.output()).contains("no chaincode upgrade is under way");

        // A jar that does not run: the new services exit while starting, the upgrade stops before any approval, the
        // network runs on, and the upgrade is called off.
        Path broken = dir.resolve("broken.jar");
        URI brokenJar = URI.create("jar:" + broken.toUri());
        try (FileSystem zip = FileSystems.newFileSystem(brokenJar, Map.of("create", "true"))) {
            Files.writeString(zip.getPath("README.txt"), "no classes here", StandardCharsets.UTF_8);
        }
        LocalNetwork.CommandOutcome failed = network.networkScript(COMMAND, "upgrade", broken.toString());
        assertThat(failed.exitCode()).as(failed.output()).isNotZero();
        assertThat(failed.output()).contains("exited while starting");
        LocalNetwork.State cn = network.state("CN");
        ok(network.postJson(cn, "/api/v1/system/pings", cn.apiKey("business-1"),
                "{\"requestId\":\"broken-" + UUID.randomUUID() + "\"}"));
        LocalNetwork.CommandOutcome other = network.networkScript(COMMAND, "upgrade", broken.toString());
        assertThat(other.exitCode()).as(other.output()).isNotZero();
        assertThat(other.output()).contains("is under way: finish it", "upgrade --abort");
        LocalNetwork.CommandOutcome aborted = network.networkScript(COMMAND, "upgrade", "--abort");
        assertThat(aborted.exitCode()).as(aborted.output()).isZero();
        assertThat(aborted.output()).contains("is called off");
        assertThat(slot(run)).isEqualTo(slot);
        assertThat(Files.readString(run.resolve("chaincode/package-id")).strip()).isEqualTo(packageId);

        // Another build: the same classes with one more entry, so another digest and another version.
        Path next = dir.resolve("silkroad-chaincode-next.jar");
        Files.copy(built, next);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + next.toUri()), Map.of())) {
            Files.writeString(zip.getPath("META-INF", "silkroad-upgrade-it.txt"), UUID.randomUUID().toString(),
                    StandardCharsets.UTF_8);
        }

        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean upgrading = new AtomicBoolean(true);
        ExecutorService callers = Executors.newFixedThreadPool(network.stateCodes().size());
        List<Future<?>> load = new ArrayList<>();
        for (String code : network.stateCodes()) {
            LocalNetwork.State state = network.state(code);
            load.add(callers.submit(() -> {
                while (upgrading.get()) {
                    String requestId = "upgrade-" + code + "-" + UUID.randomUUID();
                    HttpResponse<String> answer = network.postJson(state, "/api/v1/system/pings",
                            state.apiKey("business-1"), "{\"requestId\":\"" + requestId + "\"}");
                    boolean retryable = answer.statusCode() != 200
                            && LocalNetwork.json(answer.body()).path("retryable").asBoolean();
                    outcomes.add(new Outcome(code, requestId, answer.statusCode(), retryable, answer.body(),
                            System.nanoTime()));
                }
                return null;
            }));
        }
        LocalNetwork.CommandOutcome upgraded;
        try {
            upgraded = network.networkScript(COMMAND, "upgrade", next.toString());
        } finally {
            upgrading.set(false);
            for (Future<?> caller : load) {
                caller.get();
            }
            callers.shutdown();
        }
        assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
        assertThat(upgraded.output()).contains("Chaincode upgraded in", "served from slot " + (1 - slot));
        assertThat(slot(run)).isEqualTo(1 - slot);
        assertThat(Files.readString(run.resolve("chaincode/package-id")).strip()).isNotEqualTo(packageId);
        for (String code : network.stateCodes()) {
            assertThat(run.resolve("pids").resolve(process(code, slot) + ".pid")).as("the old service of " + code)
                    .doesNotExist();
            assertThat(run.resolve("pids").resolve(process(code, 1 - slot) + ".pid")).exists();
        }

        // Every caller's transaction committed, at once or on the retry its answer asked for.
        List<Outcome> refused = outcomes.stream().filter(o -> o.status() != 200 && !o.retryable()).toList();
        assertThat(refused).as("answers neither committed nor retryable").isEmpty();
        List<Outcome> retried = outcomes.stream().filter(Outcome::retryable).toList();
        for (Outcome outcome : retried) {
            network.postUntilCommitted(network.state(outcome.state()), "/api/v1/system/pings",
                    network.state(outcome.state()).apiKey("business-1"),
                    "{\"requestId\":\"" + outcome.requestId() + "\"}", RETRIES);
        }
        List<Long> committed = outcomes.stream().filter(o -> o.status() == 200).map(Outcome::nanos).sorted().toList();
        assertThat(committed).as("transactions committed while the upgrade ran").isNotEmpty();
        long longestPause = 0;
        for (int i = 1; i < committed.size(); i++) {
            longestPause = Math.max(longestPause, committed.get(i) - committed.get(i - 1));
        }
        System.out.printf("Chaincode upgrade under load: %d transactions committed, %d answered retryable (each "
                        + "committed on retry), longest pause between commits %d ms%n", committed.size(),
                retried.size(), longestPause / 1_000_000);
        for (String code : network.stateCodes()) {
            LocalNetwork.State state = network.state(code);
            ok(network.postJson(state, "/api/v1/system/pings", state.apiKey("business-1"),
                    "{\"requestId\":\"upgraded-" + code + "-" + UUID.randomUUID() + "\"}"));
        }

        // The same jar again: nothing to do.
        LocalNetwork.CommandOutcome again = network.networkScript(COMMAND, "upgrade", next.toString());
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("nothing to upgrade");
        assertThat(slot(run)).isEqualTo(1 - slot);

        // Back to this checkout's build, into the first slot again, approved in a signing round as operators on
        // separate machines would: each state approves on its own peer, and the definition is committed once every
        // state has. Meanwhile the network serves on the old definition.
        Map<String, String> rounds = Map.of("SILKROAD_SKIP_BUILD", "1", "SILKROAD_SIGNING", "rounds");
        LocalNetwork.CommandOutcome proposed = network.networkScript(COMMAND, rounds, "upgrade");
        assertThat(proposed.exitCode()).as(proposed.output()).isEqualTo(3);
        assertThat(proposed.output()).contains("The definition waits for the approvals of MY RW");
        LocalNetwork.CommandOutcome stranger = network.networkScript(COMMAND, "approve", "ZZ");
        assertThat(stranger.exitCode()).as(stranger.output()).isNotZero();
        assertThat(stranger.output()).contains("no state ZZ in this network");
        LocalNetwork.CommandOutcome byMy = network.networkScript(COMMAND, "approve", "MY");
        assertThat(byMy.exitCode()).as(byMy.output()).isZero();
        assertThat(byMy.output()).contains("endorsement policy  OutOf(2,'CNMSP.peer','MYMSP.peer','RWMSP.peer')",
                "collection          CN_MY: OR('CNMSP.member','MYMSP.member')", "Approved by MY");
        LocalNetwork.CommandOutcome tooFew = network.networkScript(COMMAND, rounds, "upgrade");
        assertThat(tooFew.exitCode()).as(tooFew.output()).isEqualTo(3);
        assertThat(tooFew.output()).contains("MY has approved it already", "waits for the approvals of RW");
        assertThat(slot(run)).isEqualTo(1 - slot);
        // The operators' report names what is unfinished and fails until it is done.
        LocalNetwork.CommandOutcome halfway = OpsTool.report(run);
        assertThat(halfway.exitCode()).as(halfway.output()).isEqualTo(1);
        assertThat(halfway.output()).contains("unfinished upgrade: chaincode being upgraded into slot " + slot,
                "unfinished approval: chaincode definition", "silkroad.sh approve STATE");
        ok(network.postJson(cn, "/api/v1/system/pings", cn.apiKey("business-1"),
                "{\"requestId\":\"waiting-" + UUID.randomUUID() + "\"}"));
        assertThat(network.networkScript(COMMAND, "approve", "RW").output()).contains("Approved by RW");
        LocalNetwork.CommandOutcome back = network.networkScript(COMMAND, rounds, "upgrade");
        assertThat(back.exitCode()).as(back.output()).isZero();
        assertThat(back.output()).contains("Chaincode upgraded in");
        assertThat(slot(run)).isEqualTo(slot);
        assertThat(run.resolve("chaincode/pending")).doesNotExist();
        for (String code : network.stateCodes()) {
            LocalNetwork.State state = network.state(code);
            ok(network.postJson(state, "/api/v1/system/pings", state.apiKey("business-1"),
                    "{\"requestId\":\"back-" + code + "-" + UUID.randomUUID() + "\"}"));
        }
        LocalNetwork.CommandOutcome report = OpsTool.report(run);
        assertThat(report.exitCode()).as(report.output()).isZero();
        assertThat(report.output()).contains("Verdict: OK");
    }

    static int slot(Path run) throws Exception {
        Path file = run.resolve("chaincode/slot");
        return Files.exists(file) ? Integer.parseInt(Files.readString(file).strip()) : 0;
    }

    static String process(String code, int slot) {
        return "chaincode-" + code + (slot == 0 ? "" : "-" + slot);
    }
}
