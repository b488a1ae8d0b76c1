package dev.fulcrum.pulse.internal;

/** The names of the per-minute figures in {@code pulse_minutes}; docs/guide/pulse.md explains each. */
public final class Metrics {

    /** Orders committed. */
    public static final String ORDERS = "orders";
    /** Seconds from an order's channel {@code placedAt} to its commit (histogram). */
    public static final String FRESHNESS_INTAKE = "freshness.intake";
    /** Seconds from a commit to a downstream acknowledgement: webhook 2xx, channel status report 2xx (histogram). */
    public static final String FRESHNESS_DOWNSTREAM = "freshness.downstream";
    /** Orders that got a hold (any type); {@code held.<type>} per type. */
    public static final String HELD = "held";
    /** Channel payloads put in quarantine: orders rejected before they existed. */
    public static final String REJECTED = "rejected";

    public static final String SOURCED = "sourced";
    public static final String SOURCED_FALLBACK = "sourced.fallback";
    public static final String SOURCED_NEEDS_PERSON = "sourced.needsPerson";
    public static final String BACKORDERS = "backorders";
    public static final String CHANGES_BY_CUSTOMER = "intervention.changes";
    public static final String CANCELLATIONS_BY_CUSTOMER = "intervention.cancellations";
    public static final String DELIVERED = "delivered";
    public static final String DELIVERED_ON_TIME = "delivered.onTime";
    public static final String DEAD_WEBHOOKS = "dead.webhooks";
    public static final String DEAD_STATUS_REPORTS = "dead.statusReports";
    /** Acknowledgements received; {@code acks.disagreeing}: of them, those that disagree with Fulcrum's status. */
    public static final String ACKS = "acks";

    public static final String ACKS_DISAGREEING = "acks.disagreeing";

    private Metrics() {}

    public static String held(String type) {
        return HELD + "." + type;
    }
}
