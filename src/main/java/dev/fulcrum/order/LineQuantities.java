package dev.fulcrum.order;

/**
 * The quantity ledger of one order line: how many of the ordered units are in each stage. The record holds its own
 * invariants, checked whenever one is made: no stage is negative; shipped plus cancelled never exceeds ordered;
 * allocated never exceeds what is open; delivered never exceeds shipped; returned never exceeds delivered. A movement
 * that would break one throws {@link LedgerViolation} naming it.
 */
public record LineQuantities(
        int ordered, int allocated, int shipped, int delivered, int cancelled, int returnRequested, int returned) {

    public LineQuantities {
        if (ordered <= 0) {
            throw new LedgerViolation("ordered must be greater than zero, was " + ordered);
        }
        if (allocated < 0 || shipped < 0 || delivered < 0 || cancelled < 0 || returnRequested < 0 || returned < 0) {
            throw new LedgerViolation("no quantity may be negative: allocated " + allocated + ", shipped " + shipped
                    + ", delivered " + delivered + ", cancelled " + cancelled + ", return requested "
                    + returnRequested + ", returned " + returned);
        }
        if (shipped + cancelled > ordered) {
            throw new LedgerViolation(
                    "shipped (" + shipped + ") plus cancelled (" + cancelled + ") exceeds ordered (" + ordered + ")");
        }
        if (allocated > ordered - shipped - cancelled) {
            throw new LedgerViolation(
                    "allocated (" + allocated + ") exceeds open (" + (ordered - shipped - cancelled) + ")");
        }
        if (delivered > shipped) {
            throw new LedgerViolation("delivered (" + delivered + ") exceeds shipped (" + shipped + ")");
        }
        if (returned > delivered) {
            throw new LedgerViolation("returned (" + returned + ") exceeds delivered (" + delivered + ")");
        }
        if (returned + returnRequested > delivered) {
            throw new LedgerViolation("returned (" + returned + ") plus return requested (" + returnRequested
                    + ") exceeds delivered (" + delivered + ")");
        }
    }

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

    /** Delivered units not yet returned nor asked back by a return still open: what a new return may name. */
    public int returnable() {
        return delivered - returned - returnRequested;
    }

    /** Asks units back: a return was requested for them and they await approval or receipt. */
    LineQuantities requestReturn(int units) {
        positive("return", units);
        if (units > returnable()) {
            throw new LedgerViolation("cannot return " + units + ": only " + returnable() + " returnable");
        }
        return new LineQuantities(ordered, allocated, shipped, delivered, cancelled, returnRequested + units, returned);
    }

    /** Drops units asked back that will not come back (the return was rejected or closed without them). */
    LineQuantities withdrawReturn(int units) {
        positive("withdraw", units);
        if (units > returnRequested) {
            throw new LedgerViolation("cannot withdraw " + units + ": only " + returnRequested + " return requested");
        }
        return new LineQuantities(ordered, allocated, shipped, delivered, cancelled, returnRequested - units, returned);
    }

    /** Units asked back have come back: they move from return requested to returned. */
    LineQuantities receiveReturn(int units) {
        positive("receive", units);
        if (units > returnRequested) {
            throw new LedgerViolation("cannot receive " + units + ": only " + returnRequested + " return requested");
        }
        return new LineQuantities(
                ordered, allocated, shipped, delivered, cancelled, returnRequested - units, returned + units);
    }

    /** Ships open units; allocated units are shipped first. */
    LineQuantities ship(int units) {
        positive("ship", units);
        if (units > open()) {
            throw new LedgerViolation("cannot ship " + units + ": only " + open() + " open");
        }
        return new LineQuantities(
                ordered,
                Math.max(0, allocated - units),
                shipped + units,
                delivered,
                cancelled,
                returnRequested,
                returned);
    }

    /** Sets the allocated units to {@code units} (an absolute figure, zero releases the allocation). */
    LineQuantities allocate(int units) {
        if (units < 0 || units > open()) {
            throw new LedgerViolation("cannot allocate " + units + ": " + open() + " open");
        }
        return new LineQuantities(ordered, units, shipped, delivered, cancelled, returnRequested, returned);
    }

    LineQuantities deliver(int units) {
        positive("deliver", units);
        if (units > inTransit()) {
            throw new LedgerViolation("cannot deliver " + units + ": only " + inTransit() + " in transit");
        }
        return new LineQuantities(ordered, allocated, shipped, delivered + units, cancelled, returnRequested, returned);
    }

    /** Cancels every open unit and releases the allocation. */
    LineQuantities cancelOpen() {
        return new LineQuantities(ordered, 0, shipped, delivered, cancelled + open(), returnRequested, returned);
    }

    private static void positive(String verb, int units) {
        if (units <= 0) {
            throw new LedgerViolation("cannot " + verb + " " + units + " units: the quantity must be positive");
        }
    }

    /** A movement or figure that would break the ledger's invariants. */
    public static final class LedgerViolation extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        LedgerViolation(String message) {
            super(message);
        }
    }
}
