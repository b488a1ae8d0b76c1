package dev.fulcrum.demand.replenishment;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.demand.DemandForecasts;
import dev.fulcrum.inventory.InboundLine;
import dev.fulcrum.inventory.InboundStock;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.StockPosition;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.Sku;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replenishment proposals of the current tenant: computed from the latest forecast of each stocked position
 * ({@link DemandForecasts}, when the application has one), the location's lead time and review period and the
 * configured service level ({@code fulcrum.replenishment.service-level}); approved into expected inbound stock.
 */
@Service
public class ReplenishmentProposals {

    /** The most stock positions one computation plans; more are refused with a problem asking for a filter. */
    static final int DEFAULT_MAX_POSITIONS = 10_000;

    private final JdbcClient jdbc;
    private final ObjectProvider<DemandForecasts> forecasts;
    private final Locations locations;
    private final InventoryLedger ledger;
    private final InboundStock inbound;
    private final AuditLog audit;
    private final JsonMapper json;
    private final Clock clock;
    private final ServiceLevel serviceLevel;
    private final int maxPositions;

    ReplenishmentProposals(
            JdbcClient jdbc,
            ObjectProvider<DemandForecasts> forecasts,
            Locations locations,
            InventoryLedger ledger,
            InboundStock inbound,
            AuditLog audit,
            JsonMapper json,
            Clock clock,
            @Value("${fulcrum.replenishment.service-level:0.95}") double serviceLevel,
            @Value("${fulcrum.replenishment.max-positions:" + DEFAULT_MAX_POSITIONS + "}") int maxPositions) {
        this.jdbc = jdbc;
        this.forecasts = forecasts;
        this.locations = locations;
        this.ledger = ledger;
        this.inbound = inbound;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
        this.serviceLevel = ServiceLevel.of(serviceLevel);
        this.maxPositions = maxPositions;
    }

    /** A page of proposals and what the computation covered. */
    public record Listing(
            List<ReplenishmentProposal> items,
            @Nullable String next,
            int positions,
            int withoutForecast,
            double serviceLevel,
            Instant computedAt) {}

