package dev.fulcrum.risk.internal;

import dev.fulcrum.catalog.Catalog;
import dev.fulcrum.catalog.Item;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrdersPlaced;
import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskEvent;
import dev.fulcrum.risk.RiskPolicy;
import dev.fulcrum.risk.RiskReview;
import dev.fulcrum.risk.model.LearnedScores;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Assesses every placed order in its placing transaction, set-based per batch, and acts on the decision. Runs just
 * before the transaction commits ({@code BEFORE_COMMIT}) ahead of sourcing (highest precedence; sourcing's listeners
 * have the lowest): after every synchronous listener, so that {@code order.placed} is in the public log before the
 * {@code order.held} or {@code order.cancelled} a decision causes, and before stock is allocated (ADR 0117).
 */
@Component
class IntakeAssessment {

    private final FeatureStore features;
    private final ListStore lists;
    private final RiskPolicyStore policies;
    private final AssessmentStore assessments;
    private final ReviewStore reviews;
    private final Catalog catalog;
    private final OrderManagement orders;
    private final ObjectProvider<LearnedScores> learned;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    /** Off ({@code fulcrum.risk.enabled=false}), no order is assessed at intake: to measure intake without it. */
    private final boolean enabled;

    IntakeAssessment(
            FeatureStore features,
            ListStore lists,
            RiskPolicyStore policies,
            AssessmentStore assessments,
            ReviewStore reviews,
            Catalog catalog,
            OrderManagement orders,
            ObjectProvider<LearnedScores> learned,
            ApplicationEventPublisher events,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${fulcrum.risk.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.features = features;
        this.lists = lists;
        this.policies = policies;
        this.assessments = assessments;
        this.reviews = reviews;
        this.catalog = catalog;
        this.orders = orders;
        this.learned = learned;
        this.events = events;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    @org.springframework.core.annotation.Order(Ordered.HIGHEST_PRECEDENCE)
    void on(OrdersPlaced batch) {
        if (!enabled) {
            return;
        }
        assessAndDecide(batch.orders());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    @org.springframework.core.annotation.Order(Ordered.HIGHEST_PRECEDENCE)
    void on(OrderEvent.OrderPlaced placed) {
        if (!enabled) {
            return;
        }
        assessAndDecide(List.of(placed.order()));
    }

    private void assessAndDecide(List<Order> placed) {
        if (placed.isEmpty()) {
            return;
        }
        RiskPolicy.Version policy = policies.active();
        List<RiskAssessment> assessed = assess(placed, policy);
        Instant now = clock.instant();
        Duration sla = Duration.ofMinutes(Math.max(1, policy.policy().reviewSlaMinutes()));
        for (RiskAssessment assessment : assessed) {
            var orderId = java.util.Objects.requireNonNull(assessment.orderId());
            switch (assessment.decision()) {
                case "reject" ->
                    orders.cancel(orderId, "risk: " + assessment.explanation().summary());
                case "review" -> {
                    orders.hold(orderId, "risk", assessment.explanation().summary());
                    RiskReview review = new RiskReview(
                            Ids.timeOrdered(),
                            orderId,
                            "open",
                            assessment.score(),
                            now,
                            now.plus(sla),
                            null,
                            null,
                            null,
                            null);
                    reviews.insert(review);
                    events.publishEvent(new RiskEvent.ReviewOpened(review, now));
                }
                default -> {
                    // accepted: sourcing goes on as for any order
                }
            }
        }
    }

    /**
     * Assesses placed orders: reads the windows of every value they name and their list matches in one statement each,
     * scores each in memory (counting in the ones before it in the batch), counts the batch in and stores the
     * assessments with one statement each, and publishes those that send an order to review or reject it.
     */
    List<RiskAssessment> assess(List<Order> placed, RiskPolicy.Version policy) {
        Instant now = clock.instant();
        List<Signals> signals = placed.stream().map(Signals::of).toList();
        Features computed = new Features(features.read(signals, now));
        List<List<RiskAssessment.ListMatch>> matches = lists.matches(signals);
        Set<String> highRisk = highRiskSkus(signals, policy.policy());
        LearnedScores model = learned.getIfAvailable();
        List<RiskAssessment> assessed = new ArrayList<>(placed.size());
        for (int i = 0; i < signals.size(); i++) {
            Signals order = signals.get(i);
            int highRiskItems = highRisk.isEmpty()
                    ? 0
                    : (int) order.skus().stream().filter(highRisk::contains).count();
            Map<String, Double> values = computed.next(order, highRiskItems, now);
            List<RiskAssessment.ListMatch> listed = matches.get(i);
            LearnedScores.Scored scored = model == null || !listed.isEmpty()
                    ? null
                    : model.score(RequestContext.require().tenantId(), values).orElse(null);
            assessed.add(Scoring.assess(
                    order.orderId(), now, policy.policy(), policy.version(), order.document(), values, listed, scored));
        }
        features.record(signals, now, assessments.insertParameters(assessed, signals, policy.policy()));
        // Public only where the assessment changes the order's course: an accepted order's events stay exactly as
        // without risk (its assessment is at GET /api/v1/orders/{id}/risk), and intake writes no extra event per order.
        List<RiskAssessment> decisive = assessed.stream()
                .filter(one -> !one.decision().equals("accept"))
                .toList();
        if (!decisive.isEmpty()) {
            events.publishEvent(new RiskEvent.OrdersRiskAssessed(decisive, now));
        }
        return assessed;
    }

    /** The SKUs of these orders in a category the policy counts as high-risk; no catalogue read when it names none. */
    private Set<String> highRiskSkus(List<Signals> orders, RiskPolicy policy) {
        if (policy.highRiskCategories().isEmpty()) {
            return Set.of();
        }
        Set<Sku> skus = new HashSet<>();
        orders.forEach(order -> order.skus().forEach(sku -> skus.add(new Sku(sku))));
        Set<String> risky = new HashSet<>();
        for (Map.Entry<Sku, Item> item : catalog.findAll(skus).entrySet()) {
            @Nullable String category = item.getValue().category();
            if (category != null && policy.highRiskCategories().contains(category)) {
                risky.add(item.getKey().value());
            }
        }
        return risky;
    }
}
