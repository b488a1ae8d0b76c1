package dev.fulcrum.rules.internal;

import dev.fulcrum.approvals.ApprovalRequests;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.events.PublicEventsAppended;
import dev.fulcrum.order.FlowActions;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderAmendment;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.rules.PlannedAction;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.sourcing.SourcingManagement;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Applies a run's actions to its order, in order, inside the run's transaction and as the run's actor: every change
 * goes through {@link OrderManagement}'s typed actions (audited, on the timeline, published). An action that fails
 * throws, and the transaction rolls back every change of the run. E-mails are sent last, after every other action has
 * succeeded, so that a failing action sends none; an e-mail is not transactional, so a run whose commit fails after
 * sending is retried and may send it again (at least once).
 */
@Component
public class RuleEffects {

    /** The public events appended by the run on this thread, to record what the run caused. */
    private static final ThreadLocal<@Nullable List<UUID>> CAUSED = new ThreadLocal<>();

    private final OrderManagement orders;
    private final FlowActions flowActions;
    private final SourcingManagement sourcing;
    private final PublicEventLog eventLog;
    private final RuleStore store;
    private final ObjectProvider<ApprovalRequests> approvals;
    private final ObjectProvider<JavaMailSender> mail;
    private final Clock clock;

    RuleEffects(
            OrderManagement orders,
            FlowActions flowActions,
            SourcingManagement sourcing,
            PublicEventLog eventLog,
            RuleStore store,
            ObjectProvider<ApprovalRequests> approvals,
            ObjectProvider<JavaMailSender> mail,
            Clock clock) {
        this.orders = orders;
        this.flowActions = flowActions;
        this.sourcing = sourcing;
        this.eventLog = eventLog;
        this.store = store;
        this.approvals = approvals;
        this.mail = mail;
        this.clock = clock;
    }

    /** The trigger of a run: the rule version and the event. */
    public record Trigger(String rule, int version, UUID eventId, String eventType) {}

    /**
     * Applies the actions to the order in the current transaction and answers with what they did; records the public
     * events they caused so that they never trigger this rule version again.
     *
     * @throws RuntimeException when an action fails (the caller rolls the transaction back)
     */
    public List<PlannedAction> apply(CompiledRule rule, Trigger trigger, @Nullable OrderId orderId) {
        List<UUID> caused = new ArrayList<>();
        CAUSED.set(caused);
        try {
            List<PlannedAction> done = new ArrayList<>();
            List<RuleAction.Notify> emails = new ArrayList<>();
            for (RuleAction action : rule.actions()) {
                if (action instanceof RuleAction.Notify notify
                        && notify.channel().equals("email")) {
                    emails.add(notify);
                } else {
                    applyOne(action, rule, trigger, orderId);
                }
                done.add(action.planned());
            }
            for (RuleAction.Notify email : emails) {
                send(email, rule, orderId);
            }
            store.caused(caused, rule.name(), rule.number());
            return done;
        } finally {
            CAUSED.remove();
        }
    }

    @EventListener
    void on(PublicEventsAppended appended) {
        List<UUID> caused = CAUSED.get();
        if (caused != null) {
            appended.appended().forEach(event -> caused.add(event.event().id()));
        }
    }

