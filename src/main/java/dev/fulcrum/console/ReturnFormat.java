package dev.fulcrum.console;

import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.ReturnStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Turns the returns module's words into what a person reads, in the request's language: statuses, resolutions,
 * methods, reasons, refund states, timeline steps and their details. A word without a text (a reason of the tenant's
 * own) shows as it is. Templates reach it as {@code rf}.
 */
@Component
class ReturnFormat {

    private final MessageSource messages;

    ReturnFormat(MessageSource messages) {
        this.messages = messages;
    }

    public String status(ReturnStatus status) {
        return message("returns.status." + status.wireName(), status.wireName());
    }

    public String resolution(String resolution) {
        return message("returns.resolution." + resolution, resolution);
    }

    public String method(String method) {
        return message("returns.method." + method, method);
    }

    public String reason(String reason) {
        return message("returns.reason." + reason, reason);
    }

    /** The reasons a return's lines give, each once. */
    public List<String> reasonsOf(Return returned) {
        return returned.lines().stream().map(Return.Line::reason).distinct().toList();
    }

    public String refundStatus(String status) {
        return message("returns.refund." + status, status);
    }

    public String retention(String status) {
        return message("returns.retention." + status, status);
    }

    public String timing(String timing) {
        return message("returns.timing." + timing, timing);
    }

    public String step(String action) {
        return message("returns.step." + action, action);
    }

    public String outcome(String outcome) {
        return message("returns.outcome." + outcome, outcome);
    }

    public String condition(String condition) {
        return message("returns.condition." + condition, condition);
    }

    /** The details of a step of a return's timeline as readable "label: value" lines. */
    public List<String> details(Map<String, Object> details) {
        List<String> lines = new ArrayList<>();
        details.forEach((key, value) -> {
            if (value != null) {
                lines.add(message("returns.detail." + key, key) + ": " + detailValue(key, value));
            }
        });
        return lines;
    }

    private String detailValue(String key, Object value) {
        return switch (key) {
            case "decision" -> outcome(value.toString());
            case "lines" ->
                value instanceof List<?> received
                        ? String.join(
                                ", ", received.stream().map(this::received).toList())
                        : value.toString();
            default -> value.toString();
        };
    }

    private String received(Object line) {
        if (line instanceof Map<?, ?> map) {
            return map.get("sku") + " × " + map.get("quantity") + " (" + condition(String.valueOf(map.get("condition")))
                    + ")";
        }
        return String.valueOf(line);
    }

    private String message(String code, String fallback) {
        String message = messages.getMessage(code, null, fallback, LocaleContextHolder.getLocale());
        return message != null ? message : fallback;
    }
}
