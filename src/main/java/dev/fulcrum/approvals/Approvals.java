package dev.fulcrum.approvals;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.approvals.internal.ApprovalStore;
import dev.fulcrum.order.FlowDefinition;
import dev.fulcrum.order.Flows;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.ListQueries;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The approvals module's API: opening approvals on orders (what rules call, {@link ApprovalRequests}), reading them,
 * deciding their steps, escalating the overdue ones, and the members of approval roles. Orders change only through
 * {@link OrderManagement}'s typed actions: the {@code approval} hold is placed when an approval opens and released
 * when its last applicable step is approved; a rejection cancels the order or moves it to a flow state.
 */
@Service
public class Approvals implements ApprovalRequests {

    static final String AUDIT_TARGET = "approval";
    public static final int MAX_STEPS = 20;
    public static final int MAX_USERS_PER_STEP = 50;
    public static final int MAX_COMMENT = 1000;
    public static final Duration MAX_STEP_TIMEOUT = Duration.ofDays(90);
    public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final Pattern PRINCIPAL = Pattern.compile("(user|key):[^\\s].{0,199}");
    private static final List<String> ORDER = List.of("order");

    private final ApprovalStore store;
    private final OrderManagement orders;
    private final Flows flows;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final @Nullable String escalationRole;

    Approvals(
            ApprovalStore store,
            OrderManagement orders,
            Flows flows,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            @Value("${fulcrum.approvals.escalation-role:}") String escalationRole) {
        this.store = store;
        this.orders = orders;
        this.flows = flows;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.escalationRole = escalationRole.isBlank() ? null : escalationRole.strip();
    }

