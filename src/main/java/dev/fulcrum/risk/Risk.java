package dev.fulcrum.risk;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.order.FlowRef;
import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.risk.internal.AssessmentStore;
import dev.fulcrum.risk.internal.FeatureStore;
import dev.fulcrum.risk.internal.Features;
import dev.fulcrum.risk.internal.ListStore;
import dev.fulcrum.risk.internal.ReviewStore;
import dev.fulcrum.risk.internal.RiskPolicyStore;
import dev.fulcrum.risk.internal.Scoring;
import dev.fulcrum.risk.internal.Signals;
import dev.fulcrum.risk.model.LearnedScores;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
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
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The risk module's API: assessments of orders, scoring an order without placing it, allow and deny lists, versioned
 * policies with dry runs, review cases and their decisions, and outcomes. Orders change only through
 * {@link OrderManagement}'s typed actions: approving a case releases the {@code risk} hold (the order goes on to
 * sourcing), rejecting cancels it (its stock is released).
 */
@Service
public class Risk {

    static final String AUDIT_TARGET = "risk-review";

    private final AssessmentStore assessments;
    private final FeatureStore features;
    private final ListStore lists;
    private final RiskPolicyStore policies;
    private final ReviewStore reviews;
    private final OrderManagement orders;
    private final ObjectProvider<LearnedScores> learned;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Risk(
            AssessmentStore assessments,
            FeatureStore features,
            ListStore lists,
            RiskPolicyStore policies,
            ReviewStore reviews,
            OrderManagement orders,
            ObjectProvider<LearnedScores> learned,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock) {
        this.assessments = assessments;
        this.features = features;
        this.lists = lists;
        this.policies = policies;
        this.reviews = reviews;
        this.orders = orders;
        this.learned = learned;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** The order's assessment; empty for an order placed before risk was assessed. */
    @Transactional(readOnly = true)
    public Optional<RiskAssessment> assessment(OrderId order) {
        return assessments.find(order);
    }

    /**
     * Scores an order as intake would, under the active policy, without placing it and without counting it: its
     * features count it in as if it were the next order.
     */
    @Transactional(readOnly = true)
    public RiskAssessment score(NewOrder request) {
        Instant now = clock.instant();
        Order order = Order.placed(
                request, new FlowRef("standard", 1), RequestContext.require().actor(), now);
        Signals signals = Signals.of(order);
        RiskPolicy.Version policy = policies.active();
        Map<String, Double> values = new Features(features.read(List.of(signals), now)).next(signals, 0, now);
        List<RiskAssessment.ListMatch> listed = lists.matches(List.of(signals)).getFirst();
        LearnedScores model = learned.getIfAvailable();
        LearnedScores.Scored scored = model == null || !listed.isEmpty()
                ? null
                : model.score(RequestContext.require().tenantId(), values).orElse(null);
        return Scoring.assess(null, now, policy.policy(), policy.version(), signals.document(), values, listed, scored);
    }

    /** Other orders sharing the order's customer, device, IP address or shipping address, newest first. */
    @Transactional(readOnly = true)
    public List<RelatedOrder> related(OrderId order, int limitEach) {
        return assessments.related(order, limitEach);
    }

    // Lists

    @Transactional
    public RiskListEntry putListEntry(
            String kind, String value, String list, String reason, @Nullable Instant expiresAt) {
        RiskListEntry entry = lists.put(kind, value, list, reason, expiresAt);
        audit.record(
                "risk.list-entry-put",
                "risk-list",
                kind + ":" + value,
                Map.of("list", list, "reason", reason, "expiresAt", String.valueOf(expiresAt)));
        return entry;
    }

    @Transactional(readOnly = true)
    public Optional<RiskListEntry> listEntry(String kind, String value) {
        return lists.find(kind, value);
    }

    @Transactional
    public boolean deleteListEntry(String kind, String value) {
        boolean deleted = lists.delete(kind, value);
        if (deleted) {
            audit.record("risk.list-entry-deleted", "risk-list", kind + ":" + value, Map.of());
        }
        return deleted;
    }

    @Transactional(readOnly = true)
    public List<RiskListEntry> listEntries(@Nullable String kind, int limit) {
        return lists.list(kind, limit);
    }

    // Policies

    @Transactional(readOnly = true)
    public RiskPolicy.Version activePolicy() {
        return policies.active();
    }

    @Transactional(readOnly = true)
    public List<RiskPolicy.Version> policies() {
        return policies.list();
    }

    @Transactional(readOnly = true)
    public Optional<RiskPolicy.Version> policy(int version) {
        return policies.find(version);
    }

    /**
     * Stores a draft policy at this version after checking every rule compiles and evaluates to true or false on a
     * sample order.
     *
     * @throws ApiProblem 400 naming {@code rules[i].when} for a rule that does not; 409 for a version in use
     */
    @Transactional
    public RiskPolicy.Version putPolicy(int version, RiskPolicy policy) {
        if (version < 1) {
            throw ApiProblem.invalid("version", "must be 1 or more: version 0 is the shipped default");
        }
        checkRules(policy);
        RiskPolicy.Version stored = policies.putDraft(version, policy);
        audit.record("risk.policy-stored", "risk-policy", String.valueOf(version), Map.of("status", "draft"));
        return stored;
    }

    @Transactional
    public RiskPolicy.Version activatePolicy(int version) {
        RiskPolicy.Version active = policies.activate(version);
        audit.record("risk.policy-activated", "risk-policy", String.valueOf(version), Map.of());
        return active;
    }

    /** How a policy version would have decided the orders assessed in the last {@code days} days. */
    public record DryRun(
            int version,
            int days,
            int orders,
            int changed,
            Map<String, Integer> decisions,
            Map<String, Integer> changes,
            List<Example> examples) {}

    /** One order whose decision the policy would change. */
    public record Example(
            OrderId orderId,
            String decisionBefore,
            String decisionAfter,
            int scoreBefore,
            int scoreAfter,
            List<String> rulesFired) {}

    /**
     * Replays the stored features of the last {@code days} days' assessments (at most {@code limit}, newest first)
     * under a policy version: how many decisions it would change, and up to ten examples. Orders decided by a list
     * keep their decision; rules see {@code order.total} and {@code order.units} (from the features) only.
     */
    @Transactional(readOnly = true)
    public DryRun dryRun(int version, int days, int limit) {
        RiskPolicy.Version policy = policies.find(version)
                .orElseThrow(() -> ApiProblem.notFound("risk policy version " + version + " does not exist"));
        List<RiskAssessment> history = assessments.since(clock.instant().minus(Duration.ofDays(days)), limit);
        Map<String, Integer> decisions = new LinkedHashMap<>();
        RiskAssessment.DECISIONS.forEach(decision -> decisions.put(decision, 0));
        Map<String, Integer> changes = new LinkedHashMap<>();
        List<Example> examples = new ArrayList<>();
        int changed = 0;
        for (RiskAssessment before : history) {
            RiskAssessment after;
            if (!before.explanation().lists().isEmpty()) {
                after = before;
            } else {
                Map<String, Object> order = new LinkedHashMap<>();
                order.put("total", before.features().getOrDefault("orderAmount", 0.0));
                order.put("units", before.features().getOrDefault("units", 0.0));
                after = Scoring.assess(
                        before.orderId(),
                        before.assessedAt(),
                        policy.policy(),
                        version,
                        order,
                        before.features(),
                        List.of(),
                        null);
            }
            decisions.merge(after.decision(), 1, Integer::sum);
            if (!after.decision().equals(before.decision())) {
                changed++;
                changes.merge(before.decision() + "->" + after.decision(), 1, Integer::sum);
                if (examples.size() < 10) {
                    examples.add(new Example(
                            java.util.Objects.requireNonNull(before.orderId()),
                            before.decision(),
                            after.decision(),
                            before.score(),
                            after.score(),
                            after.explanation().rulesFired()));
                }
            }
        }
        return new DryRun(version, days, history.size(), changed, decisions, changes, examples);
    }

    // Reviews

    @Transactional(readOnly = true)
    public List<RiskReview> reviews(@Nullable String status, int limit) {
        return reviews.list(status, limit);
    }

    @Transactional(readOnly = true)
    public RiskReview review(UUID id) {
        return reviews.find(id).orElseThrow(() -> notFound(id));
    }

    @Transactional(readOnly = true)
    public Optional<RiskReview> reviewOf(OrderId order) {
        return reviews.ofOrder(order);
    }

    /**
     * Approves an open case: releases the order's {@code risk} hold, so sourcing allocates the stock it kept frozen
     * (or sources the order now), and records who and why.
     *
     * @throws ApiProblem 404 for an unknown case; 409 when it was decided already
     */
    @Transactional
    public RiskReview approve(UUID id, @Nullable String reason) {
        return decide(id, "approved", reason == null ? "approved by review" : reason);
    }

    /** Rejects an open case: cancels the order with the reason, which releases its stock; records who and why. */
    @Transactional
    public RiskReview reject(UUID id, @Nullable String reason) {
        return decide(id, "rejected", reason == null ? "rejected by review" : reason);
    }

    /** Decides a case as {@link #approve} or {@link #reject} do; also what the SLA job calls. */
    @Transactional
    public RiskReview decide(UUID id, String status, String reason) {
        RiskReview open = reviews.lock(id).orElseThrow(() -> notFound(id));
        if (!open.status().equals("open")) {
            throw ApiProblem.conflict("review-decided", "review " + id + " was " + open.status() + " already");
        }
        Order order = orders.get(open.orderId());
        if (status.equals("approved")) {
            if (order.holds().stream().anyMatch(hold -> hold.type().equals("risk"))) {
                orders.release(open.orderId(), "risk");
            }
        } else if (!order.status().wireName().equals("cancelled")) {
            orders.cancel(open.orderId(), "risk review rejected: " + reason);
        }
        String actor = RequestContext.require().actor();
        Instant now = clock.instant();
        RiskReview decided = reviews.decide(open, status, now, actor, reason);
        audit.record(
                "risk.review-" + status,
                AUDIT_TARGET,
                id.toString(),
                Map.of("orderId", open.orderId().toString(), "reason", reason));
        events.publishEvent(new RiskEvent.ReviewDecided(decided, now));
        return decided;
    }

    // Outcomes

    public static final List<String> OUTCOMES = List.of("fraud", "chargeback", "legitimate");

    /** Records what became of an assessed order; a later outcome replaces an earlier one. */
    @Transactional
    public void recordOutcome(OrderId order, String outcome) {
        if (orders.find(order).isEmpty()) {
            throw ApiProblem.notFound("order " + order + " does not exist");
        }
        String actor = RequestContext.require().actor();
        assessments.recordOutcome(order, outcome, clock.instant(), actor);
        audit.record("risk.outcome-recorded", "order", order.toString(), Map.of("outcome", outcome));
    }

    private static void checkRules(RiskPolicy policy) {
        Map<String, Double> sample = new Features(Map.of())
                .next(
                        new Signals(
                                null,
                                "C-1",
                                "a@example.com",
                                "example.com",
                                "12345678",
                                "D-1",
                                "10.0.0.1",
                                "0".repeat(64),
                                "bin:411111",
                                "411111",
                                Instant.EPOCH,
                                false,
                                false,
                                100.0,
                                "CNY",
                                "web",
                                "CN",
                                List.of("SKU-1"),
                                1,
                                List.of()),
                        0,
                        Instant.EPOCH.plus(Duration.ofDays(1)));
        Map<String, Object> variables = Map.of(
                "order",
                new Signals(
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "",
                                null,
                                null,
                                null,
                                false,
                                false,
                                100.0,
                                "CNY",
                                "web",
                                "CN",
                                List.of("SKU-1"),
                                1,
                                List.of())
                        .document(),
                "features",
                sample);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < policy.rules().size(); i++) {
            RiskPolicy.Rule rule = policy.rules().get(i);
            if (names.contains(rule.name())) {
                throw ApiProblem.invalid("rules[" + i + "].name", "repeats rule " + rule.name());
            }
            names.add(rule.name());
            try {
                Expressions.condition(rule.when(), Scoring.VARIABLES).test(variables);
            } catch (Expressions.InvalidExpression invalid) {
                throw ApiProblem.invalid(
                        "rules[" + i + "].when",
                        invalid.getMessage() + " (features and order values are decimals: write 6.0, not 6)");
            }
        }
    }

    private static ApiProblem notFound(UUID id) {
        return ApiProblem.notFound("review " + id + " does not exist");
    }
}
