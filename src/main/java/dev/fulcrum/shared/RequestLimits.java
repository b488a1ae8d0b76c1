package dev.fulcrum.shared;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The configurable caps on how much work one request may ask for, under {@code fulcrum.limits} (environment
 * {@code FULCRUM_LIMITS_*}). Work over a cap is refused up front with a problem naming the field, the cap and what was
 * sent, so that no request can exhaust memory; every cap is listed in docs/guide/limits.md.
 *
 * @param maxRequestBytes the largest request body outside imports; bigger bodies are refused with 413 before they are
 *     read
 * @param maxImportBytes the largest import file ({@code POST /api/v1/imports} and the console's import upload)
 * @param rateCardRows the most lanes (data rows) one rate card CSV may hold
 * @param replayEvents the most events one webhook replay may queue
 * @param maxImportBytesInFlight the most bytes of import files one instance holds in memory at once, from upload to the
 *     end of the import's job; a file that does not fit is refused with 503 before it is read
 * @param maxStreams the most live event streams (server-sent events) one instance keeps open at once
 */
@ConfigurationProperties("fulcrum.limits")
public record RequestLimits(
        DataSize maxRequestBytes,
        DataSize maxImportBytes,
        int rateCardRows,
        int replayEvents,
        DataSize maxImportBytesInFlight,
        int maxStreams) {

    private static final DataSize DEFAULT_REQUEST_BYTES = DataSize.ofMegabytes(10);
    private static final DataSize DEFAULT_IMPORT_BYTES = DataSize.ofMegabytes(200);
    private static final int DEFAULT_RATE_CARD_ROWS = 50_000;
    private static final int DEFAULT_REPLAY_EVENTS = 100_000;
    private static final DataSize DEFAULT_IMPORT_BYTES_IN_FLIGHT = DataSize.ofMegabytes(400);
    private static final int DEFAULT_MAX_STREAMS = 200;

    public RequestLimits {
        maxRequestBytes = maxRequestBytes == null ? DEFAULT_REQUEST_BYTES : maxRequestBytes;
        maxImportBytes = maxImportBytes == null ? DEFAULT_IMPORT_BYTES : maxImportBytes;
        rateCardRows = rateCardRows <= 0 ? DEFAULT_RATE_CARD_ROWS : rateCardRows;
        replayEvents = replayEvents <= 0 ? DEFAULT_REPLAY_EVENTS : replayEvents;
        maxImportBytesInFlight =
                maxImportBytesInFlight == null ? DEFAULT_IMPORT_BYTES_IN_FLIGHT : maxImportBytesInFlight;
        maxStreams = maxStreams <= 0 ? DEFAULT_MAX_STREAMS : maxStreams;
    }

    /**
     * Refuses a page size outside 1 to {@code max} with 400 naming the field, the cap and the value given.
     *
     * @throws ApiProblem 400 {@code invalid-request}
     */
    public static int pageSize(String field, int requested, int max) {
        if (requested < 1 || requested > max) {
            throw ApiProblem.invalid(field, "must be between 1 and " + max + ", got " + requested);
        }
        return requested;
    }

    /**
     * Refuses a list longer than {@code max} with 400 naming the field, the cap and how many were sent, for example
     * {@code orderIds: at most 1000 ids per call, got 5000}.
     *
     * @throws ApiProblem 400 {@code invalid-request}
     */
    public static void atMost(String field, int count, int max, String what) {
        if (count > max) {
            throw ApiProblem.invalid(field, overCap(count, max, what));
        }
    }

    /** The reason a list over its cap is refused: {@code at most 1000 ids per call, got 5000}. */
    public static String overCap(long count, long max, String what) {
        return "at most " + max + " " + what + ", got " + count;
    }

    /** A byte size as people read it ({@code 10 MB}, {@code 512 KB}) with the exact bytes when it is not round. */
    public static String readable(DataSize size) {
        long bytes = size.toBytes();
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }
}
