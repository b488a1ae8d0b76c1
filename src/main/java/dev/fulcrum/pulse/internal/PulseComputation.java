package dev.fulcrum.pulse.internal;

import dev.fulcrum.channels.ChannelFigures;
import dev.fulcrum.events.DeliveryFigures;
import dev.fulcrum.order.OrderFigures;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingFigures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Computes the current tenant's pulse minutes in a period from what the modules already record, through their query
 * methods ({@link OrderFigures}, {@link SourcingFigures}, {@link ChannelFigures}, {@link DeliveryFigures}) and the
 * acknowledgements this module keeps. Adds nothing to any module's own work.
 */
@Component
public class PulseComputation {

    /** The most acknowledgements one computation compares with Fulcrum's statuses. */
    static final int MAX_ACKS = 5000;

    private final OrderFigures orders;
    private final SourcingFigures sourcing;
    private final ChannelFigures channels;
    private final DeliveryFigures deliveries;
    private final AcknowledgementStore acknowledgements;

    PulseComputation(
            OrderFigures orders,
            SourcingFigures sourcing,
            ChannelFigures channels,
            DeliveryFigures deliveries,
            AcknowledgementStore acknowledgements) {
        this.orders = orders;
        this.sourcing = sourcing;
        this.channels = channels;
        this.deliveries = deliveries;
        this.acknowledgements = acknowledgements;
    }

    private record Key(String metric, String dimension, Instant minute) {}

    private static final class Cell {
        long count;
        double total;
        long @Nullable [] buckets;
    }

    /** The rows of every minute in [from, to) that has something to count; both ends whole minutes. */
    public List<PulseMinutes.Row> compute(Instant from, Instant to) {
        Map<Key, Cell> cells = new HashMap<>();
        double[] bounds = Histogram.bounds();
        for (OrderFigures.LagBucket lag : orders.intakeLag(from, to, bounds)) {
            add(cells, Metrics.ORDERS, lag.channel(), lag.minute(), lag.orders(), 0);
            histogram(
                    cells,
                    Metrics.FRESHNESS_INTAKE,
                    lag.channel(),
                    lag.minute(),
                    lag.bucket(),
                    lag.orders(),
                    lag.seconds());
        }
        for (OrderFigures.ChangeCount change : orders.changes(from, to)) {
            String channel = change.channel();
            switch (change.action()) {
                case "place" -> {
                    if ("pending_payment".equals(change.detail())) {
                        add(cells, Metrics.HELD, channel, change.minute(), change.count(), 0);
                        add(cells, Metrics.held("payment"), channel, change.minute(), change.count(), 0);
                    }
                }
                case "hold" -> {
                    add(cells, Metrics.HELD, channel, change.minute(), change.count(), 0);
                    add(cells, Metrics.held(change.detail()), channel, change.minute(), change.count(), 0);
                }
                case "cancel" -> {
                    if (change.byCustomer()) {
                        add(cells, Metrics.CANCELLATIONS_BY_CUSTOMER, channel, change.minute(), change.count(), 0);
                    }
                }
                case "amend" -> {
                    if (change.byCustomer()) {
                        add(cells, Metrics.CHANGES_BY_CUSTOMER, channel, change.minute(), change.count(), 0);
                    }
                }
                case "deliver" -> {
                    add(cells, Metrics.DELIVERED, channel, change.minute(), change.count(), 0);
                    if (change.onTime()) {
                        add(cells, Metrics.DELIVERED_ON_TIME, channel, change.minute(), change.count(), 0);
                    }
                }
                default -> {
                    // Other changes do not move the pulse.
                }
            }
        }
        for (SourcingFigures.DecisionCount decision : sourcing.decisions(from, to)) {
            String status = decision.status();
            if (status.equals("pending")) {
                continue; // waiting for payment: not decided yet
            }
            add(cells, Metrics.SOURCED, "", decision.minute(), decision.decisions(), 0);
            if (status.equals("backordered") || status.equals("unsourceable")) {
                add(cells, Metrics.SOURCED_FALLBACK, "", decision.minute(), decision.decisions(), 0);
            }
            if (status.equals("unsourceable")) {
                add(cells, Metrics.SOURCED_NEEDS_PERSON, "", decision.minute(), decision.decisions(), 0);
            }
            if (status.equals("backordered")) {
                add(cells, Metrics.BACKORDERS, "", decision.minute(), decision.decisions(), 0);
            }
        }
        for (ChannelFigures.QuarantineCount quarantined : channels.quarantined(from, to)) {
            add(cells, Metrics.REJECTED, quarantined.channel(), quarantined.minute(), quarantined.payloads(), 0);
        }
        for (ChannelFigures.ReportLag lag : channels.statusReportLag(from, to, bounds)) {
            histogram(
                    cells,
                    Metrics.FRESHNESS_DOWNSTREAM,
                    lag.channel(),
                    lag.minute(),
                    lag.bucket(),
                    lag.reports(),
                    lag.seconds());
        }
        for (ChannelFigures.QuarantineCount dead : channels.deadStatusReports(from, to)) {
            add(cells, Metrics.DEAD_STATUS_REPORTS, dead.channel(), dead.minute(), dead.payloads(), 0);
        }
        for (DeliveryFigures.AcknowledgementLag lag : deliveries.webhookLag(from, to, bounds)) {
            histogram(
                    cells,
                    Metrics.FRESHNESS_DOWNSTREAM,
                    "",
                    lag.minute(),
                    lag.bucket(),
                    lag.deliveries(),
                    lag.seconds());
        }
        for (DeliveryFigures.DeadCount dead : deliveries.deadWebhooks(from, to)) {
            add(cells, Metrics.DEAD_WEBHOOKS, "", dead.minute(), dead.deliveries(), 0);
        }
        List<AcknowledgementStore.Stored> acks = acknowledgements.received(from, to, MAX_ACKS);
        Map<OrderId, String> statuses = orders.statuses(
                acks.stream().map(AcknowledgementStore.Stored::orderId).toList());
        for (AcknowledgementStore.Stored ack : acks) {
            Instant minute = ack.receivedAt().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            add(cells, Metrics.ACKS, "", minute, 1, 0);
            String status = statuses.get(ack.orderId());
            if (status != null && !Agreement.agrees(ack.status(), status)) {
                add(cells, Metrics.ACKS_DISAGREEING, "", minute, 1, 0);
            }
        }
        List<PulseMinutes.Row> rows = new ArrayList<>(cells.size());
        cells.forEach((key, cell) -> rows.add(new PulseMinutes.Row(
                key.metric(), key.dimension(), key.minute(), cell.count, cell.total, cell.buckets)));
        return rows;
    }

    private static Cell add(
            Map<Key, Cell> cells, String metric, String dimension, Instant minute, long count, double total) {
        Cell cell = cells.computeIfAbsent(
                new Key(metric, Objects.requireNonNullElse(dimension, ""), minute), k -> new Cell());
        cell.count += count;
        cell.total += total;
        return cell;
    }

    private static void histogram(
            Map<Key, Cell> cells,
            String metric,
            String dimension,
            Instant minute,
            int bucket,
            long count,
            double seconds) {
        Cell cell = add(cells, metric, dimension, minute, count, seconds);
        long[] buckets = cell.buckets;
        if (buckets == null) {
            buckets = new long[Histogram.SIZE];
            cell.buckets = buckets;
        }
        buckets[Math.max(0, Math.min(Histogram.SIZE - 1, bucket))] += count;
    }
}
