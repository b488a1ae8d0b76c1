package dev.fulcrum.order;

/**
 * The quantity ledger of one order line: how many of the ordered units are in each stage. Shipped plus cancelled
 * never exceeds ordered; delivered never exceeds shipped; returned never exceeds delivered.
 */
public record LineQuantities(
        int ordered, int allocated, int shipped, int delivered, int cancelled, int returnRequested, int returned) {

    public static LineQuantities of(int ordered) {
        return new LineQuantities(ordered, 0, 0, 0, 0, 0, 0);
    }

    /** Units neither shipped nor cancelled yet. */
    public int open() {
        return ordered - shipped - cancelled;
    }

    /** Units shipped and not yet delivered. */
    public int inTransit() {
        return shipped - delivered;
    }

    LineQuantities ship(int units) {
        return new LineQuantities(
                ordered,
                Math.max(0, allocated - units),
                shipped + units,
                delivered,
                cancelled,
                returnRequested,
                returned);
    }

    LineQuantities allocate(int units) {
        return new LineQuantities(ordered, units, shipped, delivered, cancelled, returnRequested, returned);
    }

    LineQuantities deliver(int units) {
        return new LineQuantities(ordered, allocated, shipped, delivered + units, cancelled, returnRequested, returned);
    }

    LineQuantities cancelOpen() {
        return new LineQuantities(ordered, 0, shipped, delivered, cancelled + open(), returnRequested, returned);
    }
}
