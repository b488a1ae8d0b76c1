package dev.fulcrum.console;

import dev.fulcrum.returns.NewReturn;
import dev.fulcrum.returns.ReceivedLine;
import dev.fulcrum.returns.Return;
import dev.fulcrum.returns.Returns;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place where the console changes returns: starting a return from the order page and every action of the
 * returns queue and the return page go through here to the returns module's API, as {@link OrderActions} does for
 * orders (ADR 0094, 0106). Every rule (what the policy decides, how many units may come back, which status allows what)
 * stays in the returns module; refusals come back as {@link dev.fulcrum.shared.ApiProblem}s, shown as messages.
 */
@Component
class ReturnActions {

    private final Returns returns;

    ReturnActions(Returns returns) {
        this.returns = returns;
    }

    Return request(OrderId orderId, NewReturn request) {
        return returns.request(orderId, request);
    }

    Return approve(UUID id, @Nullable String note) {
        return returns.approve(id, note);
    }

    Return reject(UUID id, String reason) {
        return returns.reject(id, reason);
    }

    Return receive(UUID id, LocationId location, List<ReceivedLine> lines) {
        return returns.receive(id, location, lines);
    }

    Return refund(UUID id) {
        return returns.refund(id);
    }

    Return close(UUID id, @Nullable String note) {
        return returns.close(id, note);
    }

    Return offerRetention(UUID id, java.math.BigDecimal amount) {
        return returns.offerRetention(id, amount);
    }

    Return acceptRetention(UUID id) {
        return returns.acceptRetention(id);
    }

    Return declineRetention(UUID id) {
        return returns.declineRetention(id);
    }
}
