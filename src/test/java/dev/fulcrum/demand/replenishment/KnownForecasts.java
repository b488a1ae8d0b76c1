package dev.fulcrum.demand.replenishment;

import dev.fulcrum.demand.DemandForecasts;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A forecast with known numbers, for tests of what is planned from forecasts: 100 units a week for eight weeks from
 * this week's Monday, with a weekly error of 20 units, for the SKU {@value #SKU} at any location; nothing for other
 * SKUs. Primary, so that it stands in for the application's own forecasts where there are any.
 */
@TestConfiguration
public class KnownForecasts {

    public static final String SKU = "REP-TEA";

    @Bean
    @Primary
    DemandForecasts knownForecasts() {
        return (sku, location) -> {
            if (!sku.value().equals(SKU)) {
                return Optional.empty();
            }
            LocalDate monday = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            List<DemandForecasts.Week> weeks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                weeks.add(new DemandForecasts.Week(monday.plusWeeks(i), 100, 80, 120));
            }
            return Optional.of(new DemandForecasts.SeriesForecast(sku, location, "test-flat", 20, weeks));
        };
    }
}
