package dev.fulcrum.channels.internal;

import dev.fulcrum.channels.ChannelLine;
import dev.fulcrum.channels.ShipmentGroupRule;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Frozen, chilled and ambient goods ship apart. Reads the line attribute {@code temperature} (or {@code storage}),
 * or a tag {@code frozen} / {@code chilled}; a line that says nothing is ambient. The catalogue can replace this rule
 * with one that reads the item's temperature control.
 */
@Component
class TemperatureRule implements ShipmentGroupRule {

    private static final Set<String> ZONES = Set.of("frozen", "chilled", "ambient");

    @Override
    public String dimension() {
        return "temperature";
    }

    @Override
    public Optional<String> valueOf(ChannelLine line) {
        Optional<String> declared =
                line.text("temperature").or(() -> line.text("storage")).filter(ZONES::contains);
        if (declared.isPresent()) {
            return declared;
        }
        if (line.text("frozen").filter("true"::equals).isPresent()) {
            return Optional.of("frozen");
        }
        if (line.text("chilled").filter("true"::equals).isPresent()) {
            return Optional.of("chilled");
        }
        return Optional.of("ambient");
    }
}
