package dev.fulcrum.shared;

import com.github.f4b6a3.uuid.UuidCreator;
import java.util.UUID;

/** The one id scheme: UUID version 7 (RFC 9562), time-ordered so inserts append to indexes. */
public final class Ids {

    private Ids() {}

    public static UUID timeOrdered() {
        return UuidCreator.getTimeOrderedEpoch();
    }
}
