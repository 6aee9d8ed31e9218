package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hyperledger.fabric.client.Contract;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.LocalNetwork;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's payments stay correct while the same payer's notes are being spent behind its back: another client,
 * signing as the same identity straight at the CN peer, keeps moving the payer's notes to new notes (pay-to-self)
 * while the payer pays through the gateway. The gateway's chosen notes are then spent meanwhile (NOTE_SPENT at
 * endorsement) or lose the race at commit (MVCC_READ_CONFLICT); it must choose again under the same payment ID until
 * every payment commits exactly once. How many such retries happened is printed from the gateway's own metrics (the
 * race is real, so the count varies; the outcome must not). The same metrics show that the gateway learnt those
 * commits, valid and invalidated, from its stream of filtered blocks ({@code CommitWatch}).
 */
class NoteContentionIT {

    private static final int PAYMENTS = 16;

    private static final Pattern PAY_COUNT = Pattern.compile(
            "silkroad_ledger_calls_seconds_count\\{[^}]*mode=\"submit\"[^}]*outcome=\"([^\"]+)\"[^}]*"
                    + "transaction=\"currency:pay\"[^}]*\\} ([0-9.E]+)");
    private static final Pattern COMMITS_LEARNT = Pattern.compile(
            "silkroad_ledger_commits_total\\{[^}]*learnt=\"([^\"]+)\"[^}]*\\} ([0-9.E]+)");

