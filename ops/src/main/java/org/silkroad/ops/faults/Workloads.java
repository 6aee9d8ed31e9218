package org.silkroad.ops.faults;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.silkroad.ops.shared.OpsException;
import org.silkroad.ops.shared.Parallel;

/**
 * What the fault-suite workloads share: calls sent again while their outcome is ambiguous, setup that must succeed,
 * balances read through every state's gateway and compared with what the workload expects, and end-of-run retries in
 * each owner's order.
 */
final class Workloads {

    /** Tries of one call while its answer stays ambiguous, 2 s apart. */
    static final int RESOLVE_ATTEMPTS = 15;

    private Workloads() {
    }

    @FunctionalInterface
    interface Call {
        GatewayClient.Reply call() throws InterruptedException;
    }

    /** Sends an idempotent call again while its outcome is ambiguous (a node still catching up after a restart). */
    static GatewayClient.Reply retrying(Call call) throws InterruptedException {
        GatewayClient.Reply reply = call.call();
        for (int attempt = 1; attempt < RESOLVE_ATTEMPTS && reply.ambiguous(); attempt++) {
            Thread.sleep(2000);
            reply = call.call();
        }
        return reply;
    }

    static GatewayClient.Reply require(GatewayClient.Reply reply, String what) {
        if (!reply.ok()) {
            throw new OpsException("setup failed: " + what + ": " + reply.code());
        }
        return reply;
    }

    /**
     * A wallet's balances per currency in minor units (every fault-suite currency has
     * {@link PaymentWorkload#DECIMALS}), as a state's peer has them.
     */
    static Map<String, Long> balances(GatewayClient gateways, String state, String wallet)
            throws InterruptedException {
        GatewayClient.Reply reply = require(retrying(() -> gateways.get(state, "business-1",
                "/api/v1/wallets/" + wallet + "/balance")), "balance of " + wallet + " via " + state);
        Map<String, Long> held = new HashMap<>();
        reply.body().path("balances").properties()
                .forEach(e -> held.put(e.getKey(), new BigDecimal(e.getValue().asString())
                        .movePointRight(PaymentWorkload.DECIMALS).longValueExact()));
        return held;
    }

    /**
     * Reads every wallet's balances through every state's gateway (each evaluates on its own peer) and compares each
     * state's suite currency with {@code expected} ({@code "<wallet> <currency>"} → minor units, absent = 0).
     *
     * @return one line per difference, {@code "<wallet> <currency>@<state> expected X got Y"}
     */
    static List<String> balanceMismatches(GatewayClient gateways, Collection<String> wallets,
                                          Function<String, String> currencyOfState, Map<String, Long> expected)
            throws InterruptedException {
        List<String> wrong = new ArrayList<>();
        for (String state : gateways.network().states().keySet()) {
            for (String wallet : wallets) {
                Map<String, Long> held = balances(gateways, state, wallet);
                for (String s : gateways.network().states().keySet()) {
                    String currency = currencyOfState.apply(s);
                    String key = wallet + " " + currency;
                    long want = expected.getOrDefault(key, 0L);
                    long got = held.getOrDefault(currency, 0L);
                    if (want != got) {
                        wrong.add(key + "@" + state + " expected " + want + " got " + got);
                    }
                }
            }
        }
        return wrong;
    }

    /**
     * Runs {@code task} over the items, each owner's in {@code order} (an owner's notes are locked per wallet, so its
     * requests go one after the other), owners side by side.
     */
    static <T, K> void inOrderPerOwner(Collection<T> items, Function<T, K> owner, ToLongFunction<T> order,
                                       String what, Parallel.Task<T> task) throws InterruptedException {
        Map<K, List<T>> byOwner = new LinkedHashMap<>();
        items.stream().sorted(Comparator.comparingLong(order))
                .forEach(item -> byOwner.computeIfAbsent(owner.apply(item), k -> new ArrayList<>()).add(item));
        Parallel.forEach(List.copyOf(byOwner.values()), Math.max(1, byOwner.size()), what, list -> {
            for (T item : list) {
                task.run(item);
            }
        });
    }
}
