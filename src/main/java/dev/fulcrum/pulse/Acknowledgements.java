package dev.fulcrum.pulse;

import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.pulse.internal.AcknowledgementStore;
import dev.fulcrum.pulse.internal.Agreement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.OrderId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What downstream systems (a WMS, a CRM, finance) say an order's status is, sent back to Fulcrum
 * ({@code POST /api/v1/orders/{id}/acknowledgements}); the pulse's consistency compares it with Fulcrum's status.
 */
@Component
public class Acknowledgements {

    /** The statuses a system may report: Fulcrum's wire names, and {@code delivered} for {@code completed}. */
    public static final List<String> STATUSES = Stream.concat(
                    Arrays.stream(OrderStatus.values()).map(OrderStatus::wireName), Stream.of("delivered"))
            .toList();

    private static final Pattern SYSTEM = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** How far in the future a report's {@code at} may be: clocks of other systems drift. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final OrderManagement orders;
    private final AcknowledgementStore store;
    private final Clock clock;

    Acknowledgements(OrderManagement orders, AcknowledgementStore store, Clock clock) {
        this.orders = orders;
        this.store = store;
        this.clock = clock;
    }

    /** A report as sent; every field may be missing, to be named when it is. */
    public record Report(
            @Nullable String system,
            @Nullable String status,
            @Nullable Instant at) {}

    /** A report as kept, with Fulcrum's status now and whether they agree. */
    public record Acknowledgement(
            OrderId orderId,
            String system,
            String status,
            Instant at,
            Instant receivedAt,
            String fulcrumStatus,
            boolean agrees) {}

    /**
     * Keeps what {@code report.system} says about the order (its latest report wins; an older one is ignored).
     *
     * @throws ApiProblem 404 when the order does not exist, 400 naming each bad field
     */
    @Transactional
    public Acknowledgement record(OrderId orderId, Report report) {
        Instant now = clock.instant();
        List<FieldProblem> problems = new ArrayList<>();
        String system = report.system() == null ? null : report.system().strip().toLowerCase(java.util.Locale.ROOT);
        if (system == null || system.isEmpty()) {
            problems.add(new FieldProblem("system", "is required, for example wms"));
        } else if (!SYSTEM.matcher(system).matches()) {
            problems.add(new FieldProblem("system", "must be 1-64 of a-z, 0-9, '.', '_' and '-'"));
        }
        String status = report.status() == null ? null : report.status().strip().toLowerCase(java.util.Locale.ROOT);
        if (status == null || status.isEmpty()) {
            problems.add(new FieldProblem("status", "is required, one of " + STATUSES));
        } else if (!STATUSES.contains(status)) {
            problems.add(new FieldProblem("status", "must be one of " + STATUSES + ", got " + status));
        }
        Instant at = report.at() == null ? now : report.at();
        if (at.isAfter(now.plus(CLOCK_SKEW))) {
            problems.add(new FieldProblem("at", "must not be more than 5 minutes in the future"));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        Order order =
                orders.find(orderId).orElseThrow(() -> ApiProblem.notFound("order " + orderId + " does not exist"));
        String fulcrumStatus = order.status().wireName();
        AcknowledgementStore.Stored stored = new AcknowledgementStore.Stored(
                orderId, java.util.Objects.requireNonNull(system), java.util.Objects.requireNonNull(status), at, now);
        store.save(stored);
        return new Acknowledgement(
                orderId,
                stored.system(),
                stored.status(),
                at,
                now,
                fulcrumStatus,
                Agreement.agrees(stored.status(), fulcrumStatus));
    }

    /** Every system's latest report about an order, each compared with Fulcrum's status now. */
    @Transactional(readOnly = true)
    public List<Acknowledgement> of(OrderId orderId) {
        Order order =
                orders.find(orderId).orElseThrow(() -> ApiProblem.notFound("order " + orderId + " does not exist"));
        String fulcrumStatus = order.status().wireName();
        return store.ofOrder(orderId).stream()
                .map(s -> new Acknowledgement(
                        orderId,
                        s.system(),
                        s.status(),
                        s.at(),
                        s.receivedAt(),
                        fulcrumStatus,
                        Agreement.agrees(s.status(), fulcrumStatus)))
                .toList();
    }
}
