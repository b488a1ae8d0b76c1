package dev.fulcrum.console;

import dev.fulcrum.order.FlowDefinition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A flow version as a layered graph for the console's diagram (ADR 0140): its states as nodes placed in columns so
 * that most actions point to the right, and one edge for each action from each state to the state it leads to. The
 * browser only draws it (an ECharts graph series without a layout of its own), so the placement is the same on every
 * screen and a test can check it without a browser.
 *
 * <p>The layout is a small Sugiyama-style layering: edges that close a cycle (found by a depth-first search in the
 * flow's own order of states) are set aside as back edges, each state's column is the longest path to it from a state
 * nothing leads to, and a few barycentre sweeps order the states within a column to keep edges short and uncrossed.
 */
record FlowGraph(List<Node> nodes, List<Edge> edges) {

    /** Horizontal distance between columns and vertical distance between rows, in the chart's units. */
    static final int COLUMN_GAP = 220;

    static final int ROW_GAP = 110;

    /** Barycentre sweeps (down and up); a flow has a handful of states, more sweeps change nothing. */
    private static final int SWEEPS = 4;

    /**
     * Where a built-in change leaves an order when its transition names no state: the status then follows the ledger,
     * so the diagram shows every status the change can lead to. Absent (hold, release): the order keeps its state.
     */
    static final Map<String, List<String>> LEADS_TO = Map.of(
            "pay", List.of("paid"),
            "ship", List.of("partially_shipped", "shipped"),
            "deliver", List.of("completed"),
            "cancel", List.of("cancelled"));

    /** Where an order starts when no start entry of its flow applies: its ledger, unpaid or paid. */
    private static final List<String> LEDGER_STARTS = List.of("pending_payment", "paid");

    /**
     * A state of the flow.
     *
     * @param custom a state the flow declares for itself (not an order status)
     * @param statusCode the canonical status code the state maps to
     * @param start whether a new order can start in it
     * @param stays the actions allowed in the state that keep the order in it (hold, release)
     * @param deadlines each deadline as its action and ISO-8601 duration ({@code expire after P14D})
     */
    record Node(
            String state,
            boolean custom,
            int statusCode,
            boolean start,
            int column,
            int row,
            int x,
            int y,
            List<String> stays,
            List<FlowDefinition.Deadline> deadlines) {}

    /**
     * An action from one state to another.
     *
     * @param performs the built-in change the action makes, if any
     * @param back whether the edge closes a cycle (it points left, or within its column)
     * @param curveness how much the drawn edge bends, so that parallel edges and long jumps stay apart
     */
    record Edge(
            String action,
            String from,
            String to,
            boolean guarded,
            @Nullable String performs,
            boolean back,
            double curveness) {}

    /** How tall the drawing should be on the page: enough for the fullest column of states. */
    public int heightPixels() {
        int fullest = nodes.stream().mapToInt(Node::row).max().orElse(0) + 1;
        return Math.max(320, 120 + fullest * 100);
    }

    /** The states an action leads to from each of its states; empty where the order stays. */
    static List<String> targets(FlowDefinition.Transition transition) {
        String to = transition.to();
        if (to != null) {
            return List.of(to);
        }
        return transition
                .builtIn()
                .map(change -> LEADS_TO.getOrDefault(change, List.of()))
                .orElse(List.of());
    }

    static FlowGraph of(FlowDefinition flow) {
        Set<String> states = new LinkedHashSet<>();
        flow.states().forEach(state -> states.add(state.name()));
        flow.transitions().forEach(transition -> states.addAll(transition.from()));

        Map<String, List<String>> stays = new LinkedHashMap<>();
        states.forEach(state -> stays.put(state, new ArrayList<>()));
        List<Edge> drawn = new ArrayList<>();
        for (FlowDefinition.Transition transition : flow.transitions()) {
            List<String> targets =
                    targets(transition).stream().filter(states::contains).toList();
            for (String from : transition.from()) {
                List<String> elsewhere =
                        targets.stream().filter(to -> !to.equals(from)).toList();
                if (elsewhere.size() < targets.size() || targets.isEmpty()) {
                    at(stays, from).add(transition.action());
                }
                for (String to : elsewhere) {
                    drawn.add(new Edge(
                            transition.action(),
                            from,
                            to,
                            !transition.guardsOrEmpty().isEmpty(),
                            transition.builtIn().orElse(null),
                            false,
                            0));
                }
            }
        }

        List<String> order = List.copyOf(states);
        Set<Edge> back = backEdges(order, drawn);
        Map<String, Integer> column = columns(order, drawn, back);
        Map<String, Integer> row = rows(order, drawn, back, column);

        Map<Integer, Integer> columnSizes = new HashMap<>();
        column.values().forEach(c -> columnSizes.merge(c, 1, Integer::sum));
        Set<String> starts = starts(flow, states);
        List<Node> nodes = new ArrayList<>();
        Map<String, int[]> at = new LinkedHashMap<>();
        for (String state : order) {
            FlowDefinition.State definition = flow.state(state).orElse(new FlowDefinition.State(state, -1, null));
            int c = at(column, state);
            int r = at(row, state);
            int size = at(columnSizes, c);
            nodes.add(new Node(
                    state,
                    !definition.followsLedger(),
                    definition.statusCode(),
                    starts.contains(state),
                    c,
                    r,
                    c * COLUMN_GAP,
                    (2 * r - (size - 1)) * ROW_GAP / 2,
                    List.copyOf(at(stays, state)),
                    definition.deadlinesOrEmpty()));
            at.put(state, new int[] {nodes.getLast().x(), nodes.getLast().y()});
        }
        return new FlowGraph(nodes, bend(drawn, back, at));
    }

    /** The states a new order can start in: those of the start entries, and its ledger's unless an entry always applies. */
    private static Set<String> starts(FlowDefinition flow, Set<String> states) {
        Set<String> starts = new LinkedHashSet<>();
        flow.startOrEmpty().forEach(entry -> starts.add(entry.state()));
        boolean always = flow.startOrEmpty().stream().anyMatch(entry -> entry.when() == null);
        if (!always) {
            LEDGER_STARTS.stream().filter(states::contains).forEach(starts::add);
        }
        return starts;
    }

    /** The edges that close a cycle, by a depth-first search that visits states in the flow's own order. */
    private static Set<Edge> backEdges(List<String> states, List<Edge> edges) {
        Map<String, List<Edge>> outgoing = outgoing(states, edges);
        // By identity: a flow may list the same action between the same states twice.
        Set<Edge> back = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        for (String root : states) {
            if (done.contains(root)) {
                continue;
            }
            // An explicit stack of (state, next edge index): flows are small, but recursion depth should not depend on
            // what a tenant publishes.
            Deque<Map.Entry<String, int[]>> stack = new ArrayDeque<>();
            stack.push(Map.entry(root, new int[] {0}));
            onPath.add(root);
            while (!stack.isEmpty()) {
                Map.Entry<String, int[]> top = stack.peek();
                List<Edge> out = at(outgoing, top.getKey());
                if (top.getValue()[0] < out.size()) {
                    Edge edge = out.get(top.getValue()[0]++);
                    if (onPath.contains(edge.to())) {
                        back.add(edge);
                    } else if (!done.contains(edge.to())) {
                        stack.push(Map.entry(edge.to(), new int[] {0}));
                        onPath.add(edge.to());
                    }
                } else {
                    stack.pop();
                    onPath.remove(top.getKey());
                    done.add(top.getKey());
                }
            }
        }
        return back;
    }

    /** Each state's column: the longest path of forward edges that leads to it (0 where none does). */
    private static Map<String, Integer> columns(List<String> states, List<Edge> edges, Set<Edge> back) {
        Map<String, Integer> incoming = new HashMap<>();
        states.forEach(state -> incoming.put(state, 0));
        List<Edge> forward = edges.stream().filter(edge -> !back.contains(edge)).toList();
        forward.forEach(edge -> incoming.merge(edge.to(), 1, Integer::sum));
        Map<String, List<Edge>> outgoing = outgoing(states, forward);
        Map<String, Integer> column = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        states.stream().filter(state -> at(incoming, state) == 0).forEach(state -> {
            column.put(state, 0);
            ready.add(state);
        });
        while (!ready.isEmpty()) {
            String state = ready.poll();
            for (Edge edge : at(outgoing, state)) {
                column.merge(edge.to(), at(column, state) + 1, Math::max);
                if (incoming.merge(edge.to(), -1, Integer::sum) == 0) {
                    ready.add(edge.to());
                }
            }
        }
        return column;
    }

    /** Each state's row within its column, by barycentre sweeps starting from the flow's own order of states. */
    private static Map<String, Integer> rows(
            List<String> states, List<Edge> edges, Set<Edge> back, Map<String, Integer> column) {
        int columns = column.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> layers = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            int wanted = c;
            layers.add(new ArrayList<>(
                    states.stream().filter(state -> at(column, state) == wanted).toList()));
        }
        Map<String, Double> position = new HashMap<>();
        layers.forEach(layer -> place(layer, position));
        List<Edge> forward = edges.stream().filter(edge -> !back.contains(edge)).toList();
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            boolean down = sweep % 2 == 0;
            for (int i = 0; i < columns; i++) {
                List<String> layer = layers.get(down ? i : columns - 1 - i);
                Map<String, Double> barycentre = new HashMap<>();
                for (String state : layer) {
                    double sum = 0;
                    int count = 0;
                    for (Edge edge : forward) {
                        @Nullable
                        String neighbour = down
                                ? (edge.to().equals(state) ? edge.from() : null)
                                : (edge.from().equals(state) ? edge.to() : null);
                        if (neighbour != null) {
                            sum += at(position, neighbour);
                            count++;
                        }
                    }
                    barycentre.put(state, count == 0 ? at(position, state) : sum / count);
                }
                // A stable sort: states without neighbours on that side, and ties, keep their place.
                layer.sort(Comparator.comparingDouble(state -> at(barycentre, state)));
                place(layer, position);
            }
        }
        Map<String, Integer> row = new HashMap<>();
        layers.forEach(layer -> {
            for (int r = 0; r < layer.size(); r++) {
                row.put(layer.get(r), r);
            }
        });
        return row;
    }

    /** Positions centred on zero, so that columns of different sizes compare: rows 0, 1, 2 sit at -1, 0, 1. */
    private static void place(List<String> layer, Map<String, Double> position) {
        for (int r = 0; r < layer.size(); r++) {
            position.put(layer.get(r), r - (layer.size() - 1) / 2.0);
        }
    }

    /**
     * How much each edge bends, as ECharts bends it: the control point of a quadratic curve sits {@code curveness}
     * times the edge's length away from its middle, at a right angle. Each edge takes the first of a few bends that
     * clears every other state's circle and is not already taken by another edge between the same two states; a back
     * edge does not take the straight line, which its forward partner would cover.
     */
    private static List<Edge> bend(List<Edge> edges, Set<Edge> back, Map<String, int[]> at) {
        Map<String, Set<Double>> taken = new HashMap<>();
        List<Edge> bent = new ArrayList<>();
        for (Edge edge : edges) {
            boolean isBack = back.contains(edge);
            String pair = edge.from().compareTo(edge.to()) < 0
                    ? edge.from() + "\u0000" + edge.to()
                    : edge.to() + "\u0000" + edge.from();
            // Curveness is relative to the edge's direction: the same value bends the opposite way for the edge back.
            double sign = edge.from().compareTo(edge.to()) < 0 ? 1 : -1;
            Set<Double> used = taken.computeIfAbsent(pair, key -> new HashSet<>());
            int[] from = at(at, edge.from());
            int[] to = at(at, edge.to());
            double chosen = Double.NaN;
            for (double candidate : BENDS) {
                if ((isBack && candidate == 0) || used.contains(candidate * sign)) {
                    continue;
                }
                if (Double.isNaN(chosen)) {
                    chosen = candidate;
                }
                if (clears(from, to, candidate, edge, at)) {
                    chosen = candidate;
                    break;
                }
            }
            used.add(chosen * sign);
            bent.add(new Edge(edge.action(), edge.from(), edge.to(), edge.guarded(), edge.performs(), isBack, chosen));
        }
        return bent;
    }

    /** The bends tried, in order: straight, then ever wider to either side. */
    private static final double[] BENDS = {0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45, 0.6, -0.6};

    /** How close, in the chart's units, a curve may pass to the centre of a state it does not join. */
    private static final double CLEARANCE = 55;

    private static boolean clears(int[] from, int[] to, double curveness, Edge edge, Map<String, int[]> at) {
        double controlX = (from[0] + to[0]) / 2.0 - (from[1] - to[1]) * curveness;
        double controlY = (from[1] + to[1]) / 2.0 - (to[0] - from[0]) * curveness;
        for (Map.Entry<String, int[]> other : at.entrySet()) {
            if (other.getKey().equals(edge.from()) || other.getKey().equals(edge.to())) {
                continue;
            }
            int[] centre = other.getValue();
            for (int step = 1; step < 20; step++) {
                double t = step / 20.0;
                double x = (1 - t) * (1 - t) * from[0] + 2 * (1 - t) * t * controlX + t * t * to[0];
                double y = (1 - t) * (1 - t) * from[1] + 2 * (1 - t) * t * controlY + t * t * to[1];
                if (Math.hypot(x - centre[0], y - centre[1]) < CLEARANCE) {
                    return false;
                }
            }
        }
        return true;
    }

    private static Map<String, List<Edge>> outgoing(List<String> states, List<Edge> edges) {
        Map<String, List<Edge>> outgoing = new LinkedHashMap<>();
        states.forEach(state -> outgoing.put(state, new ArrayList<>()));
        edges.forEach(edge -> at(outgoing, edge.from()).add(edge));
        return outgoing;
    }

    /** A value the layout put in the map before it asks for it. */
    private static <K, V> V at(Map<K, V> map, K key) {
        return Objects.requireNonNull(map.get(key), () -> "no entry for " + key);
    }
}
