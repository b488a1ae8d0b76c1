package dev.fulcrum.compliance.internal;

import dev.fulcrum.shared.RequestContext;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code compliance_person_totals} table: the declared value of each person's cross-border orders to a destination
 * per calendar year and currency, kept incrementally. {@link #add} adds and answers the new totals in one statement,
 * taking the rows' locks: two batches for the same person are counted one after the other, never both against the
 * same old total.
 */
@Repository
class PersonTotals {

    private final JdbcClient jdbc;

    PersonTotals(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whose total, where, which year and currency. */
    record Key(String destination, String person, int year, String currency) {}

    /** Adds each amount (negative: takes it back) and answers every key's total after it. */
    Map<Key, BigDecimal> add(Map<Key, BigDecimal> amounts, Instant now) {
        if (amounts.isEmpty()) {
            return Map.of();
        }
        List<Key> keys = new ArrayList<>(amounts.keySet());
        // Sorted so that two batches lock the rows they share in the same order and cannot deadlock.
        keys.sort(java.util.Comparator.comparing(Key::destination)
                .thenComparing(Key::person)
                .thenComparingInt(Key::year)
                .thenComparing(Key::currency));
        Map<Key, BigDecimal> totals = new HashMap<>();
        jdbc.sql("""
                insert into compliance_person_totals (tenant_id, destination, person, year, currency, amount, updated_at)
                select ?, d, p, y, c, a, ? from unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::numeric[])
                    as t(d, p, y, c, a)
                on conflict (tenant_id, destination, person, year, currency)
                    do update set amount = compliance_person_totals.amount + excluded.amount,
                        updated_at = excluded.updated_at
                returning destination, person, year, currency, amount""")
                .params(
                        tenant(),
                        Timestamp.from(now),
                        keys.stream().map(Key::destination).toArray(String[]::new),
                        keys.stream().map(Key::person).toArray(String[]::new),
                        keys.stream().map(Key::year).toArray(Integer[]::new),
                        keys.stream().map(Key::currency).toArray(String[]::new),
                        keys.stream()
                                .map(key -> java.util.Objects.requireNonNull(amounts.get(key))
                                        .toPlainString())
                                .toArray(String[]::new))
                .query((rs, row) -> totals.put(
                        new Key(
                                rs.getString("destination"),
                                rs.getString("person"),
                                rs.getInt("year"),
                                rs.getString("currency")),
                        rs.getBigDecimal("amount")))
                .list();
        return totals;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
