package dev.fulcrum.demand.internal;

import dev.fulcrum.demand.DemandForecasts;
import dev.fulcrum.demand.ForecastSeries;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The latest done sku-location forecast of a series, re-fits included, for planning. */
@Component
class LatestForecasts implements DemandForecasts {

    private final RunStore runs;
    private final TransactionTemplate transactions;

    LatestForecasts(RunStore runs, PlatformTransactionManager transactionManager) {
        this.runs = runs;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Override
    public Optional<SeriesForecast> latest(Sku sku, LocationId location) {
        Optional<ForecastSeries> series = transactions.execute(tx -> runs.latest(sku.value(), location.value()));
        return series.map(found -> new SeriesForecast(
                sku,
                location,
                found.model(),
                found.errorStdDev(),
                found.points().stream()
                        .map(p -> new Week(p.week(), p.forecast(), p.lower(), p.upper()))
                        .toList()));
    }
}