    private void applyOne(RuleAction action, CompiledRule rule, Trigger trigger, @Nullable OrderId orderId) {
        switch (action) {
            case RuleAction.Task task -> {
                Instant now = clock.instant();
                store.addTask(
                        task.team(),
                        task.title(),
                        orderId == null ? null : orderId.value(),
                        rule.name(),
                        rule.number(),
                        task.dueIn() == null ? null : now.plus(task.dueIn()));
                return;
            }
            case RuleAction.Notify notify -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("rule", rule.name());
                data.put("version", rule.number());
                data.put("orderId", orderId == null ? null : orderId.toString());
                data.put("triggerEventId", trigger.eventId().toString());
                data.put("triggerEventType", trigger.eventType());
                data.put("subject", notify.subject());
                data.put("message", notify.message());
                eventLog.append(
                        Ids.timeOrdered(),
                        "rule.notification",
                        orderId == null ? null : orderId.value(),
                        null,
                        clock.instant(),
                        data);
                return;
            }
            default -> {}
        }
        if (orderId == null) {
            throw new IllegalStateException("the " + action.type() + " action needs an order; the event has none");
        }
        Order order = orders.get(orderId);
        switch (action) {
            case RuleAction.Hold hold -> {
                if (order.holds().stream().noneMatch(existing -> existing.type().equals(hold.hold()))) {
                    orders.apply(orderId, new OrderAction.Hold(hold.hold(), hold.reason()));
                }
            }
            case RuleAction.Release release -> {
                boolean held = release.hold() == null
                        ? !order.holds().isEmpty()
                        : order.holds().stream()
                                .anyMatch(existing -> existing.type().equals(release.hold()));
                if (held) {
                    orders.apply(orderId, new OrderAction.Release(release.hold()));
                }
            }
            case RuleAction.AddTag tag -> {
                if (!order.tags().contains(tag.tag())) {
                    List<String> tags = new ArrayList<>(order.tags());
                    tags.add(tag.tag());
                    orders.amend(orderId, new OrderAmendment(null, null, null, null, tags, null));
                }
            }
            case RuleAction.RemoveTag tag -> {
                if (order.tags().contains(tag.tag())) {
                    List<String> tags = new ArrayList<>(order.tags());
                    tags.remove(tag.tag());
                    orders.amend(orderId, new OrderAmendment(null, null, null, null, tags, null));
                }
            }
            case RuleAction.SetAttribute attribute -> {
                Map<String, Object> attributes = new LinkedHashMap<>(order.attributes());
                if (!attribute.value().equals(attributes.get(attribute.name()))) {
                    attributes.put(attribute.name(), attribute.value());
                    orders.amend(orderId, new OrderAmendment(null, null, null, null, null, attributes));
                }
            }
            case RuleAction.Cancel cancel -> {
                if (!order.status().isCancelled()) {
                    orders.cancel(orderId, cancel.reason());
                }
            }
            case RuleAction.Resource resource -> {
                String profile = resource.profile();
                if (profile != null
                        && sourcing.profiles().stream()
                                .noneMatch(stored ->
                                        stored.isActive() && stored.name().equals(profile))) {
                    throw new IllegalStateException("re-sourcing needs profile " + profile
                            + " to be the active sourcing profile; a rule re-sources with the active profile only");
                }
                sourcing.resource(orderId);
            }
            case RuleAction.Approval approval -> {
                ApprovalRequests requests = approvals.getIfAvailable();
                if (requests == null) {
                    throw new IllegalStateException(
                            "approvals are not available in this installation (no ApprovalRequests)");
                }
                requests.request(new ApprovalRequests.Request(
                        RequestContext.require().tenantId(),
                        orderId,
                        approval.chain().stream()
                                .map(step -> new ApprovalRequests.Step(step.role(), step.users(), step.when()))
                                .toList(),
                        rule.version().actor(),
                        approval.onReject(),
                        approval.stepTimeout()));
            }
            case RuleAction.FlowAction flowAction ->
                flowActions.run(
                        orderId,
                        flowAction.action(),
                        new FlowActions.Parameters(null, null, null, flowAction.reason(), List.of(), null, null));
            case RuleAction.Task unusedTask -> throw new IllegalStateException("handled above");
            case RuleAction.Notify unusedNotify -> throw new IllegalStateException("handled above");
        }
    }

    private void send(RuleAction.Notify email, CompiledRule rule, @Nullable OrderId orderId) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new IllegalStateException("e-mail is not configured: set spring.mail.host (see docs/guide/rules.md)");
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setTo(java.util.Objects.requireNonNull(email.to()));
            helper.setFrom("fulcrum-rules@localhost");
            helper.setSubject(email.subject());
            helper.setText(email.message() + "\n\n— " + rule.version().actor()
                    + (orderId == null ? "" : ", order " + orderId));
            sender.send(message);
        } catch (jakarta.mail.MessagingException failed) {
            throw new IllegalStateException("e-mail to " + email.to() + " failed: " + failed.getMessage(), failed);
        }
    }
}
