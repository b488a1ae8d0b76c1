package dev.fulcrum.channels;

import dev.fulcrum.channels.internal.ShipmentPlanner;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.OrderId;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The shipment groups of an order: sets of lines that must ship apart (frozen and ambient, presale and in stock), as
 * decided by the {@link ShipmentGroupRule}s when the order came in. Sourcing sources each group on its own.
 */
@Service
public class ShipmentGroups {

    private final ShipmentPlanner planner;
    private final OrderManagement orders;

    ShipmentGroups(ShipmentPlanner planner, OrderManagement orders) {
        this.planner = planner;
        this.orders = orders;
    }

    /** The groups of the order; one group of every line when its lines can all ship together. */
    @Transactional(readOnly = true)
    public List<ShipmentGroup> of(OrderId orderId) {
        List<ShipmentGroup> stored = planner.stored(orderId);
        if (!stored.isEmpty()) {
            return stored;
        }
        Order order = orders.get(orderId);
        return List.of(new ShipmentGroup(
                1, "", order.lines().stream().map(OrderLine::lineNo).toList()));
    }
}
