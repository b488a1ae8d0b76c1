package dev.fulcrum.shared;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Objects;

/**
 * An amount in one ISO 4217 currency. Decimal, never floating point; the scale is the currency's own minor unit
 * ({@link #minorDigits}: 2 for CNY and EUR, 0 for JPY, 3 for KWD), so arithmetic never rounds. Code that needs exact
 * integer arithmetic (the batch optimiser) works in {@link #minorUnits()} and converts back with {@link #ofMinor}.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        amount = amount.setScale(minorDigits(currency), RoundingMode.UNNECESSARY);
    }

    /** The one place that says how many decimals a currency's minor unit has (0 for currencies without one). */
    public static int minorDigits(Currency currency) {
        return Math.max(currency.getDefaultFractionDigits(), 0);
    }

    /** Whether {@code amount} has no more decimals than {@code currency}'s minor unit (trailing zeros aside). */
    public static boolean fits(BigDecimal amount, Currency currency) {
        return amount.stripTrailingZeros().scale() <= minorDigits(currency);
    }

    /**
     * Why an amount that does not {@link #fits fit} is refused rather than rounded: {@code "JPY has no minor unit"},
     * {@code "KWD has no more than 3 decimals"}.
     */
    public static String tooManyDecimals(Currency currency) {
        int digits = minorDigits(currency);
        return digits == 0
                ? currency.getCurrencyCode() + " has no minor unit"
                : currency.getCurrencyCode() + " has no more than " + digits + " decimals";
    }

    /** The amount in the currency's code, for example {@code of("12.345", "KWD")}; too many decimals are refused. */
    public static Money of(String amount, String currencyCode) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currencyCode));
    }

    /** An amount with more decimals (a computed freight or handling cost) rounded half-even to the minor unit. */
    public static Money rounded(BigDecimal amount, Currency currency) {
        return new Money(amount.setScale(minorDigits(currency), RoundingMode.HALF_EVEN), currency);
    }

    /** {@code units} minor units: {@code ofMinor(1234, JPY)} is ¥1234, {@code ofMinor(1234, KWD)} is 1.234 KWD. */
    public static Money ofMinor(long units, Currency currency) {
        return new Money(BigDecimal.valueOf(units, minorDigits(currency)), currency);
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    /** The amount in the currency's minor units, exactly. */
    public long minorUnits() {
        return amount.movePointRight(minorDigits(currency)).longValueExact();
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)), currency);
    }

    /**
     * Splits this amount in proportion to {@code weights} (for example line totals when a discount or a refund is
     * shared across lines) so that the shares add up to this amount exactly: each share is rounded down to the minor
     * unit and the units left over go, one each, to the shares with the largest remainders (earliest first on ties).
     */
    public List<Money> allocate(List<Long> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("weights must not be empty");
        }
        long total = weights.stream().mapToLong(Long::longValue).sum();
        if (total <= 0 || weights.stream().anyMatch(weight -> weight < 0)) {
            throw new IllegalArgumentException("weights must be non-negative with a positive sum: " + weights);
        }
        BigInteger units = BigInteger.valueOf(minorUnits());
        BigInteger sum = BigInteger.valueOf(total);
        long[] shares = new long[weights.size()];
        BigInteger[] remainders = new BigInteger[weights.size()];
        long given = 0;
        for (int i = 0; i < shares.length; i++) {
            BigInteger[] divided =
                    units.multiply(BigInteger.valueOf(weights.get(i))).divideAndRemainder(sum);
            shares[i] = divided[0].longValueExact();
            remainders[i] = divided[1].abs();
            given += shares[i];
        }
        long left = minorUnits() - given;
        long step = Long.signum(left);
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            byRemainder.add(i);
        }
        byRemainder.sort((a, b) -> remainders[b].compareTo(remainders[a]));
        for (int k = 0; left != 0; k++, left -= step) {
            shares[byRemainder.get(k)] += step;
        }
        List<Money> result = new ArrayList<>(shares.length);
        for (long share : shares) {
            result.add(ofMinor(share, currency));
        }
        return List.copyOf(result);
    }

    /** The amount as the wire format writes it: a plain decimal string such as {@code "113.00"}. */
    public String toPlainString() {
        return amount.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("currency mismatch: " + currency + " and " + other.currency);
        }
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
