package dev.fulcrum.pulse.internal;

/** Whether a status a downstream system reported agrees with Fulcrum's. */
public final class Agreement {

    private Agreement() {}

    /**
     * True when {@code reported} is Fulcrum's status {@code fulcrum} (its wire name), or says the same in a
     * subscriber's words: {@code delivered} for {@code completed}.
     */
    public static boolean agrees(String reported, String fulcrum) {
        return reported.equals(fulcrum) || (reported.equals("delivered") && fulcrum.equals("completed"));
    }
}
