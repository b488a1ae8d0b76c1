package dev.fulcrum.contracts;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One version of a data contract as written: what each field means (in English and Chinese), its type, unit, the
 * system it comes from, who owns it and whether it is required; the quality rules over the subject; the freshness
 * objective and the quality threshold. Stored and served as JSON in exactly this shape.
 *
 * @param name the contract's name, for example {@code order}, {@code event.order.placed} or {@code channel.shopify}
 * @param kind {@code order}, {@code channel-input} or {@code event}
 * @param subject the CEL variable the rules read the subject as, for example {@code order}
 * @param fields every field the subject may carry, by dotted path ({@code lines[].sku} for a field of each element)
 * @param rules quality rules; a hard rule failing refuses the subject at intake, a soft one flags it
 * @param freshness the freshness objective, or null when the contract has none
 * @param quality the quality threshold, or null when the contract has none
 */
public record ContractDocument(
        String name,
        String kind,
        String subject,
        Text title,
        String owner,
        List<Field> fields,
        List<Rule> rules,
        @Nullable Freshness freshness,
        @Nullable Quality quality) {

    public ContractDocument {
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
    }

    /** A text in English and in Simplified Chinese. */
    public record Text(String en, String zh) {}

    /**
     * One field.
     *
     * @param path dotted path; {@code []} after an array's name stands for each of its elements
     * @param type a JSON Schema type: {@code string}, {@code integer}, {@code number}, {@code boolean}, {@code object},
     *     {@code array}; with {@code format} where it narrows a string ({@code date-time}, {@code decimal}, ...)
     * @param unit the unit of a quantity or amount (for example {@code ISO 4217 minor unit of currency}), or null
     * @param source the system the value comes from (for example {@code sales channel}, {@code Fulcrum})
     * @param owner the team or role that answers for the value
     */
    public record Field(
            String path,
            String type,
            @Nullable String format,
            @Nullable String unit,
            String source,
            String owner,
            boolean required,
            Text meaning) {}

    /**
     * A quality rule: a CEL condition over the subject variable and {@code now} (a timestamp) that must be true.
     *
     * @param severity {@code hard} (refuse at intake) or {@code soft} (flag and count against quality)
     * @param field the field the rule is about, named in problems and flags
     */
    public record Rule(String name, String severity, String field, String expression, Text message) {

        public boolean hard() {
            return "hard".equals(severity);
        }
    }

    /**
     * How fresh the subject must be: from the time in {@code from} (a field) to the time Fulcrum committed it, within
     * {@code objective} (an ISO 8601 duration) at the given percentile.
     */
    public record Freshness(String from, String objective, int percentile) {}

    /**
     * The share of subjects that must pass every soft rule over {@code window} (an ISO 8601 duration), for example
     * 0.995 over PT1H.
     */
    public record Quality(double minimumSoftPassRatio, String window) {}
}
