package dev.fulcrum.demand.models;

/** A model fitted to one series alone. Implementations are stateless and thread-safe. */
interface LocalModel {

    /** The name reported in backtests and as the chosen model. */
    String name();

    /**
     * Fits the history and forecasts the next weeks.
     *
     * @param history at least one week, oldest first
     * @return {@code horizon} forecasts, not yet clipped at zero
     */
    double[] forecast(double[] history, int horizon);
}
