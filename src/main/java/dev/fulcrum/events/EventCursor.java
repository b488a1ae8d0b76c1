package dev.fulcrum.events;

import dev.fulcrum.shared.ApiProblem;

/**
 * A position in the public event log: the writing transaction's id and the event's position within the log.
 * Written as {@code <transaction>-<position>}; {@code 0-0} is the beginning.
 */
public record EventCursor(long transactionId, long position) {

    public static final EventCursor BEGINNING = new EventCursor(0, 0);

    public static EventCursor parse(String text) {
        String[] parts = text.strip().split("-", -1);
        try {
            if (parts.length == 2) {
                return new EventCursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            }
        } catch (NumberFormatException malformed) {
            // reported below
        }
        throw ApiProblem.invalid("after", "is not a cursor this API returned");
    }

    @Override
    public String toString() {
        return transactionId + "-" + position;
    }
}
