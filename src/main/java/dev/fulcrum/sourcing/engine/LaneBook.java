package dev.fulcrum.sourcing.engine;

import java.util.Currency;
import java.util.List;

/** Where the engine gets carrier quotes: for one destination, then per origin site and shipment weight. */
public interface LaneBook {

    /** The lanes into one destination, priced in {@code currency} (the order's); called once per decision. */
    Lanes to(EngineOrder.Destination destination, Currency currency);

    /** Lanes into one destination. */
    interface Lanes {

        /** Every quote for a shipment of {@code weightKg} from the site; empty only when a rate card is required and none covers the lane. */
        List<Quote> quotes(Site origin, double distanceKm, double weightKg, boolean temperatureControlled);
    }
}
