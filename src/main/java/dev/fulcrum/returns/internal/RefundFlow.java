package dev.fulcrum.returns.internal;

import dev.fulcrum.order.FlowDefinition;
import dev.fulcrum.shared.Expressions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The refund side of a return as a declarative state machine in the flow format ({@link FlowDefinition}: states,
 * actions from states to states, CEL guards), shipped in {@code returns/refund-flow.json}. The return's own status
 * is the logistics side; the two run side by side, and every return action is offered to both: a pickup scan moves
 * the refund of a trusted customer to {@code due} while the logistics stays {@code approved}. Guards see
 * {@code refund} ({@code status}, {@code timing}) and {@code request} ({@code complete}: every unit received,
 * {@code resolution}, {@code method}, {@code status}: the logistics side, {@code received}: units received,
 * {@code scanned}: the carrier scanned the parcel). The retention offer ({@code offer_retention},
 * {@code accept_retention}, {@code decline_retention}) is a state and actions of the same flow.
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
     * An action asked for explicitly (a retention offer): the state it leads to, or why the flow refuses it.
     *
     * @param next the refund's state after the action; null when refused
     * @param refusal the {@code otherwise} of the first guard that does not hold, or that no transition of the action
     *     leaves the refund's state; null when allowed
     */
    public record Attempt(@Nullable String next, @Nullable String refusal) {}

    /**
     * Attempts {@code action} from {@code state}: the first transition of that action from the state whose guards all
     * hold, or the reason of the first guard that did not.
     */
    public Attempt attempt(String state, String action, String timing, Map<String, Object> request) {
        Map<String, Object> variables = Map.of("refund", Map.of("status", state, "timing", timing), "request", request);
        String refusal = null;
        for (FlowDefinition.Transition transition : definition.transitions()) {
            if (!transition.action().equals(action) || !transition.from().contains(state)) {
                continue;
            }
            FlowDefinition.Guard failed = transition.guardsOrEmpty().stream()
                    .filter(guard ->
                            !Expressions.condition(guard.when(), VARIABLES).test(variables))
                    .findFirst()
                    .orElse(null);
            String target = transition.to();
            if (failed == null && target != null) {
                return new Attempt(target, null);
            }
            if (refusal == null && failed != null) {
                refusal = failed.otherwise();
            }
        }
        return new Attempt(
                null, refusal != null ? refusal : "the refund is " + state + ": " + action + " does not apply");
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
