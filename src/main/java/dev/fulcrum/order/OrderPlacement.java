package dev.fulcrum.order;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.contracts.ContractChecks;
import dev.fulcrum.contracts.ContractViolation;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Order intake: turns orders that passed the data contract into placed orders, one at a time or many in one
 * transaction with batched inserts, and publishes their {@link OrderEvent.OrderPlaced} (one {@link OrdersPlaced} for a
 * batch) with an audit entry each. Changes to placed orders are {@link OrderManagement#apply}'s.
 */
@Component
class OrderPlacement {

    private final Orders orders;
    private final Flows flows;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ContractChecks contracts;

    OrderPlacement(
            Orders orders,
            Flows flows,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            ContractChecks contracts) {
        this.orders = orders;
        this.contracts = contracts;
        this.flows = flows;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /** See {@link OrderManagement#place}; runs in the caller's transaction. */
    Order place(NewOrder request) {
        ContractChecks.Verdicts verdicts =
                contracts.check(OrderContractView.CONTRACT, List.of(OrderContractView.of(request)));
        ContractChecks.Verdict verdict = verdicts.get(0);
        if (verdict.refused()) {
            throw refusedByContract(verdicts, verdict);
        }
        orders.findIdByExternalId(request.channel(), request.externalId()).ifPresent(existing -> {
            throw ApiProblem.conflict(
                    "duplicate-order",
                    "channel " + request.channel() + " already sent order " + request.externalId() + ": it is order "
                            + existing);
        });
        Order order = flows.start(Order.placed(request, flows.activeStandardFlow(), actor(), clock.instant()));
        orders.insert(order, 1);
        if (!verdict.soft().isEmpty()) {
            contracts.recordFlags(
                    verdicts.contract(), verdicts.version(), Map.of(order.id().value(), verdict.soft()));
        }
        RequestContext context = RequestContext.require();
        orders.insertChanges(List.of(placedChange(order, context)));
        events.publishEvent(new OrderEvent.OrderPlaced(order, 1, order.createdAt()));
        AuditLog.Change entry = placedEntry(order);
        audit.record(entry.action(), entry.targetType(), entry.targetId(), entry.details());
        return order;
    }

    /** See {@link OrderManagement#placeEach}; runs in the caller's transaction. */
    List<OrderManagement.Placement> placeEach(List<NewOrder> requests, List<RequestContext> contexts) {
        if (requests.isEmpty()) {
            return List.of();
        }
        Set<String> placedBefore = new HashSet<>();
        orders.findExisting(requests).forEach(existing -> placedBefore.add(identity(existing)));
        Set<String> seen = new HashSet<>();
        Instant now = clock.instant();
        FlowRef flow = flows.activeStandardFlow();
        // One check of the whole batch against the cached, compiled contract: no SQL unless a soft rule failed.
        ContractChecks.Verdicts verdicts = contracts.check(
                OrderContractView.CONTRACT,
                requests.stream().map(OrderContractView::of).toList());
        Map<UUID, List<ContractViolation>> flags = new HashMap<>();
        List<OrderManagement.Placement> placements = new ArrayList<>(requests.size());
        List<Order> placed = new ArrayList<>(requests.size());
        List<RequestContext> placedContexts = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            NewOrder request = requests.get(i);
            String identity = identity(request);
            ContractChecks.Verdict verdict = verdicts.get(i);
            if (verdict.refused()) {
                placements.add(OrderManagement.Placement.refused(refusedByContract(verdicts, verdict)));
            } else if (placedBefore.contains(identity)) {
                placements.add(OrderManagement.Placement.refused(ApiProblem.conflict(
                        "duplicate-order",
                        "channel " + request.channel() + " already sent order " + request.externalId())));
            } else if (!seen.add(identity)) {
                placements.add(OrderManagement.Placement.refused(ApiProblem.conflict(
                        "duplicate-order",
                        "order " + request.externalId() + " of channel " + request.channel()
                                + " appears twice in the batch")));
            } else {
                Order order =
                        flows.start(Order.placed(request, flow, contexts.get(i).actor(), now));
                placements.add(OrderManagement.Placement.placed(order));
                placed.add(order);
                if (!verdict.soft().isEmpty()) {
                    flags.put(order.id().value(), verdict.soft());
                }
                placedContexts.add(contexts.get(i));
            }
        }
        if (!placed.isEmpty()) {
            orders.insertAll(placed);
            contracts.recordFlags(verdicts.contract(), verdicts.version(), flags);
            List<Orders.RecordedChange> changes = new ArrayList<>(placed.size());
            for (int i = 0; i < placed.size(); i++) {
                changes.add(placedChange(placed.get(i), placedContexts.get(i)));
            }
            orders.insertChanges(changes);
            events.publishEvent(new OrdersPlaced(placed.stream()
                    .map(order -> new OrderEvent.OrderPlaced(order, 1, order.createdAt()))
                    .toList()));
            audit.recordAll(placed.stream().map(OrderPlacement::placedEntry).toList(), placedContexts);
        }
        return placements;
    }

    /** A 400 naming each hard rule of the order contract the order breaks, as {@code errors[].rule}. */
    private static ApiProblem refusedByContract(ContractChecks.Verdicts verdicts, ContractChecks.Verdict verdict) {
        return ApiProblem.invalid(verdict.hard().stream()
                .map(violation -> new FieldProblem(
                        violation.field(),
                        "breaks rule " + violation.rule() + " of contract " + verdicts.contract() + " v"
                                + verdicts.version() + ": " + violation.message(),
                        violation.rule()))
                .toList());
    }

    private static String identity(NewOrder request) {
        return request.channel() + "\u0000" + request.externalId();
    }

    private static Orders.RecordedChange placedChange(Order order, RequestContext context) {
        return new Orders.RecordedChange(
                order.id(),
                1,
                new OrderChange("place", List.of(), placedDetails(order), context.actor(), order.createdAt()),
                context.requestId());
    }

    static AuditLog.Change placedEntry(Order order) {
        return new AuditLog.Change(
                "order.placed", OrderManagement.TARGET, order.id().toString(), placedDetails(order));
    }

    private static Map<String, Object> placedDetails(Order order) {
        return Map.of(
                "channel",
                order.channel(),
                "externalId",
                order.externalId(),
                "total",
                order.total().toPlainString() + " " + order.currency(),
                "status",
                order.status().wireName());
    }

    private static String actor() {
        return RequestContext.require().actor();
    }
}
