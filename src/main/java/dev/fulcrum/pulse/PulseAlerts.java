package dev.fulcrum.pulse;

import dev.fulcrum.pulse.internal.AlertStore;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The current tenant's alert rules on the pulse and the alerts they raised. A tenant that never set rules has
 * {@link #DEFAULTS}; the pulse job evaluates them every few seconds and publishes {@code pulse.alert-raised} and
 * {@code pulse.alert-cleared}.
 */
@Component
public class PulseAlerts {

    /** The rules every tenant starts with. */
    public static final List<AlertRule> DEFAULTS = List.of(
            new AlertRule("freshness-intake-p95", "freshness.intake.p95Seconds", "above", 60, "PT5M", null, true),
            new AlertRule(
                    "freshness-downstream-p95", "freshness.downstream.p95Seconds", "above", 60, "PT5M", null, true),
            new AlertRule("consistency", "consistency.share", "below", 0.99, "PT1H", null, true),
            new AlertRule("interception", "interception.share", "above", 0.3, "PT1H", null, true),
            new AlertRule("strategy-coverage", "strategyCoverage.share", "below", 0.9, "PT1H", null, true),
            new AlertRule("dead-webhooks", "exceptions.deadWebhooks", "above", 0, "PT15M", null, true),
            new AlertRule("promise-kept", "promiseKept.share", "below", 0.95, "P1D", null, true));

    /** The most rules a tenant may have. */
    public static final int MAX_RULES = 50;

    /** The most alerts one listing returns. */
    public static final int MAX_LISTED = 200;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    private static final Duration MAX_WINDOW = Duration.ofDays(1);

    private final AlertStore store;
    private final Clock clock;

    PulseAlerts(AlertStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The tenant's rules, or the defaults when it never set any. */
    @Transactional(readOnly = true)
    public List<AlertRule> rules() {
        return store.rules().orElse(DEFAULTS);
    }

    /** What {@code PUT /api/v1/pulse/alert-rules} takes: every field may be missing, to be named when it is. */
    public record RuleInput(
            @Nullable String id,
            @Nullable String metric,
            @Nullable String comparison,
            @Nullable Double threshold,
            @Nullable String window,
            @Nullable String channel,
            @Nullable Boolean enabled) {}

    /**
     * Replaces the tenant's rules with {@code rules}; an empty list switches alerts off.
     *
     * @throws ApiProblem 400 naming each bad field ({@code rules[2].metric})
     */
    @Transactional
    public List<AlertRule> replace(@Nullable List<RuleInput> rules) {
        if (rules == null) {
            throw ApiProblem.invalid("rules", "is required: a list of rules, [] for none");
        }
        if (rules.size() > MAX_RULES) {
            throw ApiProblem.invalid("rules", "at most " + MAX_RULES + " rules, got " + rules.size());
        }
        List<FieldProblem> problems = new ArrayList<>();
        List<AlertRule> valid = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            RuleInput input = rules.get(i);
            String at = "rules[" + i + "].";
            if (input == null) {
                problems.add(new FieldProblem("rules[" + i + "]", "must be a rule"));
                continue;
            }
            int before = problems.size();
            String id = input.id();
            if (id == null || !ID.matcher(id).matches()) {
                problems.add(
                        new FieldProblem(at + "id", "must be 1-64 of a-z, 0-9 and -, starting with a letter or digit"));
            } else if (!ids.add(id)) {
                problems.add(new FieldProblem(at + "id", "must be unique: " + id + " appears twice"));
            }
            String metric = input.metric();
            if (metric == null || PulseMetric.byKey(metric).isEmpty()) {
                problems.add(new FieldProblem(at + "metric", "must be one of " + PulseMetric.keys()));
            }
            String comparison = input.comparison() == null ? "above" : input.comparison();
            if (!comparison.equals("above") && !comparison.equals("below")) {
                problems.add(new FieldProblem(at + "comparison", "must be above or below"));
            }
            Double threshold = input.threshold();
            if (threshold == null || threshold.isNaN() || threshold.isInfinite()) {
                problems.add(new FieldProblem(at + "threshold", "is required: a number"));
            }
            String window = input.window() == null ? "PT5M" : input.window();
            try {
                Duration duration = Duration.parse(window);
                if (duration.compareTo(MIN_WINDOW) < 0 || duration.compareTo(MAX_WINDOW) > 0) {
                    problems.add(new FieldProblem(at + "window", "must be from PT1M to P1D, got " + window));
                }
            } catch (DateTimeParseException bad) {
                problems.add(
                        new FieldProblem(at + "window", "must be an ISO-8601 duration such as PT5M, got " + window));
            }
            String channel = input.channel() == null || input.channel().isBlank()
                    ? null
                    : input.channel().strip();
            if (channel != null && channel.length() > 100) {
                problems.add(new FieldProblem(at + "channel", "must be at most 100 characters"));
            }
            if (problems.size() == before && id != null && metric != null && threshold != null) {
                valid.add(new AlertRule(
                        id, metric, comparison, threshold, window, channel, !Boolean.FALSE.equals(input.enabled())));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        store.saveRules(valid, clock.instant());
        return List.copyOf(valid);
    }

    /** The alerts raised now, newest first. */
    @Transactional(readOnly = true)
    public List<Alert> raised() {
        return store.raised();
    }

    /** The newest alerts, raised or cleared. */
    @Transactional(readOnly = true)
    public List<Alert> recent(int limit) {
        return store.recent(Math.min(limit, MAX_LISTED));
    }
}
