package dev.fulcrum.demand;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** The latest completed forecast of a SKU at a location, for planning (replenishment, the digital twin). */
public interface DemandForecasts {

    record Week(LocalDate week, double forecast, double lower, double upper) {}

    /** The series' forecast; {@code errorStdDev} is the standard deviation of its weekly forecast error. */
    record SeriesForecast(Sku sku, LocationId location, String model, double errorStdDev, List<Week> weeks) {}

    /** For the current request's tenant. */
    Optional<SeriesForecast> latest(Sku sku, LocationId location);
}
