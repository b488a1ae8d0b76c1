package dev.fulcrum.channels.internal;

import dev.fulcrum.channels.ChannelLine;
import dev.fulcrum.channels.ShipmentGroupRule;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Presale (pre-order) lines ship when they are released, apart from lines in stock. Reads the line attribute
 * {@code availability} ({@code presale}, {@code preorder}) or {@code presale: true}, or a tag {@code presale} /
 * {@code preorder}.
 */
@Component
class AvailabilityRule implements ShipmentGroupRule {

    private static final Set<String> PRESALE = Set.of("presale", "preorder", "pre-order");

    @Override
    public String dimension() {
        return "availability";
    }

    @Override
    public Optional<String> valueOf(ChannelLine line) {
        boolean presale = line.text("availability").filter(PRESALE::contains).isPresent()
                || line.text("presale").filter("true"::equals).isPresent()
                || line.text("preorder").filter("true"::equals).isPresent();
        return Optional.of(presale ? "presale" : "in-stock");
    }
}
