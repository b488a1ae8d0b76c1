package dev.fulcrum.channels;

import java.util.Optional;

/**
 * Decides which lines of an order cannot ship together. Each rule names, for one line, the value of one dimension
 * (for example temperature: {@code frozen} or {@code ambient}); lines whose values differ in any dimension go to
 * different shipment groups. Rules are Spring beans: the catalogue or sourcing can contribute their own.
 */
public interface ShipmentGroupRule {

    /** The dimension this rule decides, for example {@code temperature}. */
    String dimension();

    /** The line's value in this dimension; empty when the rule has nothing to say about the line. */
    Optional<String> valueOf(ChannelLine line);
}
