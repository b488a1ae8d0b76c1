package dev.fulcrum.catalog;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A catalogue item: what sourcing must know to ship it. {@code weightGrams} is one unit's weight in grams, with
 * decimals (an order line may override it). {@code temperature} is {@code ambient}, {@code chilled} or
 * {@code frozen}; {@code restrictedCountries} lists ISO 3166-1 alpha-2 codes it must not be shipped to.
 */
public record Item(
        String sku,
        String name,
        double weightGrams,
        @Nullable Integer lengthMm,
        @Nullable Integer widthMm,
        @Nullable Integer heightMm,
        String temperature,
        boolean hazardous,
        List<String> restrictedCountries,
        @Nullable String category,
        boolean returnable) {

    public static final List<String> TEMPERATURES = List.of("ambient", "chilled", "frozen");

    public Item {
        restrictedCountries = List.copyOf(restrictedCountries);
    }

    /** What an unknown SKU is taken to be: ambient, not hazardous, no weight recorded. */
    public static Item unknown(String sku) {
        return new Item(sku, sku, 0, null, null, null, "ambient", false, List.of(), null, true);
    }

    /** The capabilities a location and carrier service need to handle this item ({@code chilled}, {@code frozen}, {@code hazardous}). */
    public List<String> requiredCapabilities() {
        List<String> required = new java.util.ArrayList<>();
        if (!"ambient".equals(temperature)) {
            required.add(temperature);
        }
        if (hazardous) {
            required.add("hazardous");
        }
        return required;
    }
}
