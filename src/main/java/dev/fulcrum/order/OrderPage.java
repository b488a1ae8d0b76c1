package dev.fulcrum.order;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** One page of the order list and, when more follow, the position to continue after. */
public record OrderPage(List<OrderSummary> items, OrderQuery.@Nullable Position next) {}
