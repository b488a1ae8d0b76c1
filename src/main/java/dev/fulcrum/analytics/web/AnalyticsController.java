package dev.fulcrum.analytics.web;

import dev.fulcrum.analytics.Bundles;
import dev.fulcrum.analytics.Hesitation;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.ListQueries;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Order analytics: bundles (association rules) and hesitant buyers. */
@RestController
@Tag(name = "Analytics")
class AnalyticsController {

    /** The period a report covers when the request names none: the last 90 days. */
    static final Duration DEFAULT_PERIOD = Duration.ofDays(90);

    /** The lowest minimum support: lower ones would list every chance pairing. */
    static final double MIN_SUPPORT = 0.001;

    /** The most rules per channel one report lists. */
    static final int MAX_RULES = 500;

    private final Bundles bundles;
    private final Hesitation hesitation;
    private final Clock clock;

    AnalyticsController(Bundles bundles, Hesitation hesitation, Clock clock) {
        this.bundles = bundles;
        this.hesitation = hesitation;
        this.clock = clock;
    }

    @GetMapping("/api/v1/analytics/bundles")
    @Operation(
            summary = "Bundles: SKUs bought together, as association rules per channel",
            description = "FP-growth over the orders placed in [from, to) (default: the last 90 days; whole orders and "
                    + "lines cancelled are left out), per channel or for one: rules A -> B with support, confidence and "
                    + "lift, strongest lift first. minSupport 0.001-1 (default 0.01), minConfidence 0-1 (default 0.1), "
                    + "limit 1-500 rules per channel (default 50). A period of more than 20000 orders is refused "
                    + "(fulcrum.analytics.max-orders: narrow from/to or name a channel). Computed on a background thread, "
                    + "cached 10 minutes.")
    Bundles.Report bundles(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to,
            @RequestParam(defaultValue = "0.01") double minSupport,
            @RequestParam(defaultValue = "0.1") double minConfidence,
            @RequestParam(required = false) @Nullable String channel,
            @RequestParam(defaultValue = "50") int limit) {
        Instant[] period = period(from, to);
        if (!(minSupport >= MIN_SUPPORT && minSupport <= 1)) {
            throw ApiProblem.invalid("minSupport", "must be between " + MIN_SUPPORT + " and 1, got " + minSupport);
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw ApiProblem.invalid("minConfidence", "must be between 0 and 1, got " + minConfidence);
        }
        RequestLimits.pageSize("limit", limit, MAX_RULES);
        return bundles.report(new Bundles.Query(
                period[0],
                period[1],
                minSupport,
                minConfidence,
                channel == null || channel.isBlank() ? null : channel.strip(),
                limit));
    }

    @GetMapping("/api/v1/analytics/hesitation")
    @Operation(
            summary = "Hesitant buyers: cancellations, expired unpaid orders, time to pay, cancel and re-order",
            description = "Over [from, to) (default: the last 90 days): orders cancelled by stage (before payment, "
                    + "before shipping, after shipping), unpaid orders that expired, minutes to pay (p50, p90), customers "
                    + "who cancelled and how many ordered again (looked up for the first 200), and the SKUs and reasons "
                    + "most involved. A period of more than 20000 cancellations or expired orders is refused.")
    Hesitation.Report hesitation(
            @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        Instant[] period = period(from, to);
        return hesitation.report(period[0], period[1]);
    }

    private Instant[] period(@Nullable String fromText, @Nullable String toText) {
        Instant to = ListQueries.instant("to", toText);
        Instant from = ListQueries.instant("from", fromText);
        // The default end is the next whole minute, so that asks within a minute share one cached report.
        Instant end =
                to == null ? clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES) : to;
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : from;
        if (!start.isBefore(end)) {
            throw ApiProblem.invalid("from", "must be before to");
        }
        return new Instant[] {start, end};
    }
}
