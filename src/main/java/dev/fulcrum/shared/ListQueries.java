package dev.fulcrum.shared;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What the list endpoints (orders, returns) share: the opaque cursor of keyset paging (a time and an id, newest
 * first) and the lenient {@code from}/{@code to} parameters (a date or a date-time).
 */
public final class ListQueries {

    private ListQueries() {}

    /** The last row of a page: the next page starts after it. */
    public record Cursor(Instant at, UUID id) {

        /** The opaque text a client sends back as {@code cursor}. */
        public String encode() {
            String raw = at + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The cursor in {@code text}; null when there is none.
     *
     * @throws ApiProblem 400 on {@code cursor} for text this API did not write
     */
    public static @Nullable Cursor cursor(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.UTF_8).split("\\|", -1);
            return new Cursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException malformed) {
            throw ApiProblem.invalid("cursor", "is not a cursor this API returned");
        }
    }

    /**
     * An ISO 8601 date-time, or a date meaning its start in UTC; null when blank.
     *
     * @throws ApiProblem 400 on {@code field} for anything else
     */
    public static @Nullable Instant instant(String field, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value.strip())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException notADate) {
                throw ApiProblem.invalid(
                        field, "must be an ISO 8601 date or date-time, such as 2026-11-20 or 2026-11-20T10:00:00Z");
            }
        }
    }
}
