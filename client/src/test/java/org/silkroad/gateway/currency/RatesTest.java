package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.silkroad.gateway.shared.GatewayProblem;

class RatesTest {

    private static final Currencies.Currency CNY = new Currencies.Currency("CNY", 2, "CNMSP");
    private static final Currencies.Currency MYR = new Currencies.Currency("MYR", 2, "MYMSP");
    private static final Currencies.Currency RWF = new Currencies.Currency("RWF", 0, "RWMSP");

    @Test
    void same_decimals_keep_the_rate_reduced() {
        assertThat(Rates.parse("0.65", CNY, MYR)).isEqualTo(new Rates.Rational(13, 20));
        assertThat(Rates.parse("2", CNY, MYR)).isEqualTo(new Rates.Rational(2, 1));
    }

    @Test
    void the_rational_is_in_minor_units_per_minor_unit() {
        // 1 CNY (100 fen) = 190.5 RWF (no minor units): 1 fen = 1.905 RWF = 381/200
        assertThat(Rates.parse("190.5", CNY, RWF)).isEqualTo(new Rates.Rational(381, 200));
        // 1 RWF = 0.0052 CNY = 0.52 fen = 13/25
        assertThat(Rates.parse("0.0052", RWF, CNY)).isEqualTo(new Rates.Rational(13, 25));
    }

    @Test
    void formats_back_to_major_units() {
        assertThat(Rates.format(13, 20, 2, 2)).isEqualTo("0.65");
        assertThat(Rates.format(381, 200, 2, 0)).isEqualTo("190.5");
        assertThat(Rates.format(13, 25, 0, 2)).isEqualTo("0.0052");
        assertThat(Rates.format(2, 1, 2, 2)).isEqualTo("2");
        assertThat(Rates.format(1, 3, 2, 2)).isEqualTo("0.333333333333333333");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.000", "-1", "abc", "1e3", "", ".5", "1."})
    void refuses_what_is_not_a_positive_decimal(String text) {
        assertThatThrownBy(() -> Rates.parse(text, CNY, MYR)).isInstanceOfSatisfying(GatewayProblem.class,
                problem -> assertThat(problem.code()).isEqualTo("INVALID_RATE"));
    }

    @Test
    void refuses_a_rate_too_precise_for_64_bit_integers() {
        assertThatThrownBy(() -> Rates.parse("0.1234567890123456789012345678", CNY, MYR))
                .isInstanceOfSatisfying(GatewayProblem.class,
                        problem -> assertThat(problem.code()).isEqualTo("INVALID_RATE"));
    }
}