    /**
     * Recomputes the open proposals of the positions in scope (every location's, or one location's; every SKU or one)
     * and lists one page of them by location and SKU: an open proposal keeps its id while it stays due and goes when
     * its position no longer needs an order.
     *
     * @param all also list positions that need nothing (status {@code none}, quantity 0)
     * @param after the {@code next} of the previous page, null for the first
     * @throws ApiProblem 409 when the application has no forecasts, 400 when the scope holds more positions than the
     *     cap ({@code fulcrum.replenishment.max-positions}) or the cursor is not one this API wrote
     */
    @Transactional
    public Listing list(
            @Nullable LocationId location, @Nullable Sku sku, boolean all, @Nullable String after, int limit) {
        String[] start = after == null || after.isBlank() ? null : Cursors.decode(after);
        DemandForecasts source = forecasts.getIfAvailable();
        if (source == null) {
            throw ApiProblem.conflict(
                    "forecasts-unavailable",
                    "replenishment plans from demand forecasts and this installation has none yet: "
                            + "run a forecast first (POST /api/v1/forecasts)");
        }
        List<Location> scope = location == null
                ? locations.list(true)
                : List.of(locations
                        .find(location)
                        .orElseThrow(() -> ApiProblem.notFound("location " + location + " does not exist")));
        List<StockPosition> positions = new ArrayList<>();
        for (Location place : scope) {
            for (StockPosition position : ledger.positionsAt(new LocationId(place.id()))) {
                if (sku == null || position.sku().equals(sku)) {
                    positions.add(position);
                }
            }
            if (positions.size() > maxPositions) {
                throw ApiProblem.invalid(
                        location == null ? "locationId" : "sku",
                        RequestLimits.overCap(positions.size(), maxPositions, "stock positions per computation")
                                + ": narrow it with locationId or sku");
            }
        }
        Map<LocationId, Map<Sku, Integer>> incoming = InboundStock.byLocation(inbound.expectedBy(
                positions.stream().map(StockPosition::sku).distinct().toList(), null));
        Map<String, Location> places = new java.util.HashMap<>();
        scope.forEach(place -> places.put(place.id(), place));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<ReplenishmentProposal> computed = new ArrayList<>();
        List<String[]> notDue = new ArrayList<>();
        int withoutForecast = 0;
        positions.sort(Comparator.comparing((StockPosition p) -> p.locationId().value())
                .thenComparing(p -> p.sku().value()));
        for (StockPosition position : positions) {
            Location place = places.get(position.locationId().value());
            Optional<DemandForecasts.SeriesForecast> forecast =
                    place == null ? Optional.empty() : source.latest(position.sku(), position.locationId());
            if (place == null || forecast.isEmpty() || forecast.get().weeks().isEmpty()) {
                withoutForecast++;
                notDue.add(new String[] {
                    position.locationId().value(), position.sku().value()
                });
                continue;
            }
            int expected =
                    incoming.getOrDefault(position.locationId(), Map.of()).getOrDefault(position.sku(), 0);
            ReplenishmentCalculation calculation = ReplenishmentCalculation.of(
                    forecast.get(),
                    serviceLevel,
                    place.leadTimeDays(),
                    place.reviewPeriodDays(),
                    position.onHand(),
                    position.reserved(),
                    expected,
                    today);
            LocalDate expectedOn = today.plusDays(place.leadTimeDays());
            JsonNode explanation = explain(calculation);
            if (calculation.quantity() > 0) {
                UUID id = upsertOpen(position, calculation.quantity(), expectedOn, explanation, now);
                computed.add(new ReplenishmentProposal(
                        id,
                        position.locationId().value(),
                        position.sku().value(),
                        "open",
                        calculation.quantity(),
                        expectedOn,
                        now,
                        null,
                        null,
                        null,
                        explanation));
            } else {
                notDue.add(new String[] {
                    position.locationId().value(), position.sku().value()
                });
                if (all) {
                    computed.add(new ReplenishmentProposal(
                            null,
                            position.locationId().value(),
                            position.sku().value(),
                            "none",
                            0,
                            expectedOn,
                            now,
                            null,
                            null,
                            null,
                            explanation));
                }
            }
        }
        dropOpen(notDue);
        List<ReplenishmentProposal> rest = computed.stream()
                .filter(p -> start == null
                        || p.locationId().compareTo(start[0]) > 0
                        || (p.locationId().equals(start[0]) && p.sku().compareTo(start[1]) > 0))
                .toList();
        List<ReplenishmentProposal> page = rest.size() > limit ? rest.subList(0, limit) : rest;
        String next = rest.size() > limit
                ? Cursors.encode(page.getLast().locationId(), page.getLast().sku())
                : null;
        return new Listing(List.copyOf(page), next, positions.size(), withoutForecast, serviceLevel.level(), now);
    }

    @Transactional(readOnly = true)
    public Optional<ReplenishmentProposal> find(UUID id) {
        return jdbc.sql("select * from replenishment_proposals where tenant_id = ? and id = ?")
                .params(tenant(), id)
                .query((rs, row) -> proposal(rs))
                .optional();
    }

