package dev.fulcrum.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MoneyTests {

    @Test
    void minorUnitsFollowTheCurrency() {
        assertThat(Money.of("1234", "JPY").minorUnits()).isEqualTo(1234);
        assertThat(Money.of("1.234", "KWD").minorUnits()).isEqualTo(1234);
        assertThat(Money.of("12.34", "CNY").minorUnits()).isEqualTo(1234);
        assertThat(Money.ofMinor(1234, java.util.Currency.getInstance("KWD")).toPlainString())
                .isEqualTo("1.234");
    }

    @Test
    void anAmountWithMoreDecimalsThanTheCurrencyIsRefusedUnlessRounded() {
        assertThatThrownBy(() -> Money.of("10.5", "JPY")).isInstanceOf(ArithmeticException.class);
        assertThat(Money.rounded(new java.math.BigDecimal("10.5"), java.util.Currency.getInstance("JPY")))
                .isEqualTo(Money.of("10", "JPY"));
    }

    @Test
    void allocationAddsUpExactlyInEveryCurrency() {
        assertThat(Money.of("100", "JPY").allocate(List.of(1L, 1L, 1L)))
                .containsExactly(Money.of("34", "JPY"), Money.of("33", "JPY"), Money.of("33", "JPY"));
        assertThat(Money.of("1.000", "KWD").allocate(List.of(1L, 2L)))
                .containsExactly(Money.of("0.333", "KWD"), Money.of("0.667", "KWD"));
        assertThat(Money.of("-0.05", "EUR").allocate(List.of(1L, 1L)))
                .containsExactly(Money.of("-0.03", "EUR"), Money.of("-0.02", "EUR"));
        assertThat(Money.of("10.00", "EUR").allocate(List.of(0L, 5L)))
                .containsExactly(Money.of("0.00", "EUR"), Money.of("10.00", "EUR"));
    }

    @Test
    void allocationRefusesWeightsWithoutAPositiveSum() {
        assertThatThrownBy(() -> Money.of("1", "JPY").allocate(List.of(0L, 0L)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
