package dev.fulcrum.risk;

import dev.fulcrum.shared.OrderId;
import java.time.Instant;

/**
 * An order related to one under review: it shares its {@code customer}, {@code device}, {@code ip} or
 * {@code address} ({@code shares}), with its own assessment's score and decision.
 */
public record RelatedOrder(OrderId orderId, String shares, Instant assessedAt, int score, String decision) {}
