package dev.fulcrum.pulse;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The figures of the pulse an alert rule (and a Prometheus gauge) can watch, named as in the JSON. */
public enum PulseMetric {
    FRESHNESS_INTAKE_P50("freshness.intake.p50Seconds"),
    FRESHNESS_INTAKE_P95("freshness.intake.p95Seconds"),
    FRESHNESS_INTAKE_P99("freshness.intake.p99Seconds"),
    FRESHNESS_DOWNSTREAM_P50("freshness.downstream.p50Seconds"),
    FRESHNESS_DOWNSTREAM_P95("freshness.downstream.p95Seconds"),
    FRESHNESS_DOWNSTREAM_P99("freshness.downstream.p99Seconds"),
    CONSISTENCY_SHARE("consistency.share"),
    INTERCEPTION_SHARE("interception.share"),
    STRATEGY_COVERAGE_SHARE("strategyCoverage.share"),
    NEEDS_PERSON_SHARE("strategyCoverage.needsPersonShare"),
    CUSTOMER_INTERVENTION("customerIntervention.per100Orders"),
    QUARANTINED("exceptions.quarantined"),
    BACKORDERS("exceptions.backorders"),
    DEAD_WEBHOOKS("exceptions.deadWebhooks"),
    EXCEPTIONS_TOTAL("exceptions.total"),
    PROMISE_KEPT_SHARE("promiseKept.share"),
    OPEN_LATE("promiseKept.openLate");

    private final String key;

    PulseMetric(String key) {
        this.key = key;
    }

    /** The name in alert rules and in the {@code metric} tag of the gauge, for example {@code consistency.share}. */
    public String key() {
        return key;
    }

    @Nullable
    Double of(PulseReport report) {
        return switch (this) {
            case FRESHNESS_INTAKE_P50 -> report.freshness().intake().p50Seconds();
            case FRESHNESS_INTAKE_P95 -> report.freshness().intake().p95Seconds();
            case FRESHNESS_INTAKE_P99 -> report.freshness().intake().p99Seconds();
            case FRESHNESS_DOWNSTREAM_P50 -> report.freshness().downstream().p50Seconds();
            case FRESHNESS_DOWNSTREAM_P95 -> report.freshness().downstream().p95Seconds();
            case FRESHNESS_DOWNSTREAM_P99 -> report.freshness().downstream().p99Seconds();
            case CONSISTENCY_SHARE -> report.consistency().share();
            case INTERCEPTION_SHARE -> report.interception().share();
            case STRATEGY_COVERAGE_SHARE -> report.strategyCoverage().share();
            case NEEDS_PERSON_SHARE -> report.strategyCoverage().needsPersonShare();
            case CUSTOMER_INTERVENTION -> report.customerIntervention().per100Orders();
            case QUARANTINED -> (double) report.exceptions().quarantined();
            case BACKORDERS -> (double) report.exceptions().backorders();
            case DEAD_WEBHOOKS -> (double) report.exceptions().deadWebhooks();
            case EXCEPTIONS_TOTAL -> (double) report.exceptions().total();
            case PROMISE_KEPT_SHARE -> report.promiseKept().share();
            case OPEN_LATE -> (double) report.promiseKept().openLate();
        };
    }

    public static Optional<PulseMetric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PulseMetric::key).toList();
    }
}
