package org.silkroad.gateway.currency;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.regex.Pattern;

import org.silkroad.gateway.shared.GatewayProblem;
import org.springframework.http.HttpStatus;

/**
 * Exchange rates between the REST edge and the ledger. At the edge a rate is a decimal string of major units of the
 * quote currency per major unit of the base currency ({@code "0.65"} MYR per CNY). The ledger holds it as a rational
 * of minor units, quote minor units per base minor unit = numerator / denominator, so that conversions are exact
 * integer arithmetic: rate × 10^quoteDecimals / 10^baseDecimals, reduced.
 */
final class Rates {

    static final String INVALID_RATE = "INVALID_RATE";

    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,30}(\\.[0-9]{1,30})?");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** A rate in minor units: quote minor units per base minor unit = numerator / denominator, reduced. */
    record Rational(long numerator, long denominator) {
    }

    private Rates() {
    }

    /**
     * @throws GatewayProblem 400 {@value #INVALID_RATE} when the text is not a positive decimal number, or its
     *                        reduced rational does not fit the ledger's 64-bit integers
     */
    static Rational parse(String text, Currencies.Currency base, Currencies.Currency quote) {
        if (text == null || !DECIMAL.matcher(text).matches()) {
            throw invalid("rate must be a positive decimal string such as \"0.65\" (major units of %s per %s), got %s"
                    .formatted(quote.code(), base.code(), text == null ? "nothing" : "\"" + text + "\""));
        }
        BigDecimal rate = new BigDecimal(text);
        if (rate.signum() == 0) {
            throw invalid("rate must be more than zero");
        }
        // rate = unscaled / 10^scale; minor rate = unscaled * 10^qd / (10^scale * 10^bd)
        BigInteger numerator = rate.unscaledValue().multiply(BigInteger.TEN.pow(quote.decimals()));
        BigInteger denominator = BigInteger.TEN.pow(Math.max(rate.scale(), 0) + base.decimals());
        if (rate.scale() < 0) {
            numerator = numerator.multiply(BigInteger.TEN.pow(-rate.scale()));
        }
        BigInteger gcd = numerator.gcd(denominator);
        numerator = numerator.divide(gcd);
        denominator = denominator.divide(gcd);
        if (numerator.compareTo(LONG_MAX) > 0 || denominator.compareTo(LONG_MAX) > 0) {
            throw invalid("rate \"%s\" is too precise: in minor units it is %s/%s, more than 64-bit integers hold"
                    .formatted(text, numerator, denominator));
        }
        return new Rational(numerator.longValueExact(), denominator.longValueExact());
    }

    /** The rate in major units as a decimal string: exact when it terminates within 18 digits, else rounded. */
    static String format(long numerator, long denominator, int baseDecimals, int quoteDecimals) {
        BigDecimal top = BigDecimal.valueOf(numerator).scaleByPowerOfTen(baseDecimals);
        BigDecimal bottom = BigDecimal.valueOf(denominator).scaleByPowerOfTen(quoteDecimals);
        BigDecimal rate;
        try {
            rate = top.divide(bottom, MathContext.UNLIMITED);
        } catch (ArithmeticException nonTerminating) {
            rate = top.divide(bottom, 18, RoundingMode.HALF_EVEN);
        }
        if (rate.scale() > 18) {
            rate = rate.setScale(18, RoundingMode.HALF_EVEN);
        }
        rate = rate.stripTrailingZeros();
        return rate.scale() < 0 ? rate.setScale(0).toPlainString() : rate.toPlainString();
    }

    private static GatewayProblem invalid(String detail) {
        return GatewayProblem.of(HttpStatus.BAD_REQUEST, INVALID_RATE, detail).with("field", "rate");
    }
}
