package dev.fulcrum.demand.internal;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.sourcing.OrderAllocated;
import dev.fulcrum.sourcing.OrderSourced;
import dev.fulcrum.sourcing.OrdersSourced;
import dev.fulcrum.sourcing.SourcingDecision;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Fulcrum's own orders as demand: the units sourcing allocated to each location, per order, SKU and ISO week of the
 * allocation, written set-based in the transaction that allocated them (one statement per order or batch). Rows are
 * keyed by order, so intake never waits on a shared counter; an order allocated again replaces its units.
 */
@Component
class OrderDemand {

    private final JdbcClient jdbc;

    OrderDemand(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(OrderAllocated allocated) {
        write(List.of(allocated));
    }

    @EventListener
    void on(OrdersSourced batch) {
        write(batch.sourced());
    }

    private record Unit(UUID orderId, String location, String sku) {}

    private void write(List<OrderSourced> sourced) {
        Map<Unit, Integer> units = new LinkedHashMap<>();
        Map<Unit, LocalDate> weeks = new LinkedHashMap<>();
        for (OrderSourced one : sourced) {
            if (!(one instanceof OrderAllocated)) {
                continue;
            }
            SourcingDecision decision = one.decision();
            LocalDate week = LocalDate.ofInstant(one.occurredAt(), ZoneOffset.UTC)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            for (SourcingDecision.Shipment shipment : decision.shipments()) {
                for (SourcingDecision.Line line : shipment.lines()) {
                    Unit unit = new Unit(decision.orderId().value(), shipment.locationId(), line.sku());
                    units.merge(unit, line.quantity(), Integer::sum);
                    weeks.put(unit, week);
                }
            }
        }
        if (units.isEmpty()) {
            return;
        }
        List<Unit> keys = new ArrayList<>(units.keySet());
        jdbc.sql("""
                insert into demand_order_units (tenant_id, order_id, location_id, sku, week, quantity)
                select ?, u.order_id, u.location_id, u.sku, u.week, u.quantity
                from unnest(?::uuid[], ?::text[], ?::text[], ?::date[], ?::int[]) as u(order_id, location_id, sku, week, quantity)
                on conflict (tenant_id, order_id, location_id, sku) do update set quantity = excluded.quantity,
                    week = excluded.week""")
                .params(
                        RequestContext.require().tenantId().value(),
                        keys.stream().map(Unit::orderId).toArray(UUID[]::new),
                        keys.stream().map(Unit::location).toArray(String[]::new),
                        keys.stream().map(Unit::sku).toArray(String[]::new),
                        keys.stream()
                                .map(unit -> Date.valueOf(java.util.Objects.requireNonNull(weeks.get(unit))))
                                .toArray(Date[]::new),
                        keys.stream()
                                .map(unit -> java.util.Objects.requireNonNull(units.get(unit)))
                                .toArray(Integer[]::new))
                .update();
    }
}
