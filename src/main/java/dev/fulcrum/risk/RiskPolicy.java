package dev.fulcrum.risk;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a tenant's orders are scored and decided: a base score, CEL rules over {@code order} and {@code features} that
 * add points when they match, the thresholds at which the score sends an order to review or rejects it, the model
 * version assessments name, the catalogue categories counted as high-risk, and the review SLA.
 *
 * @param reviewAt a score at or above this sends the order to review
 * @param rejectAt a score at or above this rejects (cancels) the order
 * @param onOverdue what happens to a review case past its SLA: {@code escalate} (marked escalated, stays open),
 *     {@code approve} or {@code reject} (decided by the policy as the actor {@code system:risk-sla})
 */
public record RiskPolicy(
        int base,
        int reviewAt,
        int rejectAt,
        String modelVersion,
        List<String> highRiskCategories,
        List<Rule> rules,
        int reviewSlaMinutes,
        String onOverdue) {

    public static final List<String> ON_OVERDUE = List.of("escalate", "approve", "reject");

    public RiskPolicy {
        highRiskCategories = List.copyOf(highRiskCategories);
        rules = List.copyOf(rules);
    }

    /** A rule: when the CEL condition holds, {@code points} are added to the score (negative points lower it). */
    public record Rule(
            String name, String when, int points, @Nullable String description) {}

    /** A stored version: {@code draft}, {@code active} or {@code retired}; version 0 is the shipped default. */
    public record Version(
            int version,
            String status,
            RiskPolicy policy,
            Instant createdAt,
            String createdBy,
            @Nullable Instant activatedAt) {}

    /**
     * The shipped default (version 0, active until a tenant activates one of its own). The device velocity rule alone
     * sends the sixth order from one device within an hour (so also within a minute) to review.
     */
    public static RiskPolicy standard() {
        return new RiskPolicy(
                5,
                55,
                90,
                "rules-v1",
                List.of(),
                List.of(
                        new Rule(
                                "device_velocity",
                                "features.deviceOrders1h >= 6.0",
                                60,
                                "six or more orders from one device within an hour"),
                        new Rule(
                                "email_velocity",
                                "features.emailOrders1h >= 10.0",
                                20,
                                "ten or more orders with one e-mail address within an hour"),
                        new Rule(
                                "ip_velocity",
                                "features.ipOrders1h >= 20.0",
                                20,
                                "twenty or more orders from one IP address within an hour"),
                        new Rule(
                                "payment_velocity",
                                "features.paymentOrders24h >= 10.0",
                                25,
                                "ten or more orders with one payment instrument within a day"),
                        new Rule(
                                "shared_device",
                                "features.deviceCustomers >= 3.0",
                                25,
                                "three or more customers on one device"),
                        new Rule(
                                "shared_ip",
                                "features.ipCustomers >= 5.0",
                                10,
                                "five or more customers from one IP address"),
                        new Rule(
                                "shared_address",
                                "features.addressCustomers >= 4.0",
                                10,
                                "four or more customers shipping to one address"),
                        new Rule(
                                "new_account_large_order",
                                "features.accountAgeHours >= 0.0 && features.accountAgeHours < 1.0"
                                        + " && order.total > 5000.0",
                                35,
                                "an account younger than an hour placing an order over 5,000"),
                        new Rule(
                                "new_account",
                                "features.accountAgeHours >= 0.0 && features.accountAgeHours < 24.0",
                                10,
                                "an account younger than a day"),
                        new Rule(
                                "unusual_amount",
                                "features.amountToCustomerAverage >= 5.0",
                                15,
                                "five times the customer's average order or more"),
                        new Rule(
                                "first_order_express",
                                "features.firstOrderExpress == 1.0",
                                10,
                                "the customer's first order, shipped express"),
                        new Rule(
                                "billing_country_differs",
                                "features.billingCountryDiffers == 1.0",
                                10,
                                "billing and shipping countries differ"),
                        new Rule(
                                "high_risk_category",
                                "features.highRiskItems > 0.0",
                                15,
                                "items of a high-risk category")),
                60,
                "escalate");
    }
}
