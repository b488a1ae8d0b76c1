package dev.fulcrum.channels;

import java.util.List;

/** Lines of one order that ship together; {@code key} names what sets them apart, such as {@code temperature=frozen}. */
public record ShipmentGroup(int groupNo, String key, List<Integer> lineNos) {

    public ShipmentGroup {
        lineNos = List.copyOf(lineNos);
    }
}
