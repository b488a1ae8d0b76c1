package dev.fulcrum.sourcing;

import dev.fulcrum.sourcing.engine.Geo;

/**
 * Distances as sourcing measures them, for other modules that choose a location by nearness (returns): great-circle
 * kilometres, the same figure the sourcing engine ranks candidates by.
 */
public final class Distances {

    private Distances() {}

    /** Great-circle distance in kilometres between two points given in degrees. */
    public static double km(double fromLatitude, double fromLongitude, double toLatitude, double toLongitude) {
        return Geo.haversineKm(fromLatitude, fromLongitude, toLatitude, toLongitude);
    }
}
