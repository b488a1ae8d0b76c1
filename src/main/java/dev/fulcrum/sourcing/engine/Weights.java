package dev.fulcrum.sourcing.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much each criterion counts. Cost, delivery days and carbon are divided by the order's own reference values (the
 * best any single line could do) so that weights compare like with like; shipments counts each shipment beyond the
 * first; load is the mean share of daily capacity already used at the chosen locations.
 */
public record Weights(double cost, double time, double carbon, double shipments, double load) {

    public static final Map<String, Weights> PRESETS;

    static {
        Map<String, Weights> presets = new LinkedHashMap<>();
        presets.put("cost-first", new Weights(1.0, 0.05, 0.02, 0.05, 0.0));
        presets.put("speed-first", new Weights(0.05, 1.0, 0.02, 0.05, 0.0));
        presets.put("carbon-first", new Weights(0.05, 0.05, 1.0, 0.05, 0.0));
        presets.put("balanced", new Weights(0.4, 0.3, 0.2, 0.1, 0.05));
        PRESETS = java.util.Collections.unmodifiableMap(presets);
    }

    public static Weights preset(String name) {
        Weights weights = PRESETS.get(name);
        if (weights == null) {
            throw new IllegalArgumentException("unknown preset " + name + "; one of " + PRESETS.keySet());
        }
        return weights;
    }
}
