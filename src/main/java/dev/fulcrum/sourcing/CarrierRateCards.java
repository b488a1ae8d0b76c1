package dev.fulcrum.sourcing;

import dev.fulcrum.sourcing.internal.Carriers;
import java.math.BigDecimal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Carrier services and their rate cards for other modules (the console), in shapes that name no internal type. The
 * rules (the CSV columns, what a valid lane is) stay in the module.
 */
@Service
public class CarrierRateCards {

    private final Carriers carriers;

    CarrierRateCards(Carriers carriers) {
        this.carriers = carriers;
    }

    /** A carrier's service: mode is road, rail, air, sea or courier. */
    public record Carrier(
            String code, String carrier, String serviceLevel, String mode, boolean temperatureControlled) {}

    /**
     * One weight band of a lane: from an origin ({@code *}: any) to a destination zone, with price and transit days.
     * The amounts are exact decimals read in the currency of the order being priced.
     */
    public record Lane(
            String origin,
            String destCountry,
            @Nullable String destRegion,
            @Nullable String destPostalPrefix,
            double minKg,
            double maxKg,
            BigDecimal ratePerKg,
            BigDecimal minimumCharge,
            int transitDaysTypical,
            int transitDaysP90,
            @Nullable Double emissionFactor) {}

    /** The columns a rate card CSV starts with, in order (the last, emissionFactor, may be empty). */
    public static List<String> csvColumns() {
        return Carriers.CSV_COLUMNS;
    }

    @Transactional(readOnly = true)
    public List<Carrier> carriers() {
        return carriers.list().stream()
                .map(service -> new Carrier(
                        service.code(),
                        service.carrier(),
                        service.serviceLevel(),
                        service.mode(),
                        service.temperatureControlled()))
                .toList();
    }

    @Transactional(readOnly = true)
    public List<Lane> lanes(String code) {
        return carriers.rates(code).stream()
                .map(rate -> new Lane(
                        rate.origin(),
                        rate.destCountry(),
                        rate.destRegion(),
                        rate.destPostalPrefix(),
                        rate.minKg(),
                        rate.maxKg(),
                        rate.ratePerKg(),
                        rate.minimumCharge(),
                        rate.transitDaysTypical(),
                        rate.transitDaysP90(),
                        rate.emissionFactor()))
                .toList();
    }

    /**
     * Replaces the service's rate card with the lanes of a CSV text (audited); nothing changes when a cell is wrong.
     *
     * @return how many lanes the card has now
     * @throws dev.fulcrum.shared.ApiProblem 400 naming each wrong cell as {@code line N.column}, 404 for an unknown
     *     service
     */
    @Transactional
    public int replace(String code, String csv) {
        return carriers.replaceRates(code, csv);
    }
}
