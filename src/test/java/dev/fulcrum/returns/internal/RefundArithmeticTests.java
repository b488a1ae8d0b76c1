package dev.fulcrum.returns.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Currency;
import org.junit.jupiter.api.Test;

/** The refund arithmetic of docs/guide/returns.md, without Spring. */
class RefundArithmeticTests {

    private static final Currency CNY = Currency.getInstance("CNY");

    @Test
    void theWorkedExampleOfTheGuideAddsUpToTheLineLessTheFee() {
        RefundArithmetic.LineRefund first = RefundArithmetic.of(
                new BigDecimal("10.00"), new BigDecimal("1.00"), new BigDecimal("2.00"), CNY, 3, 0, 1, BigDecimal.TEN);
        assertThat(first.discountShare().toPlainString()).isEqualTo("0.33");
        assertThat(first.taxShare().toPlainString()).isEqualTo("0.67");
        assertThat(first.restockingFee().toPlainString()).isEqualTo("0.97");
        assertThat(first.refund().toPlainString()).isEqualTo("9.37");

        RefundArithmetic.LineRefund rest = RefundArithmetic.of(
                new BigDecimal("10.00"), new BigDecimal("1.00"), new BigDecimal("2.00"), CNY, 3, 1, 2, BigDecimal.ZERO);
        assertThat(rest.discountShare().toPlainString()).isEqualTo("0.67");
        assertThat(rest.taxShare().toPlainString()).isEqualTo("1.33");
        assertThat(rest.refund().toPlainString()).isEqualTo("20.66");
        assertThat(first.refund().plus(rest.refund()).toPlainString()).isEqualTo("30.03");
    }

    @Test
    void yenAndDinarAreRefundedInTheirOwnMinorUnits() {
        RefundArithmetic.LineRefund yen = RefundArithmetic.of(
                new BigDecimal("1000"),
                new BigDecimal("100"),
                new BigDecimal("0"),
                Currency.getInstance("JPY"),
                3,
                0,
                1,
                BigDecimal.ZERO);
        assertThat(yen.refund().toPlainString()).isEqualTo("967");
        RefundArithmetic.LineRefund dinar = RefundArithmetic.of(
                new BigDecimal("1.000"),
                new BigDecimal("0.100"),
                new BigDecimal("0.050"),
                Currency.getInstance("KWD"),
                3,
                0,
                1,
                BigDecimal.ZERO);
        assertThat(dinar.refund().toPlainString()).isEqualTo("0.984");
    }

    @Test
    void theFeeNeverExceedsWhatTheUnitsCost() {
        RefundArithmetic.LineRefund all = RefundArithmetic.of(
                new BigDecimal("5.00"), BigDecimal.ZERO, BigDecimal.ZERO, CNY, 1, 0, 1, new BigDecimal("100"));
        assertThat(all.refund().toPlainString()).isEqualTo("0.00");
    }
}
