package dev.fulcrum.sourcing.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What customers asked for about delivery: a preferred carrier, no weekend deliveries. Keyed by the customer id. */
@Service
public class DeliveryPreferences {

    /** A customer's delivery preferences. */
    public record Preferences(String customerId, @Nullable String preferredCarrier, boolean noWeekendDelivery) {}

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    DeliveryPreferences(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Preferences put(Preferences preferences) {
        jdbc.sql("""
                insert into customer_delivery_preferences (tenant_id, customer_id, preferred_carrier, no_weekend_delivery, updated_at)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id, customer_id) do update set preferred_carrier = excluded.preferred_carrier,
                    no_weekend_delivery = excluded.no_weekend_delivery, updated_at = excluded.updated_at""")
                .params(
                        tenant(),
                        preferences.customerId(),
                        preferences.preferredCarrier(),
                        preferences.noWeekendDelivery(),
                        Timestamp.from(clock.instant()))
                .update();
        audit.record(
                "customer.delivery-preferences",
                "customer",
                preferences.customerId(),
                Map.of("noWeekendDelivery", preferences.noWeekendDelivery()));
        return preferences;
    }

    @Transactional(readOnly = true)
    public Optional<Preferences> find(@Nullable String customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        return jdbc.sql("select * from customer_delivery_preferences where tenant_id = ? and customer_id = ?")
                .params(tenant(), customerId)
                .query((rs, row) -> new Preferences(
                        rs.getString("customer_id"),
                        rs.getString("preferred_carrier"),
                        rs.getBoolean("no_weekend_delivery")))
                .optional();
    }

    /** The preferences of those of the customers who have any, by customer id: one query for a batch of orders. */
    @Transactional(readOnly = true)
    public Map<String, Preferences> findAll(Collection<@Nullable String> customerIds) {
        String[] ids = customerIds.stream().filter(Objects::nonNull).distinct().toArray(String[]::new);
        Map<String, Preferences> found = new HashMap<>();
        if (ids.length == 0) {
            return found;
        }
        jdbc.sql("select * from customer_delivery_preferences where tenant_id = ? and customer_id = any(?)")
                .params(tenant(), ids)
                .query((rs, row) -> new Preferences(
                        rs.getString("customer_id"),
                        rs.getString("preferred_carrier"),
                        rs.getBoolean("no_weekend_delivery")))
                .list()
                .forEach(preferences -> found.put(preferences.customerId(), preferences));
        return found;
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
