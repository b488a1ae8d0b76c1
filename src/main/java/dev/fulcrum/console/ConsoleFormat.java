package dev.fulcrum.console;

import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.shared.Money;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns values into what a person reads on a console page, in the request's language: dates in the console's time
 * zone ({@code fulcrum.console.time-zone}, default the server's), amounts with their currency, translated status,
 * hold and timeline names. Templates reach it as {@code fmt}.
 */
@Component
class ConsoleFormat {

    private static final DateTimeFormatter ENGLISH = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter CHINESE =
            DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.SIMPLIFIED_CHINESE);

    private static final List<String> DETAIL_ORDER = List.of(
            "status",
            "type",
            "reason",
            "lines",
            "carrier",
            "trackingNumber",
            "method",
            "amount",
            "total",
            "channel",
            "externalId");

    private final MessageSource messages;
    private final ZoneId zone;

    ConsoleFormat(MessageSource messages, @Value("${fulcrum.console.time-zone:}") String zone) {
        this.messages = messages;
        this.zone = zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
    }

    public String dateTime(@Nullable Instant at) {
        if (at == null) {
            return "";
        }
        return (isChinese() ? CHINESE : ENGLISH).format(at.atZone(zone));
    }

    /** The exact time, for a tooltip: ISO 8601 in the console's zone. */
    public String exact(@Nullable Instant at) {
        return at == null
                ? ""
                : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(zone).withNano(0)) + " (" + zone.getId()
                        + ")";
    }

    public ZoneId zone() {
        return zone;
    }

    /** An amount with its currency's own decimals: {@code 1,500 JPY}, {@code 12.345 KWD}, {@code 113.00 CNY}. */
    public String money(@Nullable Money amount) {
        if (amount == null) {
            return "";
        }
        int digits = Money.minorDigits(amount.currency());
        DecimalFormat format = new DecimalFormat(
                digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits), DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(amount.amount()) + " " + amount.currency().getCurrencyCode();
    }

    public String money(@Nullable BigDecimal amount, String currency) {
        if (amount == null) {
            return "";
        }
        DecimalFormat format = new DecimalFormat("#,##0.00##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(amount) + " " + currency;
    }

    public String status(OrderStatus status) {
        return message("status." + status.wireName(), status.wireName());
    }

    public String holdType(String type) {
        return message("hold." + type, type);
    }

    public String action(String action) {
        return message("action." + action, action);
    }

    public String channel(String channel) {
        return message("channel." + channel, channel);
    }

    public String paymentMethod(String method) {
        return message("method." + method, method);
    }

    /** The details of a timeline entry as readable "label: value" lines. */
    public List<String> details(Map<String, Object> details) {
        List<String> lines = new ArrayList<>();
        details.entrySet().stream()
                .filter(entry -> entry.getValue() != null)
                .sorted(java.util.Comparator.comparingInt(entry -> detailRank(entry.getKey())))
                .forEach(entry -> lines.add(message("detail." + entry.getKey(), entry.getKey()) + ": "
                        + detailValue(entry.getKey(), entry.getValue())));
        return lines;
    }

    /** What a person looks for first; the database keeps no order of the keys. */
    private static int detailRank(String key) {
        int rank = DETAIL_ORDER.indexOf(key);
        return rank < 0 ? DETAIL_ORDER.size() : rank;
    }

    private String detailValue(String key, Object value) {
        return switch (key) {
            case "status" -> {
                try {
                    yield status(OrderStatus.fromWireName(value.toString()));
                } catch (IllegalArgumentException unknown) {
                    yield value.toString();
                }
            }
            case "channel" -> channel(value.toString());
            case "method" -> paymentMethod(value.toString());
            case "type" ->
                String.join(
                        ", ",
                        java.util.Arrays.stream(value.toString().split(","))
                                .map(this::holdType)
                                .toList());
            case "lines" ->
                value instanceof List<?> moved
                        ? String.join(", ", moved.stream().map(this::movement).toList())
                        : value.toString();
            default -> value.toString();
        };
    }

    private String movement(Object line) {
        if (line instanceof Map<?, ?> map) {
            return "#" + map.get("lineNo") + " " + map.get("sku") + " × " + map.get("quantity");
        }
        return String.valueOf(line);
    }

    private String message(String code, String fallback) {
        String message = messages.getMessage(code, null, fallback, LocaleContextHolder.getLocale());
        return message != null ? message : fallback;
    }

    private static boolean isChinese() {
        return "zh".equals(LocaleContextHolder.getLocale().getLanguage());
    }
}
