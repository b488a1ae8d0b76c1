package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.Sku;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engine's answer: shipments (location, carrier service, lines, ship-by, deliver-by, cost, carbon), the lines it
 * could not source, totals (costs in the order's currency), the latest promised delivery, the score under the strategy's weights, how it searched
 * ({@code exhaustive} or {@code pruned}), every candidate with its verdict, and what the other presets would choose.
 */
public record Plan(
        String strategy,
        String objective,
        String search,
        List<Shipment> shipments,
        List<Unallocated> unallocated,
        Money cost,
        double carbonGrams,
        @Nullable LocalDate deliverBy,
        int promisedDays,
        double score,
        List<Candidate> candidates,
        List<Alternative> alternatives) {

    public boolean complete() {
        return unallocated.isEmpty();
    }

    public record Shipment(
            LocationId locationId,
            Quote quote,
            List<PlanLine> lines,
            ZonedDateTime shipBy,
            LocalDate deliverBy,
            Money handlingCost,
            Money cost,
            double carbonGrams) {}

    public record PlanLine(int lineNo, Sku sku, int quantity) {}

    public record Unallocated(int lineNo, Sku sku, int quantity, String reason) {}

    /**
     * One candidate location: {@code chosen}, {@code eligible} or {@code rejected}; the lines it could ship; what
     * shipping those lines from it alone would cost and score; and the reasons for each line it could not ship.
     */
    public record Candidate(
            LocationId locationId,
            String verdict,
            List<Integer> coversLines,
            List<String> reasons,
            @Nullable Double score,
            @Nullable Money cost,
            @Nullable Integer days,
            @Nullable Double carbonGrams,
            @Nullable String serviceCode,
            boolean estimate) {}

    /** What another objective preset would have chosen for the same order. */
    public record Alternative(
            String objective,
            List<LocationId> locations,
            Money cost,
            int promisedDays,
            double carbonGrams,
            int unallocatedLines) {}
}
