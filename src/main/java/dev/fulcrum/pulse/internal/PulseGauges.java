package dev.fulcrum.pulse.internal;

import dev.fulcrum.pulse.PulseMetric;
import dev.fulcrum.pulse.PulseReport;
import dev.fulcrum.shared.TenantId;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The pulse's current values (the last five minutes) as Prometheus gauges, {@code fulcrum_pulse_value} tagged with
 * the {@code metric} ({@link PulseMetric#key()}) and the {@code tenant}; NaN while a figure has no value. Updated by the
 * pulse job of the instance that computed the tenant last.
 */
@Component
public class PulseGauges {

    private final MeterRegistry registry;
    private final Map<String, Double> values = new ConcurrentHashMap<>();

    PulseGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    void update(TenantId tenant, PulseReport report) {
        for (PulseMetric metric : PulseMetric.values()) {
            if (metric == PulseMetric.OPEN_LATE) {
                continue; // counted only on request: too costly to count every few seconds
            }
            String key = tenant.value() + "|" + metric.key();
            Double value = report.value(metric);
            boolean known = values.containsKey(key);
            values.put(key, value == null ? Double.NaN : value);
            if (!known) {
                Gauge.builder("fulcrum.pulse.value", values, all -> all.getOrDefault(key, Double.NaN))
                        .description("The order pulse over the last five minutes (docs/guide/pulse.md)")
                        .tag("metric", metric.key())
                        .tag("tenant", tenant.value().toString())
                        .register(registry);
            }
        }
    }
}
