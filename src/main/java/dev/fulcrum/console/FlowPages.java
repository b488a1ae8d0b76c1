package dev.fulcrum.console;

import dev.fulcrum.order.Flows;
import dev.fulcrum.shared.ApiProblem;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's flows: every version, and the state machine of the chosen one drawn as a diagram (ECharts, laid out
 * here by {@link FlowGraph}): states as nodes, the flow's own states marked, actions as labelled arrows.
 */
@Controller
class FlowPages {

    private final Flows flows;
    private final JsonMapper json;
    private final MessageSource messages;

    FlowPages(Flows flows, JsonMapper json, MessageSource messages) {
        this.flows = flows;
        this.json = json;
        this.messages = messages;
    }

    /**
     * The versions of every flow, and the diagram of one: the version named (404 when there is none), else the active
     * version of the flow named, else the active standard flow.
     */
    @GetMapping("/flows")
    String flows(
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(required = false) @Nullable Integer version,
            Model model) {
        flows.activeStandardFlow();
        List<Flows.StoredFlow> all = flows.list().stream()
                .sorted(Comparator.comparing((Flows.StoredFlow f) -> f.ref().name())
                        .thenComparing(f -> -f.ref().version()))
                .toList();
        String wanted = name == null || name.isBlank() ? Flows.STANDARD : name.strip();
        Flows.StoredFlow shown = all.stream()
                .filter(f -> f.ref().name().equals(wanted)
                        && (version == null ? f.active() : f.ref().version() == version))
                .findFirst()
                .or(() -> version == null
                        ? all.stream()
                                .filter(f -> f.ref().name().equals(wanted))
                                .findFirst()
                        : java.util.Optional.empty())
                .orElseThrow(() -> ApiProblem.notFound(
                        "flow " + wanted + (version == null ? "" : " v" + version) + " does not exist"));
        FlowGraph graph = FlowGraph.of(shown.definition());
        model.addAttribute("flows", all);
        model.addAttribute("shown", shown);
        model.addAttribute("graph", graph);
        // For the table under the diagram, one entry per transition: the states it leads to (none: it keeps the state).
        model.addAttribute(
                "leadsTo",
                shown.definition().transitions().stream()
                        .map(FlowGraph::targets)
                        .toList());
        model.addAttribute(
                "graphData", json.writeValueAsString(chartData(graph)).replace("</", "<\\/"));
        model.addAttribute("echartsScript", UsagePage.ECHARTS_SCRIPT);
        return "console/flows";
    }

    /** What the browser draws: nodes with their place and text in the page's language, edges, and the legend. */
    private Map<String, Object> chartData(FlowGraph graph) {
        Locale locale = LocaleContextHolder.getLocale();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(
                "nodes",
                graph.nodes().stream()
                        .map(node -> {
                            Map<String, Object> shown = new LinkedHashMap<>();
                            shown.put("id", node.state());
                            shown.put("label", stateName(node.state(), locale));
                            shown.put("custom", node.custom());
                            shown.put("statusCode", node.statusCode());
                            shown.put("start", node.start());
                            shown.put("x", node.x());
                            shown.put("y", node.y());
                            shown.put("stays", node.stays());
                            shown.put(
                                    "deadlines",
                                    node.deadlines().stream()
                                            .map(d -> text("flows.deadline", locale, d.action(), d.after()))
                                            .toList());
                            return shown;
                        })
                        .toList());
        data.put(
                "edges",
                graph.edges().stream()
                        .map(edge -> {
                            Map<String, Object> shown = new LinkedHashMap<>();
                            shown.put("action", edge.action());
                            shown.put("from", edge.from());
                            shown.put("to", edge.to());
                            shown.put("guarded", edge.guarded());
                            shown.put("performs", edge.performs() == null ? "" : edge.performs());
                            shown.put("back", edge.back());
                            shown.put("curveness", edge.curveness());
                            return shown;
                        })
                        .toList());
        data.put(
                "labels",
                Map.of(
                        "custom", text("flows.customState", locale, ""),
                        "start", text("flows.startState", locale, ""),
                        "statusCode", text("flows.statusCode", locale, ""),
                        "guarded", text("flows.guarded", locale, ""),
                        "performs", text("flows.performs", locale, "")));
        return data;
    }

    private String stateName(String state, Locale locale) {
        return Objects.requireNonNull(messages.getMessage("status." + state, null, state, locale));
    }

    private String text(String key, Locale locale, Object... arguments) {
        return Objects.requireNonNull(messages.getMessage(key, arguments, key, locale));
    }
}
