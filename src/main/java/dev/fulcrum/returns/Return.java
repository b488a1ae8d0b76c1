package dev.fulcrum.returns;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.fulcrum.shared.OrderId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A return of an order as Fulcrum holds it, and the wire shape of {@code GET /api/v1/returns/{id}}. Amounts are in the
 * order's {@code currency}, as decimal strings on the wire.
 *
 * @param customerId the order's customer id in its channel; null when the channel sent none
 * @param returnLocation where the units are to come back (the location that shipped them), then where they did come
 *     back; null while unknown
 * @param decision how the policy decided the request, rule by rule
 * @param reviewReason why the return waits for review (status "requested"); null otherwise
 * @param policyVersion the version of the tenant's return policy that decided it
 * @param returnShipping what sending the units back to the return location costs, quoted from the carriers' rate
 *     cards (or the documented estimate); null when nothing comes back or no return location is known
 * @param retention the retention offer made for it (a partial refund to keep the units), if any
 * @param exchange for an exchange, what replaces the returned units and how the price difference is settled; null
 *     for other resolutions (and for exchanges requested before it was kept)
 */
public record Return(
        UUID id,
        OrderId orderId,
        @Nullable String customerId,
        ReturnStatus status,
        String resolution,
        String method,
        @Nullable String note,
        String currency,
        List<Line> lines,
        Refund refund,
        @Nullable String returnLocation,
        Decision decision,
        @Nullable String reviewReason,
        int policyVersion,
        List<TimelineEntry> timeline,
        Instant requestedAt,
        Instant updatedAt,
        @Nullable Exchange exchange,
        @Nullable ReturnShipping returnShipping,
        @Nullable Retention retention) {

    public static final List<String> RESOLUTIONS = List.of("refund", "exchange", "store_credit", "keep_it");
    public static final List<String> METHODS = List.of("pickup", "drop_off", "none");

    public Return {
        lines = List.copyOf(lines);
        timeline = List.copyOf(timeline);
    }

    /** The same return with another exchange (its replacement order placed). */
    public Return withExchange(Exchange changed) {
        return new Return(
                id,
                orderId,
                customerId,
                status,
                resolution,
                method,
                note,
                currency,
                lines,
                refund,
                returnLocation,
                decision,
                reviewReason,
                policyVersion,
                timeline,
                requestedAt,
                updatedAt,
                changed,
                returnShipping,
                retention);
    }

    /** The same return with another retention offer. */
    public Return withRetention(Retention changed) {
        return new Return(
                id,
                orderId,
                customerId,
                status,
                resolution,
                method,
                note,
                currency,
                lines,
                refund,
                returnLocation,
                decision,
                reviewReason,
                policyVersion,
                timeline,
                requestedAt,
                updatedAt,
                exchange,
                returnShipping,
                changed);
    }

    /** Units asked back over all lines. */
    public int units() {
        return lines.stream().mapToInt(Line::quantity).sum();
    }

    /**
     * One line of the return.
     *
     * @param lineNo the order line
     * @param sellable units received fit to sell again
     * @param damaged units received damaged
     * @param refundAmount what this line refunds (unit price less its discount share plus its tax share, less the
     *     restocking fee); null when the resolution refunds nothing
     * @param restockingFee deducted for the reason, by policy; zero when none
     */
    public record Line(
            int lineNo,
            String sku,
            int quantity,
            String reason,
            int sellable,
            int damaged,
            @Nullable BigDecimal refundAmount,
            BigDecimal restockingFee) {

        public int received() {
            return sellable + damaged;
        }
    }

    /**
     * The refund, which runs beside the logistics. {@code status}: {@code none} (the resolution refunds nothing),
     * {@code held} (waiting: see {@code timing}), {@code due} (may be paid now), "refunded". {@code timing}:
     * {@code at_pickup_scan} (trusted customers), {@code after_inspection}, {@code immediately} (keep it).
     */
    public record Refund(
            String status,
            String timing,
            @Nullable BigDecimal amount,
            @Nullable Instant refundedAt) {}

    /**
     * The policy's decision: {@code outcome} is {@code approved}, {@code review} or {@code rejected}; {@code rules}
     * lists every rule evaluated, whether it matched, and the values it saw.
     */
    public record Decision(String outcome, boolean automatic, List<RuleOutcome> rules) {
        public Decision {
            rules = List.copyOf(rules);
        }
    }

    /** One policy rule: its name, CEL condition, whether it matched, what a match does, and the values it read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleOutcome(
            String rule,
            String when,
            boolean matched,
            String effect,
            @Nullable String reason,
            Map<String, Object> values) {
        public RuleOutcome {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /**
     * What an exchange sends back and how its price difference is settled: {@code credit} is what the returned units
     * were paid (price less the discount share plus the tax share, no restocking fee), {@code replacementValue} what
     * the replacements cost, {@code difference} the second less the first. {@code settlement} is {@code even},
     * {@code refund} (cheaper: the difference is the return's refund) or {@code balance_due} (dearer: the replacement
     * order waits for the difference as a pending payment).
     *
     * @param replacementOrderId the linked replacement order once placed (at approval); null before
     */
    public record Exchange(
            List<Replacement> replacements,
            BigDecimal credit,
            BigDecimal replacementValue,
            BigDecimal difference,
            String settlement,
            @Nullable String replacementOrderId) {

        public static final List<String> SETTLEMENTS = List.of("even", "refund", "balance_due");

        public Exchange {
            replacements = List.copyOf(replacements);
        }

        public Exchange placed(String orderId) {
            return new Exchange(replacements, credit, replacementValue, difference, settlement, orderId);
        }
    }

    /**
     * One replacement of an exchange, for return line {@code lineNo}.
     *
     * @param unitPrice the price per unit the request gave; null when priced as the returned units were paid
     * @param amount what the replacement units cost in all
     */
    public record Replacement(
            int lineNo, String sku, int quantity, @Nullable BigDecimal unitPrice, BigDecimal amount) {}

    /**
     * The return shipping, customer address to return location, as the cheapest carrier service's rate card prices
     * it, or the distance estimate ({@code estimated}) where no rate card covers the lane.
     *
     * @param customerPays whether the policy has the customer pay it, for the return's reasons
     * @param deducted what was taken off the refund for it (at most the refund); zero when the merchant pays
     */
    public record ReturnShipping(
            String carrier,
            String serviceCode,
            BigDecimal amount,
            String currency,
            boolean estimated,
            boolean customerPays,
            BigDecimal deducted) {}

    /**
     * A retention offer: a partial refund of {@code amount} for the customer to keep the units instead of sending them
     * back. {@code status}: {@code offered}, {@code accepted} (refunded, the return closed with the units kept),
     * {@code declined}, or {@code lapsed} (the parcel was scanned or received while it was open).
     */
    public record Retention(
            String status,
            BigDecimal amount,
            Instant offeredAt,
            @Nullable Instant decidedAt) {

        public Retention decided(String outcome, Instant at) {
            return new Retention(outcome, amount, offeredAt, at);
        }
    }

    /** One step of the return: what happened, by whom, when, with its facts. */
    public record TimelineEntry(Instant at, String actor, String action, Map<String, Object> details) {
        public TimelineEntry {
            details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }
}
