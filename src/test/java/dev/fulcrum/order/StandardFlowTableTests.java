package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.OrderMother;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Acceptance point 1 of issue 10: every action of the standard flow, tried on an order in every status, with and
 * without a hold, answers as the table says. The same table is in {@code docs/guide/orders.md}; a test keeps them
 * equal. No Spring, no database: the order applies the action itself against the shipped standard flow.
 */
class StandardFlowTableTests {

    /**
     * A status after the arrow is the order's status once the action is applied; a cross gives the reason it is
     * refused: {@code not allowed} (the flow does not allow the action from this status, or the order can no longer
     * change), {@code on hold} (the ship guard), {@code already held}, {@code not held}.
     */
    static final String TABLE = """
            | status | hold | pay | hold | release | ship | deliver | cancel | amend |
            |---|---|---|---|---|---|---|---|---|
            | pending_payment | no | → paid | → pending_payment | ✗ not held | ✗ not allowed | ✗ not allowed | → cancelled | → pending_payment |
            | pending_payment | yes | → paid | ✗ already held | → pending_payment | ✗ not allowed | ✗ not allowed | → cancelled | → pending_payment |
            | paid | no | ✗ not allowed | → paid | ✗ not held | → shipped | ✗ not allowed | → cancelled | → paid |
            | paid | yes | ✗ not allowed | ✗ already held | → paid | ✗ on hold | ✗ not allowed | → cancelled | → paid |
            | partially_shipped | no | ✗ not allowed | → partially_shipped | ✗ not held | → shipped | → partially_shipped | ✗ not allowed | ✗ not allowed |
            | partially_shipped | yes | ✗ not allowed | ✗ already held | → partially_shipped | ✗ on hold | → partially_shipped | ✗ not allowed | ✗ not allowed |
            | shipped | no | ✗ not allowed | ✗ not allowed | ✗ not held | ✗ not allowed | → completed | ✗ not allowed | ✗ not allowed |
            | shipped | yes | ✗ not allowed | ✗ not allowed | → shipped | ✗ not allowed | → completed | ✗ not allowed | ✗ not allowed |
            | completed | no | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed |
            | completed | yes | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed |
            | cancelled | no | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed |
            | cancelled | yes | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed | ✗ not allowed |
            """;

    private static final Map<String, OrderAction> ACTIONS = actions();

    private static final FlowRules STANDARD = standardFlow();

    @Test
    void everyActionOfTheStandardFlowFromEveryStatusAnswersAsTheTableSays() {
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (String row : TABLE.strip().lines().skip(2).toList()) {
            List<String> cells = cells(row);
            OrderStatus status = OrderStatus.fromWireName(cells.get(0));
            boolean held = cells.get(1).equals("yes");
            int column = 2;
            for (Map.Entry<String, OrderAction> action : ACTIONS.entrySet()) {
                Order given = held ? OrderMother.heldOrderThatIs(status) : OrderMother.orderThatIs(status);
                ActionOutcome outcome = given.apply(
                        action.getValue(), STANDARD, new OrderAction.Context("ops", OrderMother.PLACED_AT, 9));
                String where = status.wireName() + (held ? " (held)" : "") + " / " + action.getKey() + ": ";
                expected.add(where + cells.get(column++));
                actual.add(where + describe(outcome));
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void theGuideShowsTheSameTable() throws IOException {
        for (String guide : List.of("docs/guide/orders.md", "docs/guide/orders.zh-CN.md")) {
            String text = Files.readString(Path.of(guide));
            List<List<String>> documented = text.lines()
                    .filter(line -> line.startsWith("| pending_payment")
                            || line.startsWith("| paid")
                            || line.startsWith("| partially_shipped")
                            || line.startsWith("| shipped")
                            || line.startsWith("| completed")
                            || line.startsWith("| cancelled"))
                    .map(StandardFlowTableTests::cells)
                    .toList();
            List<List<String>> tested = TABLE.strip()
                    .lines()
                    .skip(2)
                    .map(StandardFlowTableTests::cells)
                    .toList();
            assertThat(documented).as(guide).isEqualTo(tested);
        }
    }

    private static String describe(ActionOutcome outcome) {
        return switch (outcome) {
            case ActionOutcome.Applied applied ->
                "→ " + applied.order().status().wireName();
            case ActionOutcome.Refused refused ->
                switch (refused.problem()) {
                    case "already-held" -> "✗ already held";
                    case "not-held" -> "✗ not held";
                    case "transition-not-allowed" ->
                        refused.reason().contains("on hold") ? "✗ on hold" : "✗ not allowed";
                    default -> "✗ " + refused.problem() + ": " + refused.reason();
                };
        };
    }

    private static List<String> cells(String row) {
        String inner = row.strip().substring(1, row.strip().length() - 1);
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("\\|", -1)) {
            cells.add(cell.strip());
        }
        return cells;
    }

    private static Map<String, OrderAction> actions() {
        Map<String, OrderAction> actions = new LinkedHashMap<>();
        actions.put("pay", new OrderAction.Pay("alipay", null));
        actions.put("hold", new OrderAction.Hold("manual", "checking the address"));
        actions.put("release", new OrderAction.Release(null));
        actions.put("ship", new OrderAction.Ship(List.of(), "SF", null));
        actions.put("deliver", new OrderAction.Deliver(List.of()));
        actions.put("cancel", new OrderAction.Cancel("changed mind"));
        actions.put(
                "amend", new OrderAction.Amend(new OrderAmendment(null, null, null, "leave at the door", null, null)));
        return actions;
    }

    /** The standard flow as shipped, answering as {@link Flows} does once it has loaded it. */
    static FlowRules standardFlow() {
        try (InputStream in = StandardFlowTableTests.class.getResourceAsStream("/flows/standard.json")) {
            FlowDefinition definition = JsonMapper.builder().build().readValue(in, FlowDefinition.class);
            return (order, action) -> Flows.step(definition, order, action);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
