package dev.fulcrum.sourcing.engine;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the engine optimises and under which hard constraints: eligible location types (null: any), the maximum number
 * of shipments, whether daily capacity and the customer's preferred carrier count, an optional filter over each
 * candidate site, and the objective's weights ({@code objective} names the preset or "custom").
 */
public record Strategy(
        String name,
        @Nullable Set<String> locationTypes,
        int maxShipments,
        boolean respectCapacity,
        boolean usePreferredCarrier,
        SiteFilter filter,
        String objective,
        Weights weights) {

    /** A hard constraint over one site: null when it may ship, otherwise the reason it may not. */
    @FunctionalInterface
    public interface SiteFilter {

        SiteFilter NONE = site -> null;

        @Nullable
        String reject(Site site);
    }

    public Strategy withWeights(String objectiveName, Weights other) {
        return new Strategy(
                name, locationTypes, maxShipments, respectCapacity, usePreferredCarrier, filter, objectiveName, other);
    }
}
