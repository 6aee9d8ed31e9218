package org.silkroad.chaincode.system;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.silkroad.chaincode.testing.FakeLedger;
import org.silkroad.chaincode.testing.FakeStub;
import org.silkroad.chaincode.testing.TestIdentities;

/**
 * Property, in the style of {@code CurrencyInvariantPropertyTest}: whatever sequence of pings callers of different
 * states and roles send — new IDs, retries, IDs another (MSP ID, role) took, malformed arguments — after every step
 * each request ID holds the record of the first ping that took it, unchanged; a retry by the same (MSP ID, role)
 * returns exactly that record and writes and emits nothing; every refusal carries a stable code and leaves the ledger
 * byte-for-byte as it was; and there is one {@code system.Pinged} event per request ID ever.
 *
 * <p>Reproduce a run with {@code -Dsilkroad.property.seed=<seed> -Dsilkroad.property.runs=1}.
 */
class PingPropertyTest {

    private static final int RUNS = Integer.getInteger("silkroad.property.runs", 200);
    private static final int STEPS = Integer.getInteger("silkroad.property.steps", 40);
    private static final long FIRST_SEED = Long.getLong("silkroad.property.seed", 20_261_128L);

    private static final List<byte[]> CALLERS = List.of(
            TestIdentities.creator("CNMSP", "business"), TestIdentities.creator("CNMSP", "bank"),
            TestIdentities.creator("MYMSP", "business"), TestIdentities.creator("RWMSP", "court"),
            TestIdentities.creator("CNMSP", null));
    /** A small pool, so that IDs are reused, by the same caller and by others. */
    private static final List<String> IDS = List.of("r-1", "r-2", "order:42", "a.b_c-d", "x");
    private static final List<String> MALFORMED = List.of("{}", "{\"requestId\":\"\"}", "{\"requestId\":\"has space\"}",
            "{\"requestId\":\"" + "x".repeat(129) + "\"}", "not json", "{\"requestId\":7}", "[]");

    @TestFactory
    Stream<DynamicTest> every_random_sequence_of_pings_keeps_the_first_record_per_request_id() {
        return IntStream.range(0, RUNS).mapToObj(i -> FIRST_SEED + i)
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> play(seed)));
    }

    private static void play(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SystemContract contract = new SystemContract();
        FakeLedger ledger = new FakeLedger();
        Map<String, String> firstRecord = new HashMap<>();
        Map<String, Integer> firstCaller = new HashMap<>();
        List<String> log = new ArrayList<>();
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        for (int step = 0; step < STEPS; step++) {
            now = now.plusMillis(1 + random.nextInt(5000));
            int who = random.nextInt(CALLERS.size());
            boolean malformed = random.nextInt(6) == 0;
            String id = IDS.get(random.nextInt(IDS.size()));
            String argument = malformed ? MALFORMED.get(random.nextInt(MALFORMED.size()))
                    : "{\"requestId\":\"" + id + "\"}";
            log.add("step " + step + ": caller " + who + " ping " + argument);
            String context = "seed " + seed + "\n" + String.join("\n", log);

            Map<String, String> before = ledger.snapshot();
            int eventsBefore = ledger.events().size();
            FakeStub stub = ledger.propose(CALLERS.get(who), now, "system:ping");
            String result;
            try {
                result = contract.ping(new Context(stub), argument);
            } catch (ChaincodeException refused) {
                assertThat(refused.getMessage()).as(context).matches("^[A-Z][A-Z_]+: .*");
                if (malformed) {
                    assertThat(refused.getMessage()).as(context).startsWith("INVALID_ARGUMENT: ");
                } else {
                    // Only another (MSP ID, role) holding the ID may refuse a well-formed ping.
                    assertThat(firstCaller).as(context).containsKey(id);
                    assertThat(refused.getMessage()).as(context).startsWith("CONFLICT: ");
                    assertThat(sameMspAndRole(firstCaller.get(id), who)).as(context).isFalse();
                }
                assertThat(stub.writes()).as(context).isEmpty();
                assertThat(stub.eventName()).as(context).isNull();
                ledger.commit(stub);
                assertThat(ledger.snapshot()).as(context).isEqualTo(before);
                continue;
            }
            assertThat(malformed).as(context + "\nmalformed argument accepted").isFalse();
            ledger.commit(stub);
            if (firstRecord.containsKey(id)) {
                assertThat(sameMspAndRole(firstCaller.get(id), who)).as(context).isTrue();
                assertThat(result).as(context + "\nretry returns the first record").isEqualTo(firstRecord.get(id));
                assertThat(stub.writes()).as(context).isEmpty();
                assertThat(ledger.events()).as(context).hasSize(eventsBefore);
            } else {
                firstRecord.put(id, result);
                firstCaller.put(id, who);
                assertThat(result).as(context).contains("\"txId\":\"" + stub.getTxId() + "\"");
            }
            // Invariants after every step.
            for (Map.Entry<String, String> first : firstRecord.entrySet()) {
                FakeStub reader = ledger.propose(CALLERS.get(0), now, "system:readPing");
                assertThat(contract.readPing(new Context(reader), first.getKey())).as(context)
                        .isEqualTo(first.getValue());
            }
            assertThat(ledger.events()).as(context).hasSize(firstRecord.size());
            assertThat(ledger.events()).as(context).allSatisfy(event -> assertThat(event.name())
                    .isEqualTo(SystemContract.PINGED_EVENT));
            assertThat(new String(ledger.events().get(ledger.events().size() - 1).payload(), UTF_8)).as(context)
                    .isIn(firstRecord.values());
        }
    }

    /** Callers 0, 1, 2, 3, 4 are CN business, CN bank, MY business, RW court, CN without role: all distinct. */
    private static boolean sameMspAndRole(int first, int now) {
        return first == now;
    }
}
