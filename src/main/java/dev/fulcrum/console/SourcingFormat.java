package dev.fulcrum.console;

import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.SourcingManagement;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * How the sourcing pages write what sourcing recorded: amounts, grams of CO2e, scores, weights, and the translated
 * names of statuses, verdicts and objectives. Templates reach it as {@code sf}.
 */
@Component
class SourcingFormat {

    private final MessageSource messages;
    private final ConsoleFormat format;

    SourcingFormat(MessageSource messages, ConsoleFormat format) {
        this.messages = messages;
        this.format = format;
    }

    public String money(@Nullable Object amount, String currency) {
        if (amount == null) {
            return "—";
        }
        try {
            return format.money(new BigDecimal(amount.toString()), currency);
        } catch (NumberFormatException notAnAmount) {
            return amount.toString();
        }
    }

    /** Grams of CO2e: grams below a kilogram, else kilograms with one decimal. */
    public String carbon(@Nullable Object grams) {
        if (!(grams instanceof Number number)) {
            return "—";
        }
        double value = number.doubleValue();
        return value < 1000
                ? Math.round(value) + " g"
                : new DecimalFormat("#,##0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value / 1000)
                        + " kg";
    }

    public String score(@Nullable Object score) {
        return score instanceof Number number
                ? new DecimalFormat("0.000", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(number.doubleValue())
                : "—";
    }

    public String days(@Nullable Object days) {
        return days instanceof Number number ? message("sourcing.days", "{0} d", number) : "—";
    }

    public String date(@Nullable LocalDate date) {
        return date == null ? "—" : date.toString();
    }

    public String status(@Nullable String status) {
        return status == null ? "" : message("sourcing.status." + status, status);
    }

    public String statusHint(@Nullable String status) {
        return status == null ? "" : message("sourcing.statusHint." + status, "");
    }

    public String verdict(@Nullable Object verdict) {
        return verdict == null ? "" : message("sourcing.verdict." + verdict, verdict.toString());
    }

    public String objective(@Nullable Object objective) {
        return objective == null ? "" : message("sourcing.objective." + objective, objective.toString());
    }

    public String profileStatus(String status) {
        return message("sourcing.profileStatus." + status, status);
    }

    public String search(@Nullable Object mode) {
        return mode == null ? "" : message("sourcing.searchMode." + mode, mode.toString());
    }

    public String yesNo(@Nullable Object value) {
        return Boolean.TRUE.equals(value) ? message("sourcing.yes", "yes") : message("sourcing.no", "no");
    }

    /** "cost 0.4 · time 0.3 · carbon 0.2 · shipments 0.1 · load 0.05", leaving out zero weights. */
    public String weights(SourcingManagement.ObjectiveWeights weights) {
        List<String> parts = new ArrayList<>();
        weight(parts, "cost", weights.cost());
        weight(parts, "time", weights.time());
        weight(parts, "carbon", weights.carbon());
        weight(parts, "shipments", weights.shipments());
        weight(parts, "load", weights.load());
        return String.join(" · ", parts);
    }

    public String lines(List<SourcingDecision.Line> lines) {
        return String.join(
                ", ",
                lines.stream()
                        .map(l -> "#" + l.lineNo() + " " + l.sku() + " × " + l.quantity())
                        .toList());
    }

    /** A list from the trace ("1, 2") or a single value; a dash for nothing. */
    public String list(@Nullable Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Collection<?> values) {
            return values.isEmpty()
                    ? "—"
                    : String.join(", ", values.stream().map(String::valueOf).toList());
        }
        return value.toString();
    }

    private void weight(List<String> parts, String name, double value) {
        if (value != 0) {
            parts.add(message("sourcing.weight." + name, name) + " "
                    + new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value));
        }
    }

    private String message(String code, String fallback, Object... arguments) {
        String message = messages.getMessage(code, arguments, fallback, LocaleContextHolder.getLocale());
        return message != null ? message : fallback;
    }
}
