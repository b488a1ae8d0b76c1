package dev.fulcrum.contracts.internal;

import com.google.protobuf.Timestamp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a subject's view into values CEL understands: integers become {@code int} (Long), decimals {@code double},
 * instants {@code timestamp}; nulls are left out, so that {@code has(order.payment)} says whether a value is there.
 */
public final class CelValues {

    private CelValues() {}

    public static Map<String, Object> of(Map<String, ?> view) {
        Map<String, Object> converted = new LinkedHashMap<>(view.size() * 2);
        view.forEach((key, value) -> {
            Object cel = value(value);
            if (cel != null) {
                converted.put(key, cel);
            }
        });
        return converted;
    }

    public static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static @Nullable Object value(@Nullable Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Boolean flag -> flag;
            case Long number -> number;
            case Integer number -> number.longValue();
            case Short number -> number.longValue();
            case Double number -> number;
            case Float number -> number.doubleValue();
            case BigDecimal number -> number.doubleValue();
            case Number number -> number.doubleValue();
            case Instant instant -> timestamp(instant);
            case Map<?, ?> map -> {
                Map<String, Object> converted = new LinkedHashMap<>(map.size() * 2);
                map.forEach((key, inner) -> {
                    Object cel = value(inner);
                    if (cel != null) {
                        converted.put(String.valueOf(key), cel);
                    }
                });
                yield converted;
            }
            case Collection<?> list -> {
                List<Object> converted = new ArrayList<>(list.size());
                for (Object inner : list) {
                    Object cel = value(inner);
                    if (cel != null) {
                        converted.add(cel);
                    }
                }
                yield converted;
            }
            default -> value.toString();
        };
    }
}
