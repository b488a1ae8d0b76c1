package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.shared.ApiProblem;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The flow definition format and its validation, without Spring. */
class FlowDefinitionTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static FlowDefinition shipped(String name) throws IOException {
        try (InputStream in = FlowDefinitionTests.class.getResourceAsStream("/flows/" + name + ".json")) {
            return JSON.readValue(in, FlowDefinition.class);
        }
    }

    private static FlowDefinition parse(String json) {
        return JSON.readValue(json, FlowDefinition.class);
    }

    private static String fieldOf(FlowDefinition definition) {
        try {
            Flows.validate(definition);
        } catch (ApiProblem problem) {
            return problem.getMessage();
        }
        throw new AssertionError("expected the definition to be refused");
    }

    @Test
    void theShippedFlowsAreValidAndMapTheirOwnStatesToCanonicalCodes() throws IOException {
        for (String name : new String[] {"standard", "presale", "b2b"}) {
            Flows.validate(shipped(name));
        }
        FlowDefinition presale = shipped("presale");
        FlowDefinition.State balanceDue = presale.state("balance_due").orElseThrow();
        assertThat(balanceDue.statusCode()).isZero();
        assertThat(balanceDue.followsLedger()).isFalse();
        assertThat(balanceDue.deadlinesOrEmpty()).containsExactly(new FlowDefinition.Deadline("expire", "P14D"));
        assertThat(presale.state("paid").orElseThrow().followsLedger()).isTrue();
        assertThat(presale.state("shipped").orElseThrow().statusCode()).isEqualTo(2);
        assertThat(shipped("b2b").state("awaiting_approval").orElseThrow().statusCode())
                .isZero();
    }

    @Test
    void aDefinitionSurvivesStorageAsJson() throws IOException {
        FlowDefinition presale = shipped("presale");
        FlowDefinition stored = JSON.readValue(JSON.writeValueAsString(presale), FlowDefinition.class);
        assertThat(stored).isEqualTo(presale);
    }

    @Test
    void theFirstFormatStillReadsWithActionsAsEffects() {
        FlowDefinition old = parse("""
                {"name": "standard", "states": ["paid", "shipped"], "transitions": [
                  {"action": "ship", "from": ["paid"], "actions": [{"type": "addTag", "value": "left"}]}]}""");
        Flows.validate(old);
        assertThat(old.transitions().getFirst().effectsOrEmpty())
                .extracting(FlowDefinition.Effect::value)
                .containsExactly("left");
        assertThat(old.transitions().getFirst().builtIn()).contains("ship");
    }

    @Test
    void refusesStatesThatDoNotMapToACanonicalStatusCode() {
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [{"name": "quality_check", "statusCode": 7}], "transitions": []}"""))).startsWith("states[0].statusCode");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": ["flying"], "transitions": []}"""))).startsWith("states[0].name");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [{"name": "paid", "statusCode": 0}], "transitions": []}"""))).startsWith("states[0].statusCode");
    }

    @Test
    void refusesTransitionsToUnknownStatesAndDeadlinesNoTransitionCanRun() {
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": ["paid"], "transitions": [
                          {"action": "approve", "from": ["paid"], "to": "approved"}]}"""))).startsWith("transitions[0].to");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [{"name": "due", "statusCode": 0,
                          "deadlines": [{"action": "expire", "after": "P1D"}]}], "transitions": []}"""))).startsWith("states[0].deadlines[0].action");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [{"name": "due", "statusCode": 0,
                          "deadlines": [{"action": "expire", "after": "tomorrow"}]}],
                         "transitions": [{"action": "expire", "from": ["due"], "performs": "cancel"}]}"""))).startsWith("states[0].deadlines[0].after");
    }

    @Test
    void refusesBadExpressionsEffectsAndPerforms() {
        assertThat(fieldOf(parse("""
                        {"name": "x", "selector": "order.channel ==", "states": [], "transitions": []}"""))).startsWith("selector");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [], "transitions": [{"action": "flag", "from": ["paid"],
                          "effects": [{"type": "paint", "value": "red"}]}]}"""))).startsWith("transitions[0].effects[0].type");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [], "transitions": [{"action": "flag", "from": ["paid"],
                          "effects": [{"type": "setAttribute", "name": "a"}]}]}"""))).startsWith("transitions[0].effects[0]");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [], "transitions": [{"action": "flag", "from": ["paid"],
                          "performs": "teleport"}]}"""))).startsWith("transitions[0].performs");
        assertThat(fieldOf(parse("""
                        {"name": "x", "states": [], "transitions": [{"action": "ship", "from": ["paid"],
                          "performs": "cancel"}]}"""))).startsWith("transitions[0].performs");
        assertThatThrownBy(() -> Flows.validate(parse("""
                        {"name": "standard", "selector": "true", "states": [], "transitions": []}""")))
                .isInstanceOf(ApiProblem.class)
                .hasMessageStartingWith("selector");
    }

    @Test
    void aStateOfTheFlowsOwnShowsTheStatusOfItsCode() {
        assertThat(Flows.statusOfCode(0, OrderStatus.PAID)).isEqualTo(OrderStatus.PENDING_PAYMENT);
        assertThat(Flows.statusOfCode(1, OrderStatus.PAID)).isEqualTo(OrderStatus.PAID);
        assertThat(Flows.statusOfCode(2, OrderStatus.PARTIALLY_SHIPPED)).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
        assertThat(Flows.statusOfCode(2, OrderStatus.PAID)).isEqualTo(OrderStatus.PARTIALLY_SHIPPED);
    }
}