    /**
     * Approves an open proposal: its units (or {@code quantity}) are expected at its location on its expected date (or
     * {@code expectedOn}) as an inbound line referring to it, which raises availability from that date on.
     *
     * @throws ApiProblem 404 when there is no such proposal, 409 when it was approved already
     */
    @Transactional
    public ReplenishmentProposal approve(UUID id, @Nullable Integer quantity, @Nullable LocalDate expectedOn) {
        ReplenishmentProposal proposal = jdbc.sql(
                        "select * from replenishment_proposals where tenant_id = ? and id = ? for update")
                .params(tenant(), id)
                .query((rs, row) -> proposal(rs))
                .optional()
                .orElseThrow(() -> ApiProblem.notFound("replenishment proposal " + id + " does not exist"));
        if (!proposal.status().equals("open")) {
            throw ApiProblem.conflict(
                    "proposal-not-open", "replenishment proposal " + id + " is " + proposal.status() + " already");
        }
        int units = quantity == null ? proposal.quantity() : quantity;
        LocalDate on = expectedOn == null ? proposal.expectedOn() : expectedOn;
        InboundLine line = inbound.expect(
                new LocationId(proposal.locationId()),
                new Sku(proposal.sku()),
                units,
                on,
                "replenishment",
                "replenishment-proposal:" + id);
        jdbc.sql("""
                update replenishment_proposals set status = 'approved', quantity = ?, expected_on = ?, approved_at = ?,
                    approved_by = ?, inbound_id = ?
                where tenant_id = ? and id = ?""")
                .params(
                        units,
                        Date.valueOf(on),
                        Timestamp.from(clock.instant()),
                        RequestContext.require().actor(),
                        line.id(),
                        tenant(),
                        id)
                .update();
        audit.record(
                "replenishment.approved",
                "replenishment-proposal",
                id.toString(),
                Map.of(
                        "quantity",
                        units,
                        "expectedOn",
                        on.toString(),
                        "inboundId",
                        line.id().toString()));
        return find(id).orElseThrow();
    }

    private JsonNode explain(ReplenishmentCalculation calculation) {
        ObjectNode node = (ObjectNode) json.valueToTree(calculation);
        node.put("formula", ReplenishmentCalculation.FORMULA);
        return node;
    }

    private UUID upsertOpen(
            StockPosition position, int quantity, LocalDate expectedOn, JsonNode explanation, Instant at) {
        return jdbc.sql("""
                insert into replenishment_proposals (tenant_id, id, location_id, sku, status, quantity, expected_on,
                    explanation, computed_at)
                values (?, ?, ?, ?, 'open', ?, ?, ?::jsonb, ?)
                on conflict (tenant_id, location_id, sku) where status = 'open' do update set quantity = excluded.quantity,
                    expected_on = excluded.expected_on, explanation = excluded.explanation,
                    computed_at = excluded.computed_at
                returning id""")
                .params(
                        tenant(),
                        Ids.timeOrdered(),
                        position.locationId().value(),
                        position.sku().value(),
                        quantity,
                        Date.valueOf(expectedOn),
                        json.writeValueAsString(explanation),
                        Timestamp.from(at))
                .query((rs, row) -> rs.getObject(1, UUID.class))
                .single();
    }

    /** Drops the open proposals of positions that no longer need an order, in one statement. */
    private void dropOpen(List<String[]> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("""
                delete from replenishment_proposals p using unnest(?::text[], ?::text[]) as k(location_id, sku)
                where p.tenant_id = ? and p.status = 'open' and p.location_id = k.location_id and p.sku = k.sku""")
                .params(
                        keys.stream().map(key -> key[0]).toArray(String[]::new),
                        keys.stream().map(key -> key[1]).toArray(String[]::new),
                        tenant())
                .update();
    }

    private ReplenishmentProposal proposal(ResultSet rs) throws SQLException {
        return new ReplenishmentProposal(
                rs.getObject("id", UUID.class),
                rs.getString("location_id"),
                rs.getString("sku"),
                rs.getString("status"),
                rs.getInt("quantity"),
                rs.getDate("expected_on").toLocalDate(),
                rs.getTimestamp("computed_at").toInstant(),
                rs.getTimestamp("approved_at") == null
                        ? null
                        : rs.getTimestamp("approved_at").toInstant(),
                rs.getString("approved_by"),
                rs.getObject("inbound_id", UUID.class),
                json.readTree(rs.getString("explanation")));
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }

    /** The opaque {@code next} of a listing: the location and SKU of its last proposal. */
    static final class Cursors {

        private Cursors() {}

        static String encode(String location, String sku) {
            return java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((location + "\u0000" + sku).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static String[] decode(String cursor) {
            try {
                String[] parts = new String(
                                java.util.Base64.getUrlDecoder().decode(cursor.strip()),
                                java.nio.charset.StandardCharsets.UTF_8)
                        .split("\u0000", -1);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("two parts expected");
                }
                return parts;
            } catch (IllegalArgumentException malformed) {
                throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
            }
        }
    }
}
