package dev.fulcrum.demand.replenishment;

import dev.fulcrum.demand.DemandForecasts;
import java.time.LocalDate;
import java.util.List;

/**
 * The periodic-review order-up-to policy for one SKU at one location, with every figure it used, so a proposal
 * explains itself. In weeks (L = lead time, R = review period, σ = the forecast's weekly error):
 *
 * <pre>
 *   safety stock        = z · σ · √(L + R)
 *   reorder point       = forecast over L + safety stock
 *   order-up-to         = forecast over L + R + safety stock
 *   inventory position  = on hand − reserved + inbound
 *   proposed quantity   = ⌈order-up-to − inventory position⌉ when the position is at or below the reorder point
 * </pre>
 *
 * "Forecast over n weeks" adds the forecast's weekly figures from the week under way on, the last week pro rata;
 * beyond the forecast's last week its last figure goes on.
 */
record ReplenishmentCalculation(
        String model,
        double errorStdDev,
        double serviceLevel,
        double z,
        int leadTimeDays,
        int reviewPeriodDays,
        double leadTimeWeeks,
        double reviewPeriodWeeks,
        double forecastOverLeadTime,
        double forecastOverLeadTimeAndReview,
        double safetyStock,
        double reorderPoint,
        double orderUpTo,
        int onHand,
        int reserved,
        int inbound,
        int inventoryPosition,
        boolean reorder,
        int quantity,
        List<DemandForecasts.Week> weeksUsed) {

    static final String FORMULA = "safetyStock = z * errorStdDev * sqrt(leadTimeWeeks + reviewPeriodWeeks); "
            + "reorderPoint = forecastOverLeadTime + safetyStock; "
            + "orderUpTo = forecastOverLeadTimeAndReview + safetyStock; "
            + "inventoryPosition = onHand - reserved + inbound; "
            + "quantity = ceil(orderUpTo - inventoryPosition) when inventoryPosition <= reorderPoint, else 0";

    static ReplenishmentCalculation of(
            DemandForecasts.SeriesForecast forecast,
            ServiceLevel level,
            int leadTimeDays,
            int reviewPeriodDays,
            int onHand,
            int reserved,
            int inbound,
            LocalDate today) {
        List<DemandForecasts.Week> ahead = forecast.weeks().stream()
                .filter(week -> week.week().plusDays(7).isAfter(today))
                .toList();
        // A forecast made from an older origin (imported history) has no week ahead of today: plan on it as it is.
        List<DemandForecasts.Week> weeks = ahead.isEmpty() ? forecast.weeks() : ahead;
        double lead = leadTimeDays / 7.0;
        double review = reviewPeriodDays / 7.0;
        double sigma = Math.max(0, forecast.errorStdDev());
        double safety = level.z() * sigma * Math.sqrt(lead + review);
        double overLead = demandOver(weeks, lead);
        double overCycle = demandOver(weeks, lead + review);
        double reorderPoint = overLead + safety;
        double orderUpTo = overCycle + safety;
        int position = onHand - reserved + inbound;
        boolean reorder = position <= reorderPoint;
        // A hair of tolerance keeps a figure such as 177.0000000001 from ordering a unit more than the hand sum.
        int quantity = reorder ? (int) Math.max(0, Math.ceil(orderUpTo - position - 1e-9)) : 0;
        int weeksTouched = (int) Math.min(weeks.size(), Math.ceil(lead + review));
        return new ReplenishmentCalculation(
                forecast.model(),
                sigma,
                level.level(),
                level.z(),
                leadTimeDays,
                reviewPeriodDays,
                lead,
                review,
                overLead,
                overCycle,
                safety,
                reorderPoint,
                orderUpTo,
                onHand,
                reserved,
                inbound,
                position,
                reorder,
                quantity,
                List.copyOf(weeks.subList(0, weeksTouched)));
    }

    /** The forecast over {@code horizon} weeks from the first week given, the last week pro rata. */
    static double demandOver(List<DemandForecasts.Week> weeks, double horizon) {
        if (weeks.isEmpty() || horizon <= 0) {
            return 0;
        }
        double total = 0;
        double left = horizon;
        for (DemandForecasts.Week week : weeks) {
            if (left <= 0) {
                return total;
            }
            double share = Math.min(1, left);
            total += share * Math.max(0, week.forecast());
            left -= share;
        }
        return total + left * Math.max(0, weeks.getLast().forecast());
    }
}
