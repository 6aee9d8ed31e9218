package org.silkroad.ops.bench;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Who pays whom, and how much, in each scenario. The identities are the network's benchmark users
 * ({@code SILKROAD_BENCH_USERS=40}): {@code bench-001} … {@code bench-032} pay, {@code bench-033} … {@code bench-040}
 * are merchants (and {@code bench-040} is the hot merchant).
 */
final class Workload {

    static final int PAYERS = 32;
    static final int USERS = 40;
    /** The one merchant every payer pays in {@link Scenario#HOT_MERCHANT}. */
    static final String HOT_MERCHANT_USER = user(USERS);
    /** The payer of {@link Scenario#SINGLE_PAYER}. */
    static final String SOLE_PAYER = user(1);

    private static final List<String> ALL = IntStream.rangeClosed(1, USERS).mapToObj(Workload::user).toList();
    private static final List<String> PAYER_NAMES = ALL.subList(0, PAYERS);
    private static final List<String> MERCHANT_NAMES = ALL.subList(PAYERS, USERS);

    /** One payment to make. */
    record Payment(String payer, String payee, long amount) {
        Payment {
            Objects.requireNonNull(payer, "payer");
            Objects.requireNonNull(payee, "payee");
            if (payer.equals(payee)) {
                throw new IllegalArgumentException(payer + " pays itself");
            }
            if (amount <= 0) {
                throw new IllegalArgumentException("amount " + amount);
            }
        }
    }

    enum Scenario {
        /** Many payers paying many payees (the merchants and each other), random amounts. */
        UNIFORM("uniform"),
        /** Every payer pays the one hot merchant: receipts must never conflict. */
        HOT_MERCHANT("hot-merchant"),
        /** One payer, as fast as it can: many of its notes in flight at once. */
        SINGLE_PAYER("single-payer");

        private final String label;

        Scenario(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        static Scenario of(String label) {
            for (Scenario s : values()) {
                if (s.label.equals(label)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scenario '" + label + "'");
        }

        /** The payers this scenario draws on (whose note pools it needs). */
        List<String> payers() {
            return this == SINGLE_PAYER ? List.of(SOLE_PAYER) : PAYER_NAMES;
        }

        /**
         * The next payment of a worker.
         *
         * @param maxAmount largest amount, minor units; amounts are uniform in 1 .. maxAmount
         */
        Payment next(int worker, SplittableRandom random, long maxAmount) {
            long amount = random.nextLong(1, maxAmount + 1);
            return switch (this) {
                case UNIFORM -> {
                    String payer = PAYER_NAMES.get(random.nextInt(PAYERS));
                    String payee;
                    do {
                        payee = ALL.get(random.nextInt(USERS));
                    } while (payee.equals(payer));
                    yield new Payment(payer, payee, amount);
                }
                // Worker i is payer i, so with the default 32 workers each payer has one payment in flight.
                case HOT_MERCHANT -> new Payment(PAYER_NAMES.get(worker % PAYERS), HOT_MERCHANT_USER, amount);
                case SINGLE_PAYER ->
                        new Payment(SOLE_PAYER, MERCHANT_NAMES.get(random.nextInt(MERCHANT_NAMES.size())), amount);
            };
        }
    }

    private Workload() {
    }

    /** {@code bench-001} for 1. */
    static String user(int number) {
        return String.format(Locale.ROOT, "bench-%03d", number);
    }

    static List<String> users() {
        return ALL;
    }

    static List<String> payers() {
        return PAYER_NAMES;
    }

    static List<String> merchants() {
        return MERCHANT_NAMES;
    }
}
