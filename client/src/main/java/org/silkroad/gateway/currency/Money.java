package org.silkroad.gateway.currency;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;

/**
 * An amount of one currency: an exact count of its minor units, with the currency's decimals attached so it can be
 * read from and written as the decimal string of major units the REST API uses ({@code "12.34"} CNY = 1234 fen).
 * Floating point is never involved: the text is checked digit by digit and scaled exactly.
 *
 * @param currency   the currency code, e.g. {@code CNY}
 * @param decimals   minor units per major unit as a power of ten (0 to 8, as registered by the central bank)
 * @param minorUnits the amount in minor units, never negative
 */
public record Money(String currency, int decimals, long minorUnits) {

    /** An amount is written with digits only, an optional fraction after a dot, and an optional sign (refused). */
    private static final Pattern DECIMAL = Pattern.compile("([+-]?)([0-9]+)(?:\\.([0-9]+))?");
    /** Longer texts are not read at all: no long fits in more digits than this. */
    private static final int MAX_LENGTH = 64;

    public static final String INVALID_AMOUNT = "INVALID_AMOUNT";
    public static final String AMOUNT_NOT_POSITIVE = "AMOUNT_NOT_POSITIVE";
    public static final String AMOUNT_PRECISION = "AMOUNT_PRECISION";
    public static final String AMOUNT_OVERFLOW = "AMOUNT_OVERFLOW";

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (decimals < 0 || decimals > 18) {
            throw new IllegalArgumentException("decimals out of range: " + decimals);
        }
        if (minorUnits < 0) {
            throw new IllegalArgumentException("negative amount: " + minorUnits);
        }
    }

    /**
     * Reads a positive amount given in major units.
     *
     * @param field    the request field, named in the problem
     * @param text     e.g. {@code "12.34"}
     * @param currency the currency's code and decimals
     * @return the amount
     * @throws GatewayProblem 400 with {@value #INVALID_AMOUNT} (not a plain decimal number), {@value
     *                        #AMOUNT_NOT_POSITIVE} (zero or negative), {@value #AMOUNT_PRECISION} (more fraction
     *                        digits than the currency has) or {@value #AMOUNT_OVERFLOW} (more minor units than the
     *                        ledger can count, 2^63-1)
     */
    public static Money parsePositive(String field, String text, Currencies.Currency currency) {
        Objects.requireNonNull(currency, "currency");
        long minor = parseMinorUnits(field, text, currency.code(), currency.decimals());
        if (minor == 0) {
            throw problem(AMOUNT_NOT_POSITIVE, field, "%s must be more than zero, got \"%s\"".formatted(field, text));
        }
        return new Money(currency.code(), currency.decimals(), minor);
    }

    /**
     * The minor units a decimal string of major units stands for; zero is allowed, a sign is not.
     *
     * @throws GatewayProblem as {@link #parsePositive}, except that zero is accepted
     */
    static long parseMinorUnits(String field, String text, String currency, int decimals) {
        Objects.requireNonNull(field, "field");
        if (text == null) {
            throw problem(INVALID_AMOUNT, field, field + " is required: a decimal string such as \"12.34\"");
        }
        if (text.length() > MAX_LENGTH) {
            throw problem(DECIMAL.matcher(text).matches() ? AMOUNT_OVERFLOW : INVALID_AMOUNT, field,
                    "%s has %d characters; an amount has at most %d".formatted(field, text.length(), MAX_LENGTH));
        }
        Matcher parts = DECIMAL.matcher(text);
        if (!parts.matches()) {
            throw problem(INVALID_AMOUNT, field, "%s must be a decimal string of major units such as \"12.34\", got \"%s\""
                    .formatted(field, text));
        }
        String fraction = parts.group(3) == null ? "" : parts.group(3);
        BigDecimal value = new BigDecimal(parts.group(2) + (fraction.isEmpty() ? "" : "." + fraction));
        if (parts.group(1).equals("-")) {
            throw problem(AMOUNT_NOT_POSITIVE, field, "%s must not be negative, got \"%s\"".formatted(field, text));
        }
        if (parts.group(1).equals("+")) {
            throw problem(INVALID_AMOUNT, field, "%s must be written without a sign, got \"%s\"".formatted(field, text));
        }
        if (fraction.length() > decimals) {
            throw problem(AMOUNT_PRECISION, field, "%s \"%s\" has %d fraction digits; %s has %d".formatted(
                    field, text, fraction.length(), currency, decimals));
        }
        try {
            return value.movePointRight(decimals).longValueExact();
        } catch (ArithmeticException e) {
            throw problem(AMOUNT_OVERFLOW, field, "%s \"%s\" %s is more than the ledger can hold (%s)".formatted(
                    field, text, currency, format(Long.MAX_VALUE, decimals)));
        }
    }

    /** The amount as a decimal string of major units with exactly {@code decimals} fraction digits. */
    public String toDecimalString() {
        return format(minorUnits, decimals);
    }

    /**
     * Writes minor units as a decimal string of major units, e.g. {@code format(1234, 2)} = {@code "12.34"},
     * {@code format(5, 0)} = {@code "5"}.
     */
    public static String format(long minorUnits, int decimals) {
        return BigDecimal.valueOf(minorUnits, decimals).toPlainString();
    }

    @Override
    public String toString() {
        return toDecimalString() + " " + currency;
    }

    private static GatewayProblem problem(String code, String field, String detail) {
        return GatewayProblem.of(HttpStatus.BAD_REQUEST, code, detail).with("field", field);
    }
}
