package dev.fulcrum.events;

import dev.fulcrum.shared.ApiProblem;
import org.jspecify.annotations.Nullable;

/**
 * A position in the public event log: the number of the last event read, in commit order (ADR 0148), written as that
 * number; {@code 0} is the beginning. A cursor of the form readers were given before, {@code <transaction>-<position>},
 * is still accepted: it carries that pair as {@link #legacy()} until the log resolves it to the number of its event.
 */
public record EventCursor(long sequence, @Nullable Legacy legacy) {

    public static final EventCursor BEGINNING = new EventCursor(0, null);

    /** A cursor of the form before ADR 0148: the writing transaction's id and the event's position. */
    public record Legacy(long transactionId, long position) {}

    /** The cursor after the event numbered {@code sequence}. */
    public static EventCursor at(long sequence) {
        return new EventCursor(sequence, null);
    }

    /** A cursor of the old form, resolved by the log when read; cursors are numbers since ADR 0148 ({@link #at}). */
    public EventCursor(long transactionId, long position) {
        this(0, new Legacy(transactionId, position));
    }

    /** Reads a cursor this API returned, of either form; anything else is a 400 problem naming {@code after}. */
    public static EventCursor parse(String text) {
        String stripped = text.strip();
        String[] parts = stripped.split("-", -1);
        try {
            if (parts.length == 1) {
                long sequence = Long.parseLong(parts[0]);
                if (sequence >= 0) {
                    return at(sequence);
                }
            } else if (parts.length == 2) {
                long transactionId = Long.parseLong(parts[0]);
                long position = Long.parseLong(parts[1]);
                if (transactionId >= 0 && position >= 0) {
                    return transactionId == 0 && position == 0
                            ? BEGINNING
                            : new EventCursor(0, new Legacy(transactionId, position));
                }
            }
        } catch (NumberFormatException malformed) {
            // reported below
        }
        throw ApiProblem.invalid("after", "is not a cursor this API returned");
    }

    @Override
    public String toString() {
        Legacy old = legacy;
        return old == null ? Long.toString(sequence) : old.transactionId() + "-" + old.position();
    }
}
