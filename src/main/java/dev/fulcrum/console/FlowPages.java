package dev.fulcrum.console;

import dev.fulcrum.order.FlowDefinition;
import dev.fulcrum.order.Flows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The tenant's flows: every version, and the state machine of the chosen one drawn as a server-rendered SVG. */
@Controller
class FlowPages {

    private final Flows flows;

    FlowPages(Flows flows) {
        this.flows = flows;
    }

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
        Flows.@Nullable StoredFlow shown = all.stream()
                .filter(f -> name == null
                        ? f.active()
                        : f.ref().name().equals(name)
                                && (version == null || f.ref().version() == version))
                .findFirst()
                .orElse(all.isEmpty() ? null : all.getFirst());
        model.addAttribute("flows", all);
        model.addAttribute("shown", shown);
        model.addAttribute("diagram", shown == null ? null : FlowDiagram.of(shown.definition()));
        return "console/flows";
    }

    /**
     * A flow drawn: its states as boxes in a row (cancelled below), and one arrow for each action to the status it
     * leads to; actions that keep the status (hold, release) are listed in the state's box. A transition names no
     * target status (the status follows from the ledger), so the drawing uses where each standard action leads.
     */
    record FlowDiagram(int width, int height, List<Node> nodes, List<Edge> edges) {

        static final int NODE_WIDTH = 150;
        static final int NODE_HEIGHT = 56;
        static final int GAP = 60;
        static final int MARGIN = 30;

        /** Where an action can leave an order; absent: the status stays. */
        static final Map<String, List<String>> LEADS_TO = Map.of(
                "pay", List.of("paid"),
                "ship", List.of("partially_shipped", "shipped"),
                "deliver", List.of("completed"),
                "cancel", List.of("cancelled"));

        public int nodeWidth() {
            return NODE_WIDTH;
        }

        public int nodeHeight() {
            return NODE_HEIGHT;
        }

        record Node(String state, int x, int y, List<String> stays) {

            public int centerX() {
                return x + NODE_WIDTH / 2;
            }
        }

        record Edge(String action, String from, String to, String path, int labelX, int labelY, boolean guarded) {}

        static FlowDiagram of(FlowDefinition flow) {
            List<String> states = new ArrayList<>(
                    flow.states().stream().map(FlowDefinition.State::name).toList());
            for (FlowDefinition.Transition t : flow.transitions()) {
                t.from().stream().filter(s -> !states.contains(s)).forEach(states::add);
            }
            List<String> row =
                    states.stream().filter(s -> !s.equals("cancelled")).toList();
            Map<String, Node> nodes = new LinkedHashMap<>();
            for (int i = 0; i < row.size(); i++) {
                nodes.put(row.get(i), new Node(row.get(i), MARGIN + i * (NODE_WIDTH + GAP), 70, new ArrayList<>()));
            }
            if (states.contains("cancelled")) {
                nodes.put("cancelled", new Node("cancelled", MARGIN + (NODE_WIDTH + GAP) / 2, 270, new ArrayList<>()));
            }
            List<Edge> edges = new ArrayList<>();
            int[] lane = {0};
            for (FlowDefinition.Transition t : flow.transitions()) {
                @Nullable List<String> targets = LEADS_TO.get(t.action());
                for (String from : t.from()) {
                    @Nullable Node source = nodes.get(from);
                    if (source == null) {
                        continue;
                    }
                    if (targets == null) {
                        source.stays().add(t.action());
                        continue;
                    }
                    for (String to : targets) {
                        @Nullable Node target = nodes.get(to);
                        if (target == null) {
                            continue;
                        }
                        if (to.equals(from)) {
                            source.stays().add(t.action());
                            continue;
                        }
                        edges.add(edge(t, source, target, lane[0]++));
                    }
                }
            }
            int width = MARGIN * 2 + Math.max(1, row.size()) * (NODE_WIDTH + GAP) - GAP;
            return new FlowDiagram(width, 360, List.copyOf(nodes.values()), edges);
        }

        private static Edge edge(FlowDefinition.Transition t, Node from, Node to, int lane) {
            boolean guarded = !t.guardsOrEmpty().isEmpty();
            int x1;
            int y1;
            int x2;
            int y2;
            int cx;
            int cy;
            if (from.y() == to.y()) {
                boolean forward = to.x() > from.x();
                x1 = forward ? from.x() + NODE_WIDTH : from.x();
                x2 = forward ? to.x() : to.x() + NODE_WIDTH;
                y1 = from.y() + NODE_HEIGHT / 2;
                y2 = y1;
                boolean adjacent = Math.abs(to.x() - from.x()) == NODE_WIDTH + GAP;
                // Neighbours get a straight arrow; longer jumps arc above the row so they do not cross the boxes.
                cx = (x1 + x2) / 2;
                cy = adjacent ? y1 : from.y() - 40 - 12 * (lane % 3);
                if (!adjacent) {
                    y1 = from.y();
                    y2 = to.y();
                    x1 = from.centerX() + 10;
                    x2 = to.centerX() - 10;
                }
            } else {
                x1 = from.centerX();
                y1 = from.y() + NODE_HEIGHT;
                x2 = to.centerX() + (from.centerX() - to.centerX()) / 6;
                y2 = to.y();
                cx = (x1 + x2) / 2;
                cy = (y1 + y2) / 2;
            }
            String path = "M " + x1 + " " + y1 + " Q " + cx + " " + cy + " " + x2 + " " + y2;
            int labelX = (x1 + 2 * cx + x2) / 4;
            int labelY = (y1 + 2 * cy + y2) / 4 - 4;
            return new Edge(t.action(), from.state(), to.state(), path, labelX, labelY, guarded);
        }
    }
}
