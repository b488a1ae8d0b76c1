package dev.fulcrum.console;

import dev.fulcrum.order.Address;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAmendment;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.SourcingManagement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place where the console changes orders: each action of the order page and of the bulk actions goes through
 * here to the order module's API (and to sourcing for re-sourcing), so that a change of that API is met in one class.
 * Every rule (what the flow allows, how many units may move) stays in the order module; refusals come back as
 * {@link ApiProblem}s, which the pages show as messages.
 */
@Component
class OrderActions {

    private final OrderManagement orders;
    private final SourcingManagement sourcing;

    OrderActions(OrderManagement orders, SourcingManagement sourcing) {
        this.orders = orders;
        this.sourcing = sourcing;
    }

    Order get(OrderId id) {
        return orders.get(id);
    }

    Order pay(OrderId id) {
        return orders.pay(id, null, null);
    }

    Order hold(OrderId id, String type, String reason) {
        return orders.hold(id, type, reason);
    }

    /** Releases the hold of the given type, or every hold when {@code type} is null. */
    Order release(OrderId id, @Nullable String type) {
        return orders.release(id, type);
    }

    /**
     * Cancels the whole order when {@code lineNos} is empty or names every line that still has units open. The order
     * module cancels whole orders only so far: a part of the lines is refused with a 409 that says so.
     */
    Order cancel(OrderId id, Set<Integer> lineNos, @Nullable String reason) {
        if (!lineNos.isEmpty()) {
            Order order = orders.get(id);
            List<Integer> open = order.lines().stream()
                    .filter(line -> line.quantities().open() > 0)
                    .map(OrderLine::lineNo)
                    .toList();
            if (!lineNos.containsAll(open)) {
                throw ApiProblem.conflict(
                        "line-cancel-unsupported",
                        "cancelling some lines only is not possible yet: cancel the whole order, or choose every open"
                                + " line");
            }
        }
        return orders.cancel(id, reason);
    }

    Order ship(OrderId id, List<LineQuantity> quantities, @Nullable String carrier, @Nullable String trackingNumber) {
        return orders.ship(id, quantities, carrier, trackingNumber);
    }

    Order deliver(OrderId id, List<LineQuantity> quantities) {
        return orders.deliver(id, quantities);
    }

    /** Changes the shipping address only; the other details stay as they are. */
    Order amendShippingAddress(OrderId id, Address address) {
        return orders.amend(id, new OrderAmendment(null, address, null, null, null, null));
    }

    /** Sources the order again; empty when there is nothing to decide. */
    Optional<SourcingDecision> resource(OrderId id) {
        return sourcing.resource(id);
    }
}
