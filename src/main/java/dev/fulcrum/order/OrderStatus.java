package dev.fulcrum.order;

/**
 * The status of an order, derived from its line ledger and payment. Each maps onto the canonical status code of the
 * data contract: 0 pending payment, 1 paid, 2 shipped, 3 completed, 4 cancelled.
 */
public enum OrderStatus {
    PENDING_PAYMENT(0),
    PAID(1),
    PARTIALLY_SHIPPED(2),
    SHIPPED(2),
    COMPLETED(3),
    CANCELLED(4);

    private final int code;

    OrderStatus(int code) {
        this.code = code;
    }

    /** The canonical status code of the order data contract. */
    public int code() {
        return code;
    }

    /** True for an order whose every unit was cancelled: nothing more can happen to it. */
    public boolean isCancelled() {
        return this == CANCELLED;
    }

    /** The readable name used on the wire and in flows, for example {@code pending_payment}. */
    @com.fasterxml.jackson.annotation.JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static OrderStatus fromWireName(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
