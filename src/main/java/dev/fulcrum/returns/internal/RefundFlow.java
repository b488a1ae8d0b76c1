package dev.fulcrum.returns.internal;

import dev.fulcrum.order.FlowDefinition;
import dev.fulcrum.shared.Expressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refund side of a return as a declarative state machine in the flow format ({@link FlowDefinition}: states,
 * actions from states to states, CEL guards), shipped in {@code returns/refund-flow.json}. The return's own status
 * is the logistics side; the two run side by side, and every return action is offered to both: a pickup scan moves
 * the refund of a trusted customer to {@code due} while the logistics stays {@code approved}. Guards see
 * {@code refund} ({@code status}, {@code timing}) and {@code request} ({@code complete}: every unit received,
 * {@code resolution}, {@code method}).
 */
public final class RefundFlow {

    private static final List<String> VARIABLES = List.of("refund", "request");

    private final FlowDefinition definition;

    private RefundFlow(FlowDefinition definition) {
        this.definition = definition;
    }

    /** The refund flow shipped with Fulcrum. */
    public static RefundFlow shipped(JsonMapper json) {
        try (InputStream in = new ClassPathResource("returns/refund-flow.json").getInputStream()) {
            return new RefundFlow(json.readValue(in, FlowDefinition.class));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    public FlowDefinition definition() {
        return definition;
    }

    /**
     * The refund's state after {@code action}: the state the first transition of that action from {@code state}
     * leads to whose guards all hold; {@code state} itself when none does (the refund is not concerned).
     */
    public String next(String state, String action, String timing, Map<String, Object> request) {
        Map<String, Object> variables = Map.of("refund", Map.of("status", state, "timing", timing), "request", request);
        for (FlowDefinition.Transition transition : definition.transitions()) {
            if (!transition.action().equals(action) || !transition.from().contains(state)) {
                continue;
            }
            boolean allHold = transition.guardsOrEmpty().stream()
                    .allMatch(guard ->
                            Expressions.condition(guard.when(), VARIABLES).test(variables));
            String target = transition.to();
            if (allHold && target != null) {
                return target;
            }
        }
        return state;
    }
}
