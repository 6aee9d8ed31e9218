package org.silkroad.gateway.currency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.silkroad.gateway.shared.GatewayProblem;

class MoneyTest {

    private static final Currencies.Currency CNY = new Currencies.Currency("CNY", 2, "CNMSP");
    private static final Currencies.Currency JPY = new Currencies.Currency("JPY", 0, "JPMSP");
    private static final Currencies.Currency BTC = new Currencies.Currency("XBT", 8, "XXMSP");

    @ParameterizedTest
    @CsvSource({"12.34, 1234", "12, 1200", "12.3, 1230", "0.01, 1", "007.50, 750",
            "92233720368547758.07, 9223372036854775807"})
    void reads_major_units_exactly_into_minor_units(String text, long minor) {
        assertThat(Money.parsePositive("amount", text, CNY).minorUnits()).isEqualTo(minor);
    }

    @Test
    void a_currency_without_decimals_takes_whole_numbers_only() {
        assertThat(Money.parsePositive("amount", "5", JPY).minorUnits()).isEqualTo(5);
        assertProblem(() -> Money.parsePositive("amount", "5.0", JPY), "AMOUNT_PRECISION");
    }

    @Test
    void eight_decimals_are_exact() {
        assertThat(Money.parsePositive("amount", "0.00000001", BTC).minorUnits()).isEqualTo(1);
        assertThat(Money.parsePositive("amount", "21000000.12345678", BTC).minorUnits())
                .isEqualTo(2_100_000_012_345_678L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "-1", "-0.01", "-0"})
    void zero_and_negative_amounts_are_refused(String text) {
        assertProblem(() -> Money.parsePositive("amount", text, CNY), "AMOUNT_NOT_POSITIVE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.234", "0.001", "12.340"})
    void more_fraction_digits_than_the_currency_has_are_refused(String text) {
        assertProblem(() -> Money.parsePositive("amount", text, CNY), "AMOUNT_PRECISION");
    }

    @ParameterizedTest
    @ValueSource(strings = {"92233720368547758.08", "100000000000000000000", "99999999999999999999999999999999"})
    void amounts_beyond_what_the_ledger_counts_are_refused(String text) {
        assertProblem(() -> Money.parsePositive("amount", text, CNY), "AMOUNT_OVERFLOW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " 1", "1 ", "abc", "1e3", "1.", ".5", "+1", "1,5", "0x10", "١٢", "NaN", "1.2.3"})
    void anything_but_a_plain_decimal_is_refused(String text) {
        assertProblem(() -> Money.parsePositive("amount", text, CNY), "INVALID_AMOUNT");
    }

    @ParameterizedTest
    @NullSource
    void a_missing_amount_is_refused(String text) {
        assertProblem(() -> Money.parsePositive("amount", text, CNY), "INVALID_AMOUNT");
    }

    @Test
    void a_very_long_text_is_refused_without_being_read() {
        assertProblem(() -> Money.parsePositive("amount", "1".repeat(10_000), CNY), "AMOUNT_OVERFLOW");
        assertProblem(() -> Money.parsePositive("amount", "x".repeat(10_000), CNY), "INVALID_AMOUNT");
    }

    @Test
    void the_problem_is_400_and_names_the_field() {
        assertThatThrownBy(() -> Money.parsePositive("maxBase", "1.234", CNY))
                .isInstanceOfSatisfying(GatewayProblem.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(400);
                    assertThat(problem.toProblemDetail().getProperties()).containsEntry("field", "maxBase")
                            .containsEntry("code", "AMOUNT_PRECISION");
                    assertThat(problem.getMessage()).contains("CNY has 2");
                });
    }

    @ParameterizedTest
    @CsvSource({"1234, 2, 12.34", "5, 2, 0.05", "1200, 2, 12.00", "5, 0, 5", "0, 2, 0.00", "1, 8, 0.00000001"})
    void writes_minor_units_as_major_units_with_the_currency_decimals(long minor, int decimals, String text) {
        assertThat(Money.format(minor, decimals)).isEqualTo(text);
    }

    private static void assertProblem(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(GatewayProblem.class, problem -> {
            assertThat(problem.code()).isEqualTo(code);
            assertThat(problem.status().value()).isEqualTo(400);
        });
    }
}
