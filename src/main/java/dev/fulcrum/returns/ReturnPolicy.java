package dev.fulcrum.returns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's return policy. Every condition is CEL over {@code order} (as flows see it), {@code request} (the return
 * being decided) and {@code customer} (the customer's return history); see docs/guide/returns.md.
 *
 * @param windowDays days from delivery a return is inside the window
 * @param outsideWindow what a request outside the window gets: {@code review} or {@code reject}
 * @param nonReturnable what a request naming an item the catalogue marks not returnable gets: {@code review} or
 *     {@code reject}
 * @param reasons the reasons a line may give
 * @param inspectionReasons reasons whose refund waits for the inspection at receipt, whoever the customer is
 * @param instantRefundWhen customers this holds for are refunded at the pickup scan, before the item arrives (CEL);
 *     null: nobody
 * @param keepItBelow a {@code keep_it} request worth less than this is approved without the item coming back; above it,
 *     it waits for review; null: every {@code keep_it} waits for review
 * @param restockingFeePercent per reason, the percentage of the line's refund kept as a restocking fee
 * @param rules further rules of the tenant's own, evaluated after the built-in ones
 * @param autoRefund whether a refund is paid as soon as it is due (otherwise it waits for {@code /refund})
 * @param returnLocation where returned units go: {@code ship_from} (the location that shipped them) or
 *     {@code nearest_returns} (the active location with the {@code returns} capability nearest the shipping address);
 *     either falls back to the other when it finds none
 * @param customerPaysReturnShipping reasons for which the customer pays the return shipping (deducted from the
 *     refund) when every line of the return gives one of them; empty: the merchant always pays
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReturnPolicy(
        int windowDays,
        String outsideWindow,
        String nonReturnable,
        List<String> reasons,
        List<String> inspectionReasons,
        @Nullable String instantRefundWhen,
        @Nullable BigDecimal keepItBelow,
        Map<String, BigDecimal> restockingFeePercent,
        List<Rule> rules,
        boolean autoRefund,
        String returnLocation,
        List<String> customerPaysReturnShipping) {

    public static final List<String> DECISIONS = List.of("review", "reject");
    public static final List<String> RETURN_LOCATIONS = List.of("ship_from", "nearest_returns");

    public ReturnPolicy {
        reasons = List.copyOf(reasons);
        inspectionReasons = List.copyOf(inspectionReasons);
        restockingFeePercent = Collections.unmodifiableMap(new LinkedHashMap<>(restockingFeePercent));
        rules = List.copyOf(rules);
        // policies stored before the field existed read it as null: they meant the original rule
        returnLocation = Objects.requireNonNullElse(returnLocation, "ship_from");
        // and before this one, as nobody: the merchant paid every return's shipping
        customerPaysReturnShipping = List.copyOf(Objects.requireNonNullElse(customerPaysReturnShipping, List.of()));
    }

    /** Whether the customer pays the return shipping of a return whose lines give these reasons. */
    public boolean customerPaysReturnShipping(List<String> lineReasons) {
        return !lineReasons.isEmpty() && customerPaysReturnShipping.containsAll(lineReasons);
    }

    /** The policy a tenant has before it writes its own: 30 days, review what falls outside, no fees. */
    public static ReturnPolicy standard() {
        return new ReturnPolicy(
                30,
                "review",
                "review",
                List.of("damaged", "wrong_item", "not_as_described", "changed_mind", "late"),
                List.of("damaged", "not_as_described"),
                null,
                null,
                Map.of(),
                List.of(),
                true,
                "ship_from",
                List.of());
    }

    /** A rule of the tenant's own: when the CEL condition {@code when} holds, {@code decision} with {@code reason}. */
    public record Rule(String name, String when, String decision, String reason) {}

    /** A stored version of a tenant's policy. */
    public record Version(int version, ReturnPolicy policy, java.time.Instant createdAt, String createdBy) {}
}
