package dev.fulcrum.console;

import dev.fulcrum.analytics.Bundles;
import dev.fulcrum.analytics.Hesitation;
import dev.fulcrum.shared.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * Order analytics as charts with the same figures in tables beneath: the strongest bundles (association rules by lift)
 * and hesitant buyers (cancellations by stage, expired unpaid orders, time to pay, re-orders, SKUs and reasons), over
 * the last 30, 90 or 365 days, through the analytics module's API.
 */
@Controller
class AnalyticsPage {

    static final List<Integer> PERIODS = List.of(30, 90, 365);
    static final int CHART_RULES = 10;

    private final Bundles bundles;
    private final Hesitation hesitation;
    private final Clock clock;
    private final JsonMapper json;
    private final MessageSource messages;

    AnalyticsPage(Bundles bundles, Hesitation hesitation, Clock clock, JsonMapper json, MessageSource messages) {
        this.bundles = bundles;
        this.hesitation = hesitation;
        this.clock = clock;
        this.json = json;
        this.messages = messages;
    }

    @GetMapping("/analytics")
    String analytics(
            @RequestParam(defaultValue = "90") int days,
            @RequestParam(defaultValue = "0.01") double minSupport,
            @RequestParam(defaultValue = "0.1") double minConfidence,
            Model model) {
        int period = PERIODS.contains(days) ? days : 90;
        double support = Math.min(1, Math.max(0.001, minSupport));
        double confidence = Math.min(1, Math.max(0, minConfidence));
        Instant to = clock.instant().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Instant from = to.minus(Duration.ofDays(period));
        model.addAttribute("period", period);
        model.addAttribute("periods", PERIODS);
        model.addAttribute("minSupport", support);
        model.addAttribute("minConfidence", confidence);
        Bundles.Report bundleReport = null;
        Hesitation.Report hesitationReport = null;
        String unavailable = null;
        try {
            bundleReport = bundles.report(new Bundles.Query(from, to, support, confidence, null, 50));
            hesitationReport = hesitation.report(from, to);
        } catch (ApiProblem busy) {
            unavailable = busy.getMessage();
        }
        model.addAttribute("bundles", bundleReport);
        model.addAttribute("hesitation", hesitationReport);
        model.addAttribute("unavailable", unavailable);
        model.addAttribute(
                "chartData",
                json.writeValueAsString(chartData(bundleReport, hesitationReport))
                        .replace("</", "<\\/"));
        model.addAttribute("echartsScript", UsagePage.ECHARTS_SCRIPT);
        return "console/analytics";
    }

    /** One rule as the bundles chart draws it. */
    record ChartRule(String name, double lift, double confidence, double support) {}

    /** What the charts draw: the strongest rules over all channels, and the hesitation counts. */
    private Map<String, Object> chartData(
            Bundles.@Nullable Report bundleReport, Hesitation.@Nullable Report hesitationReport) {
        Map<String, Object> data = new LinkedHashMap<>();
        List<ChartRule> rules = new ArrayList<>();
        if (bundleReport != null) {
            bundleReport
                    .channels()
                    .forEach(channel -> channel.rules()
                            .forEach(rule -> rules.add(new ChartRule(
                                    channel.channel() + ": " + String.join(" + ", rule.antecedent()) + " → "
                                            + rule.consequent(),
                                    rule.lift(),
                                    rule.confidence(),
                                    rule.support()))));
            rules.sort(java.util.Comparator.comparingDouble(ChartRule::lift).reversed());
        }
        data.put("rules", rules.stream().limit(CHART_RULES).toList());
        Map<String, Integer> stages = new LinkedHashMap<>();
        List<Map<String, Object>> skus = new ArrayList<>();
        if (hesitationReport != null) {
            hesitationReport
                    .cancelledByStage()
                    .forEach(count -> stages.put(text("analytics.stage." + count.name()), count.count()));
            stages.put(text("analytics.expiredUnpaid"), hesitationReport.expiredUnpaid());
            hesitationReport.skus().forEach(count -> skus.add(Map.of("name", count.name(), "count", count.count())));
        }
        data.put("stages", stages);
        data.put("skus", skus);
        data.put(
                "labels",
                Map.of(
                        "lift", text("analytics.lift"),
                        "confidence", text("analytics.confidence"),
                        "orders", text("analytics.orders")));
        return data;
    }

    private String text(String code) {
        String message = messages.getMessage(code, null, code, LocaleContextHolder.getLocale());
        return message != null ? message : code;
    }
}
