package dev.fulcrum.channels;

import java.util.List;
import java.util.Map;

/**
 * A line of a channel order as shipment group rules see it: the canonical line number and SKU plus what the channel
 * said about the line beyond the order contract (attributes such as {@code temperature} or {@code presale}, tags).
 */
public record ChannelLine(int lineNo, String sku, int quantity, Map<String, Object> attributes, List<String> tags) {

    public ChannelLine {
        attributes = Map.copyOf(attributes.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        tags = List.copyOf(tags);
    }

    /** The attribute as text, or empty; tags count as attributes with value {@code true}. */
    public java.util.Optional<String> text(String name) {
        Object value = attributes.get(name);
        if (value == null) {
            return tags.stream().anyMatch(name::equalsIgnoreCase)
                    ? java.util.Optional.of("true")
                    : java.util.Optional.empty();
        }
        return java.util.Optional.of(String.valueOf(value).strip().toLowerCase(java.util.Locale.ROOT));
    }
}
