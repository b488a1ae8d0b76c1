/**
 * The order pulse (issue 15): freshness, consistency, interception, strategy coverage, customer intervention,
 * exceptions and promises kept, per tenant and channel, as a time series of minutes in PostgreSQL (kept 90 days,
 * aggregated on read), with alert rules that raise and clear alerts. {@link dev.fulcrum.pulse.OrderPulse},
 * {@link dev.fulcrum.pulse.PulseAlerts} and {@link dev.fulcrum.pulse.Acknowledgements} are the API.
 *
 * <p>Never on the intake path: a background job reads what the other modules already record, through their query
 * methods ({@code OrderFigures}, {@code SourcingFigures}, {@code ChannelFigures}, {@code DeliveryFigures}), every
 * few seconds. Publishes {@code pulse.alert-raised} and {@code pulse.alert-cleared} to the public event log; listens
 * to nothing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Pulse")
@org.jspecify.annotations.NullMarked
package dev.fulcrum.pulse;
