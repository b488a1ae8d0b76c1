package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.order.FlowDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The layered layout of a flow's diagram, without Spring or a browser: the shipped flows and a flow with a cycle. */
class FlowGraphTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static FlowDefinition shipped(String name) throws IOException {
        try (InputStream in = FlowGraphTests.class.getResourceAsStream("/flows/" + name + ".json")) {
            return JSON.readValue(Objects.requireNonNull(in), FlowDefinition.class);
        }
    }

    private static FlowGraph.Node node(FlowGraph graph, String state) {
        return graph.nodes().stream()
                .filter(node -> node.state().equals(state))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no state " + state));
    }

    private static List<String> edges(FlowGraph graph) {
        return graph.edges().stream()
                .map(edge -> edge.action() + ":" + edge.from() + "->" + edge.to())
                .toList();
    }

    @Test
    void theStandardFlowRunsLeftToRightWithCancelledBesideTheFirstShipment() throws IOException {
        FlowGraph graph = FlowGraph.of(shipped("standard"));

        assertThat(node(graph, "pending_payment").column()).isZero();
        assertThat(node(graph, "paid").column()).isEqualTo(1);
        assertThat(node(graph, "partially_shipped").column()).isEqualTo(2);
        assertThat(node(graph, "cancelled").column()).isEqualTo(2);
        assertThat(node(graph, "shipped").column()).isEqualTo(3);
        assertThat(node(graph, "completed").column()).isEqualTo(4);
        assertThat(edges(graph))
                .contains(
                        "pay:pending_payment->paid",
                        "ship:paid->partially_shipped",
                        "ship:paid->shipped",
                        "ship:partially_shipped->shipped",
                        "deliver:shipped->completed",
                        "cancel:pending_payment->cancelled",
                        "cancel:paid->cancelled")
                .doesNotContain("ship:partially_shipped->partially_shipped");
        assertThat(graph.edges()).noneMatch(FlowGraph.Edge::back);
        // Shipping part of an order keeps it partially shipped; hold and release never move it.
        assertThat(node(graph, "partially_shipped").stays()).containsExactly("hold", "release", "ship");
        assertThat(node(graph, "paid").stays()).containsExactly("hold", "release");
        assertThat(node(graph, "pending_payment").start()).isTrue();
        assertThat(node(graph, "paid").start()).isTrue();
        assertThat(node(graph, "shipped").start()).isFalse();
        assertThat(graph.nodes()).noneMatch(FlowGraph.Node::custom);
        assertThat(graph.edges().stream().filter(FlowGraph.Edge::guarded).map(FlowGraph.Edge::action))
                .containsOnly("ship", "cancel");
    }

    @Test
    void aStateOfTheFlowsOwnIsMarkedWithItsCodeDeadlineAndTheActionsThatLeaveIt() throws IOException {
        FlowGraph graph = FlowGraph.of(shipped("presale"));

        FlowGraph.Node balanceDue = node(graph, "balance_due");
        assertThat(balanceDue.custom()).isTrue();
        assertThat(balanceDue.statusCode()).isZero();
        assertThat(balanceDue.start()).isTrue();
        assertThat(balanceDue.column()).isZero();
        assertThat(balanceDue.deadlines()).containsExactly(new FlowDefinition.Deadline("expire", "P14D"));
        assertThat(balanceDue.stays()).containsExactly("hold");
        assertThat(edges(graph))
                .contains(
                        "pay_balance:balance_due->paid",
                        "cancel:balance_due->cancelled",
                        "expire:balance_due->cancelled");
        assertThat(graph.edges())
                .filteredOn(edge -> edge.action().equals("pay_balance"))
                .singleElement()
                .satisfies(edge -> assertThat(edge.performs()).isEqualTo("pay"));
        // Two actions between the same two states bend apart rather than draw over each other.
        List<Double> toCancelled = graph.edges().stream()
                .filter(edge -> edge.from().equals("balance_due") && edge.to().equals("cancelled"))
                .map(FlowGraph.Edge::curveness)
                .toList();
        assertThat(toCancelled).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void statesOfOneColumnDoNotOverlapAndEveryEdgeClearsTheStatesItPasses() throws IOException {
        for (String name : List.of("standard", "presale", "b2b")) {
            FlowGraph graph = FlowGraph.of(shipped(name));
            assertThat(graph.nodes().stream().map(node -> node.x() + "," + node.y()))
                    .as(name)
                    .doesNotHaveDuplicates();
            for (FlowGraph.Edge edge : graph.edges()) {
                FlowGraph.Node from = node(graph, edge.from());
                FlowGraph.Node to = node(graph, edge.to());
                assertThat(to.column()).as(name + " " + edge).isGreaterThan(from.column());
                // The curve ECharts draws for this bend (a quadratic through its control point) misses other states.
                double controlX = (from.x() + to.x()) / 2.0 - (from.y() - to.y()) * edge.curveness();
                double controlY = (from.y() + to.y()) / 2.0 - (to.x() - from.x()) * edge.curveness();
                for (FlowGraph.Node other : graph.nodes()) {
                    if (other.state().equals(edge.from()) || other.state().equals(edge.to())) {
                        continue;
                    }
                    for (double t = 0.05; t < 1; t += 0.05) {
                        double x = (1 - t) * (1 - t) * from.x() + 2 * (1 - t) * t * controlX + t * t * to.x();
                        double y = (1 - t) * (1 - t) * from.y() + 2 * (1 - t) * t * controlY + t * t * to.y();
                        assertThat(Math.hypot(x - other.x(), y - other.y()))
                                .as(name + " " + edge + " passes " + other.state())
                                .isGreaterThan(50);
                    }
                }
            }
        }
    }

    @Test
    void anActionBackToAnEarlierStateIsABackEdgeAndBendsAwayFromTheWayForward() {
        FlowDefinition flow = JSON.readValue("""
                {"name": "rework",
                 "states": [{"name": "checking", "statusCode": 1}, {"name": "fixing", "statusCode": 1},
                            "paid", "shipped", "completed", "cancelled"],
                 "start": [{"state": "checking"}],
                 "transitions": [
                   {"action": "fail", "from": ["checking"], "to": "fixing"},
                   {"action": "recheck", "from": ["fixing"], "to": "checking"},
                   {"action": "pass", "from": ["checking"], "to": "paid"},
                   {"action": "ship", "from": ["paid"]},
                   {"action": "deliver", "from": ["shipped"]}
                 ]}
                """, FlowDefinition.class);
        FlowGraph graph = FlowGraph.of(flow);

        assertThat(node(graph, "checking").column()).isZero();
        assertThat(node(graph, "fixing").column()).isEqualTo(1);
        assertThat(node(graph, "paid").column()).isEqualTo(1);
        assertThat(graph.edges())
                .filteredOn(edge -> edge.action().equals("recheck"))
                .singleElement()
                .satisfies(edge -> {
                    assertThat(edge.back()).isTrue();
                    assertThat(edge.curveness()).isNotZero();
                });
        // An unconditional start entry: orders never start on their ledger.
        assertThat(node(graph, "checking").start()).isTrue();
        assertThat(node(graph, "paid").start()).isFalse();
        // Nothing leads to cancelled in this flow: it stands alone in the first column.
        assertThat(node(graph, "cancelled").column()).isZero();
    }
}