    /**
     * {@inheritDoc}
     *
     * @throws ApiProblem 400 naming the field for a malformed chain, condition, {@code onReject} or timeout; 404 for an
     *     unknown order
     */
    @Override
    @Transactional
    public Optional<UUID> request(Request request) {
        RequestContext context = RequestContext.require();
        if (!context.tenantId().equals(request.tenant())) {
            throw new IllegalArgumentException("the request's tenant is not the tenant in context");
        }
        Order order = orders.get(request.order());
        List<Approval.Step> steps = validated(request, order);
        Optional<UUID> open = store.openOf(request.order(), request.requestedBy());
        if (open.isPresent()) {
            return open;
        }
        int first = nextApplicable(steps, -1);
        if (first < 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean held = order.holds().stream().anyMatch(hold -> hold.type().equals("approval"));
        // A hold another open approval placed is shared; one the order's flow placed (b2b) is the flow's to release.
        boolean holdsOrder = !held
                || !store.ofOrder(request.order()).stream()
                        .filter(Approval::open)
                        .toList()
                        .isEmpty();
        if (!held) {
            orders.hold(
                    request.order(),
                    "approval",
                    "approval requested by " + request.requestedBy() + ": " + describe(steps.get(first)));
        }
        Approval approval = new Approval(
                UUID.randomUUID(),
                request.order(),
                "pending",
                request.requestedBy(),
                request.onReject(),
                request.stepTimeout().toString(),
                steps,
                first,
                order.total(),
                order.currency(),
                now,
                now.plus(request.stepTimeout()),
                null,
                null,
                null,
                List.of());
        store.insert(approval, request.stepTimeout(), holdsOrder);
        audit.record(
                "approval.requested",
                AUDIT_TARGET,
                approval.id().toString(),
                Map.of("orderId", order.id().toString(), "requestedBy", request.requestedBy()));
        events.publishEvent(new ApprovalEvent.Requested(approval, now));
        return Optional.of(approval.id());
    }

    /**
     * The approval with its steps and decisions.
     *
     * @throws ApiProblem 404 for an unknown approval
     */
    @Transactional(readOnly = true)
    public Approval get(UUID id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /** Approvals of the order, newest first. */
    @Transactional(readOnly = true)
    public List<Approval> ofOrder(OrderId order) {
        return store.ofOrder(order);
    }

    /**
     * A page of approvals, oldest first: {@code status} one of {@link Approval#STATUSES} or {@code open} (pending or
     * escalated), {@code role} the current step's role or escalation target, {@code principal} someone who may decide
     * the current step.
     */
    @Transactional(readOnly = true)
    public List<Approval> list(
            @Nullable String status,
            @Nullable String role,
            @Nullable String principal,
            ListQueries.@Nullable Cursor after,
            int limit) {
        return store.list(
                new ApprovalStore.Filter(status, role, principal == null ? null : principal(principal), after, limit));
    }

    /** Whether the caller in context may decide the approval's current step now. */
    @Transactional(readOnly = true)
    public boolean mayDecide(Approval approval) {
        return approval.open() && deciders(approval, RequestContext.require().actor());
    }

    /**
     * Approves the current step as the caller in context: moves on to the next applicable step, or, after the last,
     * closes the approval approved and releases the order's {@code approval} hold, so the order goes on to sourcing.
     *
     * @throws ApiProblem 404 for an unknown approval; 409 when it is decided already; 403 when the caller is not one
     *     of the step's deciders
     */
    @Transactional
    public Approval approve(UUID id, @Nullable String comment) {
        return decide(id, "approved", comment);
    }

    /**
     * Rejects the approval as the caller in context: cancels the order with the reason, or moves it to the flow state
     * the request named.
     *
     * @throws ApiProblem as {@link #approve}; 409 when the order's flow has no action to the state named
     */
    @Transactional
    public Approval reject(UUID id, @Nullable String comment) {
        return decide(id, "rejected", comment);
    }

    private Approval decide(UUID id, String decision, @Nullable String comment) {
        Approval approval = store.lock(id).orElseThrow(() -> notFound(id));
        if (!approval.open()) {
            throw ApiProblem.conflict("approval-decided", "approval " + id + " was " + approval.status() + " already");
        }
        String actor = RequestContext.require().actor();
        if (!deciders(approval, actor)) {
            throw ApiProblem.forbidden(actor + " may not decide step " + (approval.currentStep() + 1)
                    + " of approval " + id + ": it is for " + describe(approval.current())
                    + (approval.escalatedTo() == null ? "" : " or role " + approval.escalatedTo()));
        }
        Instant now = clock.instant();
        Approval.Decision recorded = new Approval.Decision(approval.currentStep(), decision, actor, now, comment);
        store.addDecision(id, recorded);
        if (decision.equals("approved")) {
            int next = nextApplicable(approval.steps(), approval.currentStep());
            if (next >= 0) {
                Duration timeout = Duration.parse(approval.stepTimeout());
                store.moveTo(id, next, approval.steps().get(next), now.plus(timeout));
            } else {
                store.close(id, "approved", now);
                releaseHold(approval);
            }
        } else {
            store.close(id, "rejected", now);
            String reason = "approval rejected by " + actor + (comment == null ? "" : ": " + comment)
                    + " (requested by " + approval.requestedBy() + ")";
            onReject(approval, reason);
        }
        Approval decided = store.find(id).orElseThrow();
        audit.record("approval." + decision, AUDIT_TARGET, id.toString(), details(approval, comment));
        events.publishEvent(new ApprovalEvent.Decided(decided, recorded, now));
        return decided;
    }

    /**
     * Escalates a pending approval whose current step passed its timeout: its status becomes {@code escalated} and the
     * escalation target (the role of the next applicable step, else {@code fulcrum.approvals.escalation-role}) may
     * decide the step too. False when it was no longer pending.
     */
    @Transactional
    public boolean escalate(UUID id) {
        Approval approval = store.lock(id).orElseThrow(() -> notFound(id));
        if (!approval.status().equals("pending")) {
            return false;
        }
        Instant now = clock.instant();
        String target = escalationTarget(approval);
        if (!store.escalate(id, target, now)) {
            return false;
        }
        Approval escalated = store.find(id).orElseThrow();
        audit.record(
                "approval.escalated",
                AUDIT_TARGET,
                id.toString(),
                Map.of("orderId", approval.orderId().toString(), "escalatedTo", String.valueOf(target)));
        events.publishEvent(new ApprovalEvent.Escalated(escalated, now));
        return true;
    }

    // Roles

    /** The members of an approval role: principals such as {@code user:alice} or {@code key:finance-bot}. */
    @Transactional(readOnly = true)
    public List<String> members(String role) {
        return store.members(role);
    }

    @Transactional(readOnly = true)
    public Map<String, List<String>> roles() {
        return store.roles();
    }

    /** Replaces the members of an approval role; a bare name is a console user ({@code alice} is {@code user:alice}). */
    @Transactional
    public List<String> putMembers(String role, List<String> principals) {
        List<String> normalised =
                principals.stream().map(Approvals::principal).distinct().toList();
        store.putMembers(role, normalised);
        audit.record("approval.role-members-put", "approval-role", role, Map.of("members", normalised));
        return normalised;
    }

    /** A principal as the audit log names it: {@code user:alice}, {@code key:ERP}; a bare name is a console user. */
    public static String principal(String name) {
        String stripped = name.strip();
        return stripped.startsWith("user:") || stripped.startsWith("key:") ? stripped : "user:" + stripped;
    }

    /** Whether the text names a principal {@link #principal} accepts. */
    public static boolean validPrincipal(String name) {
        return !name.isBlank() && PRINCIPAL.matcher(principal(name)).matches();
    }

    private boolean deciders(Approval approval, String actor) {
        Approval.Step step = approval.current();
        if (step.users().contains(actor)) {
            return true;
        }
        List<String> roles = store.rolesOf(actor);
        return (step.role() != null && roles.contains(step.role()))
                || (approval.escalatedTo() != null && roles.contains(approval.escalatedTo()));
    }

    private @Nullable String escalationTarget(Approval approval) {
        int next = nextApplicable(approval.steps(), approval.currentStep());
        if (next >= 0 && approval.steps().get(next).role() != null) {
            return approval.steps().get(next).role();
        }
        return escalationRole;
    }

    private void releaseHold(Approval approval) {
        if (!store.holdsOrder(approval.id()) || store.othersOpen(approval.orderId(), approval.id()) > 0) {
            return;
        }
        Order order = orders.get(approval.orderId());
        if (order.holds().stream().anyMatch(hold -> hold.type().equals("approval"))) {
            orders.release(approval.orderId(), "approval");
        }
    }

    private void onReject(Approval approval, String reason) {
        Order order = orders.get(approval.orderId());
        if (order.status().isCancelled()) {
            return;
        }
        if (approval.onReject().equals("cancel")) {
            orders.cancel(approval.orderId(), reason);
            return;
        }
        releaseHold(approval);
        Order released = orders.get(approval.orderId());
        String from = Flows.stateOf(released);
        FlowDefinition.Transition move = definition(released)
                .flatMap(flow -> flow.transitions().stream()
                        .filter(transition -> approval.onReject().equals(transition.to())
                                && transition.from().contains(from))
                        .findFirst())
                .orElseThrow(() -> ApiProblem.conflict(
                        "no-flow-action",
                        "flow " + released.flow().name() + " has no action from " + from + " to "
                                + approval.onReject()));
        orders.apply(approval.orderId(), flowAction(move, reason));
    }

    private static OrderAction flowAction(FlowDefinition.Transition move, String reason) {
        Optional<String> builtIn = move.builtIn();
        if (builtIn.isEmpty()) {
            return new OrderAction.Custom(move.action(), Map.of("reason", reason));
        }
        OrderAction performs = switch (builtIn.get()) {
            case "cancel" -> new OrderAction.Cancel(reason);
            case "hold" -> new OrderAction.Hold("manual", reason);
            case "release" -> new OrderAction.Release(null);
            default ->
                throw ApiProblem.conflict(
                        "no-flow-action",
                        "flow action " + move.action() + " performs " + builtIn.get()
                                + ", which a rejection cannot perform");
        };
        return move.action().equals(builtIn.get()) ? performs : new OrderAction.Named(move.action(), performs);
    }

    private Optional<FlowDefinition> definition(Order order) {
        return flows.list().stream()
                .filter(stored -> stored.ref().equals(order.flow()))
                .map(Flows.StoredFlow::definition)
                .findFirst();
    }

    private List<Approval.Step> validated(Request request, Order order) {
        List<FieldProblem> problems = new ArrayList<>();
        if (request.chain().isEmpty()) {
            problems.add(new FieldProblem("chain", "must have at least one step"));
        }
        if (request.chain().size() > MAX_STEPS) {
            problems.add(new FieldProblem(
                    "chain",
                    "at most " + MAX_STEPS + " steps, got " + request.chain().size()));
        }
        if (request.requestedBy().isBlank() || request.requestedBy().length() > 200) {
            problems.add(new FieldProblem("requestedBy", "must be 1 to 200 characters"));
        }
        if (request.stepTimeout().isNegative()
                || request.stepTimeout().isZero()
                || request.stepTimeout().compareTo(MAX_STEP_TIMEOUT) > 0) {
            problems.add(new FieldProblem("stepTimeout", "must be positive and at most " + MAX_STEP_TIMEOUT));
        }
        if (!request.onReject().equals("cancel")) {
            boolean known = definition(order)
                    .flatMap(flow -> flow.state(request.onReject()))
                    .isPresent();
            if (!known) {
                problems.add(new FieldProblem(
                        "onReject",
                        "must be cancel or a state of the order's flow "
                                + order.flow().name() + ", got " + request.onReject()));
            }
        }
        Map<String, Object> view = Map.of("order", Flows.celView(order));
        List<Approval.Step> steps = new ArrayList<>();
        for (int i = 0; i < request.chain().size() && i < MAX_STEPS; i++) {
            Step step = request.chain().get(i);
            String field = "chain[" + i + "]";
            String role = step.role();
            if (role == null && step.users().isEmpty()) {
                problems.add(new FieldProblem(field, "needs a role or users"));
            }
            if (role != null && !ROLE.matcher(role).matches()) {
                problems.add(new FieldProblem(field + ".role", "must match " + ROLE.pattern()));
            }
            if (step.users().size() > MAX_USERS_PER_STEP) {
                problems.add(new FieldProblem(
                        field + ".users",
                        "at most " + MAX_USERS_PER_STEP + " users, got "
                                + step.users().size()));
            }
            if (step.users().stream().anyMatch(user -> !validPrincipal(user))) {
                problems.add(new FieldProblem(field + ".users", "must be user names or principals (user:, key:)"));
            }
            boolean applies = true;
            String when = step.when();
            if (when != null && !when.isBlank()) {
                try {
                    applies = Expressions.condition(when, ORDER).test(view);
                } catch (Expressions.InvalidExpression invalid) {
                    problems.add(new FieldProblem(field + ".when", invalid.getMessage()));
                }
            }
            steps.add(new Approval.Step(
                    role,
                    step.users().stream().map(Approvals::principal).toList(),
                    when == null || when.isBlank() ? null : when,
                    applies));
        }
        if (!problems.isEmpty()) {
            throw ApiProblem.invalid(problems);
        }
        return steps;
    }

    private static int nextApplicable(List<Approval.Step> steps, int after) {
        for (int i = after + 1; i < steps.size(); i++) {
            if (steps.get(i).applies()) {
                return i;
            }
        }
        return -1;
    }

    private static String describe(Approval.Step step) {
        List<String> who = new ArrayList<>();
        if (step.role() != null) {
            who.add("role " + step.role());
        }
        who.addAll(step.users());
        return String.join(", ", who);
    }

    private static Map<String, Object> details(Approval approval, @Nullable String comment) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("orderId", approval.orderId().toString());
        details.put("step", approval.currentStep() + 1);
        details.put("requestedBy", approval.requestedBy());
        if (comment != null) {
            details.put("comment", comment);
        }
        return details;
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("approval " + id + " does not exist");
    }
}