    @Test
    void payments_through_the_gateway_all_commit_once_while_another_client_spends_the_same_notes() throws Exception {
        LocalNetwork network = LocalNetwork.load();
        LocalNetwork.State cn = network.state("CN");
        String payer = "CNMSP/business-1";
        String payee = "CNMSP/business-2";
        CurrencyIT.network = network;
        CurrencyIT.cn = cn;
        CurrencyIT.my = network.state("MY");
        CurrencyIT.ok(network.postJson(cn, "/api/v1/currencies", cn.apiKey("central-bank"),
                "{\"code\":\"CNY\",\"decimals\":2}"));
        for (String name : List.of("business-1", "business-2", "regulator")) {
            CurrencyIT.ok(network.putJson(cn, "/api/v1/wallets/me", cn.apiKey(name), null));
        }
        for (int i = 0; i < PAYMENTS + 8; i++) {
            CurrencyIT.issue(cn, "CNY", payer, "2.00");
        }
        BigDecimal before = CurrencyIT.balance(cn, payee, "CNY");
        Map<String, Long> metricsBefore = gatewayCounts(network, cn, PAY_COUNT);
        Map<String, Long> learntBefore = gatewayCounts(network, cn, COMMITS_LEARNT);

        AtomicBoolean paying = new AtomicBoolean(true);
        AtomicInteger moved = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CompletableFuture<Void> churn;
        try (LocalNetwork.PeerConnection direct = cn.connectAs("business-1")) {
            Contract currency = direct.gateway().getNetwork(network.channel()).getContract(network.chaincode(),
                    "currency");
            churn = CompletableFuture.runAsync(() -> {
                Random random = new Random();
                while (paying.get()) {
                    try {
                        JsonNode notes = LocalNetwork.json(new String(currency.evaluateTransaction("unspentNotes",
                                "{\"wallet\":\"" + payer + "\",\"currency\":\"CNY\",\"limit\":1000}"),
                                StandardCharsets.UTF_8)).path("notes");
                        List<JsonNode> small = new ArrayList<>();
                        notes.forEach(note -> {
                            if (note.path("amount").asLong() == 200) {
                                small.add(note);
                            }
                        });
                        if (small.isEmpty()) {
                            continue;
                        }
                        // Among equal notes the gateway takes the one with the highest ID: aim mostly at that one, so
                        // that the gateway often reads it while this client's spending of it is on its way to a block.
                        small.sort(java.util.Comparator.comparing((JsonNode note) -> note.path("noteId").asString())
                                .reversed());
                        JsonNode note = small.get(random.nextInt(10) < 7 ? 0 : random.nextInt(Math.min(6, small.size())));
                        // Handed to the orderers without waiting for the commit, so that several are in flight at once.
                        currency.newProposal("pay").addArguments(("{\"paymentId\":\"it-churn-%s\",\"currency\":"
                                + "\"CNY\",\"inputs\":[\"%s\"],\"outputs\":[{\"wallet\":\"%s\",\"amount\":200}]}")
                                .formatted(UUID.randomUUID(), note.path("noteId").asString(), payer))
                                .build().endorse().submitAsync();
                        moved.incrementAndGet();
                    } catch (Exception lostTheRace) {
                        // The gateway (or this client's own transaction in flight) got there first.
                        refused.incrementAndGet();
                    }
                }
            });

            // Two payers' requests in parallel, as a busy merchant terminal would send them.
            while (moved.get() == 0 && !churnFailedToStart(refused)) {
                Thread.sleep(50);
            }
            List<JsonNode> payments = java.util.Collections.synchronizedList(new ArrayList<>());
            try {
                CompletableFuture<?>[] lanes = new CompletableFuture<?>[2];
                for (int lane = 0; lane < lanes.length; lane++) {
                    lanes[lane] = CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < PAYMENTS / 2; i++) {
                            payments.add(payWithClientRetries(network, cn, payee));
                        }
                    });
                }
                CompletableFuture.allOf(lanes).get(5, TimeUnit.MINUTES);
            } finally {
                paying.set(false);
                churn.get(60, TimeUnit.SECONDS);
            }

            Set<String> spent = new HashSet<>();
            for (JsonNode payment : payments) {
                payment.path("inputs").forEach(input -> assertThat(spent.add(input.asString()))
                        .as("note %s in two payments", input.asString()).isTrue());
            }
        }
        assertThat(CurrencyIT.balance(cn, payee, "CNY"))
                .isEqualByComparingTo(before.add(new BigDecimal("1.50").multiply(BigDecimal.valueOf(PAYMENTS))));
        assertThat(CurrencyIT.audit("CNY").path("balanced").asBoolean()).isTrue();

        Map<String, Long> difference = difference(metricsBefore, gatewayCounts(network, cn, PAY_COUNT));
        Map<String, Long> learnt = difference(learntBefore, gatewayCounts(network, cn, COMMITS_LEARNT));
        System.out.printf("NoteContentionIT: the other client sent %d note moves (%d refused at endorsement); the "
                + "gateway's pay submits by outcome: %s; client retries: %d; commits learnt from: %s%n", moved.get(),
                refused.get(), difference, clientRetries.get(), learnt);
        assertThat(difference).containsEntry("ok", (long) PAYMENTS);
        // Other tests submit through the same gateway meanwhile, so only a lower bound holds for the stream.
        assertThat(learnt.getOrDefault("stream", 0L)).as("commits the gateway learnt from its block stream")
                .isGreaterThanOrEqualTo(PAYMENTS);
    }

    private static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> difference = new TreeMap<>();
        after.forEach((key, count) -> {
            long delta = count - before.getOrDefault(key, 0L);
            if (delta > 0) {
                difference.put(key, delta);
            }
        });
        return difference;
    }

    private static boolean churnFailedToStart(AtomicInteger refused) {
        return refused.get() > 50;
    }

    /**
     * One payment of 1.50, retried by the client with the same payment ID when the gateway says a retry can help
     * (its own re-choosing ran out of attempts because the other client kept winning), as the API asks callers to.
     */
    private static JsonNode payWithClientRetries(LocalNetwork network, LocalNetwork.State cn, String payee) {
        String paymentId = "it-contended-" + UUID.randomUUID();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = CurrencyIT.pay(cn, "business-1", "CNY", payee, "1.50", paymentId);
            if (response.statusCode() == 200 || attempt == 5
                    || !LocalNetwork.json(response.body()).path("retryable").asBoolean()) {
                return CurrencyIT.ok(response);
            }
            clientRetries.incrementAndGet();
        }
    }

    private static final AtomicInteger clientRetries = new AtomicInteger();

    /** A count of the CN gateway's Prometheus endpoint, summed by the label {@code metric} captures first. */
    private static Map<String, Long> gatewayCounts(LocalNetwork network, LocalNetwork.State cn, Pattern metric) {
        HttpResponse<String> response = network.get(cn, "/actuator/prometheus", cn.apiKey("regulator"));
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Long> outcomes = new TreeMap<>();
        Matcher line = metric.matcher(response.body());
        while (line.find()) {
            outcomes.merge(line.group(1), (long) Double.parseDouble(line.group(2)), Long::sum);
        }
        return outcomes;
    }
}
