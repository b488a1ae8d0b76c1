package dev.fulcrum.sourcing;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.sourcing.engine.Weights;
import dev.fulcrum.sourcing.internal.Decisions;
import dev.fulcrum.sourcing.internal.OrderSourcing;
import dev.fulcrum.sourcing.internal.ProfileDefinition;
import dev.fulcrum.sourcing.internal.Profiles;
import dev.fulcrum.sourcing.internal.Simulations;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sourcing module's API for other modules (the console): an order's decision, profile versions (read, put a
 * draft from its JSON, activate) and shadow simulations. Every rule stays in the module; this class only translates
 * to shapes that name no internal type.
 */
@Service
public class SourcingManagement {

    /** How many recent orders a simulation replays when asked for "the last N" at most. */
    public static final int MAX_ORDERS = Simulations.MAX_ORDERS;

    private final Decisions decisions;
    private final Profiles profiles;
    private final Simulations simulations;
    private final JsonMapper json;
    private final Clock clock;
    private final OrderSourcing orderSourcing;

    SourcingManagement(
            Decisions decisions,
            Profiles profiles,
            Simulations simulations,
            JsonMapper json,
            Clock clock,
            OrderSourcing orderSourcing) {
        this.orderSourcing = orderSourcing;
        this.decisions = decisions;
        this.profiles = profiles;
        this.simulations = simulations;
        this.json = json;
        this.clock = clock;
    }

    /**
     * One version of a profile: status {@code draft}, {@code active} or {@code retired}, its strategies in order, the
     * fallback, and the whole definition as indented JSON (the shape {@code PUT /api/v1/sourcing/profiles/{name}} takes).
     */
    public record ProfileVersion(
            String name,
            int version,
            String status,
            @Nullable String description,
            List<StrategySummary> strategies,
            String fallback,
            String definitionJson,
            Instant createdAt,
            @Nullable Instant activatedAt) {

        public boolean isDraft() {
            return "draft".equals(status);
        }

        public boolean isActive() {
            return "active".equals(status);
        }
    }

    /** A strategy as people read it: the condition, the constraints and the objective with its effective weights. */
    public record StrategySummary(
            String name,
            @Nullable String when,
            String objective,
            ObjectiveWeights weights,
            int maxShipments,
            @Nullable List<String> locationTypes,
            boolean respectCapacity,
            boolean usePreferredCarrier,
            @Nullable String locationFilter) {}

    /** The weights a strategy's objective puts on cost, delivery time, carbon, extra shipments and location load. */
    public record ObjectiveWeights(double cost, double time, double carbon, double shipments, double load) {}

    /** The objective presets and their weights, in the order the guide lists them. */
    public static Map<String, ObjectiveWeights> presets() {
        Map<String, ObjectiveWeights> presets = new java.util.LinkedHashMap<>();
        Weights.PRESETS.forEach((name, w) -> presets.put(name, weights(w)));
        return presets;
    }

    /** The current decision of an order with its trace; empty when sourcing has not decided anything for it. */
    @Transactional(readOnly = true)
    public Optional<SourcingDecision> decision(OrderId orderId) {
        return decisions.current(orderId);
    }

    /** Every version of every profile of the tenant (installing the standard profile for a new tenant). */
    @Transactional
    public List<ProfileVersion> profiles() {
        return profiles.list().stream().map(this::version).toList();
    }

    /** One version of a profile. @throws ApiProblem 404 when the profile has no such version */
    @Transactional(readOnly = true)
    public ProfileVersion profile(String name, int version) {
        return version(profiles.get(name, version));
    }

    /** The profile's draft version, if it has one. */
    @Transactional(readOnly = true)
    public Optional<ProfileVersion> draft(String name) {
        return profiles.versions(name).stream()
                .filter(p -> p.status().equals("draft"))
                .findFirst()
                .map(this::version);
    }

    /**
     * Stores a definition given as JSON text as the profile's draft (replacing its draft or adding the next version).
     *
     * @throws ApiProblem 400 naming each field that is wrong ({@code definition} when the text is not a profile at all)
     */
    @Transactional
    public ProfileVersion putDraft(String name, String definitionJson) {
        JsonNode body;
        try {
            body = json.readTree(definitionJson);
        } catch (RuntimeException unreadable) {
            throw ApiProblem.invalid("body", "is not JSON: " + firstLine(unreadable.getMessage()));
        }
        return putDraft(name, body);
    }

    /**
     * Stores a definition as the profile's draft. A missing fallback means {@code backorder}.
     *
     * @throws ApiProblem 400 naming each field that is wrong
     */
    @Transactional
    public ProfileVersion putDraft(String name, JsonNode body) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw ApiProblem.invalid("name", "must be lower-case letters, digits and '-' (at most 63)");
        }
        if (body == null || !body.isObject()) {
            throw ApiProblem.invalid("body", "must be a JSON object with strategies and a fallback");
        }
        ProfileDefinition definition;
        try {
            definition = json.treeToValue(body, ProfileDefinition.class);
        } catch (RuntimeException unreadable) {
            throw ApiProblem.invalid("body", "is not a sourcing profile: " + firstLine(unreadable.getMessage()));
        }
        if (definition.fallback() == null) {
            definition = new ProfileDefinition(
                    definition.description(),
                    definition.strategies(),
                    "backorder",
                    definition.requireRateCard(),
                    definition.batchServes());
        }
        return version(profiles.putDraft(name, definition));
    }

    /**
     * Makes the version the one that decides every future order; the previously active version is retired.
     *
     * A retired version becomes active again; a running canary rollout of the profile completes.
     *
     * @throws ApiProblem 404 for a version that does not exist
     */
    @Transactional
    public ProfileVersion activate(String name, int version) {
        return version(profiles.activateInFull(name, version));
    }

    /**
     * Replays the given orders, or those decided in [from, to) when no ids are given, through a profile version
     * without reserving anything, and compares with what was decided. The wire shape of
     * {@code POST /api/v1/sourcing/simulations}: profile, version, status, orders, decided and simulated totals (cost,
     * shipmentsPerOrder, promisedDaysAverage, carbonGrams, unfillableOrders), changedOrders and differences.
     */
    public Map<String, Object> simulate(String profile, int version, List<OrderId> orderIds, Instant from, Instant to) {
        return simulations.simulate(profile, version, orderIds, from, to);
    }

    /** Like {@link #simulate}, over the {@code count} orders decided most recently (at most {@link #MAX_ORDERS}). */
    @Transactional(readOnly = true)
    public Map<String, Object> simulateLatest(String profile, int version, int count) {
        if (count < 1 || count > MAX_ORDERS) {
            throw ApiProblem.invalid("count", "must be between 1 and " + MAX_ORDERS);
        }
        List<OrderId> latest = decisions.latestDecided(count);
        if (latest.isEmpty()) {
            return simulations.simulate(profile, version, List.of(), clock.instant(), clock.instant());
        }
        return simulations.simulate(profile, version, latest, Instant.EPOCH, Instant.EPOCH);
    }

    /**
     * Sources the order again under the active profile: releases what it holds (its decision becomes
     * {@code released}) and decides anew, as a paid order without holds is decided. Empty when there is nothing to
     * decide (unpaid, on hold, nothing open, or no active location).
     */
    @Transactional
    public Optional<SourcingDecision> resource(OrderId orderId) {
        orderSourcing.release(orderId, "released", "sourced again on request");
        return orderSourcing.reconcile(orderId);
    }

    private ProfileVersion version(Profiles.StoredProfile stored) {
        ProfileDefinition definition = stored.definition();
        List<StrategySummary> strategies = definition.strategies().stream()
                .map(strategy -> new StrategySummary(
                        strategy.name(),
                        strategy.when(),
                        strategy.objectiveOrDefault(),
                        weights(strategy.weightsOrPreset()),
                        strategy.maxShipmentsOrDefault(),
                        strategy.locationTypes(),
                        strategy.respectCapacity() == null || strategy.respectCapacity(),
                        strategy.usePreferredCarrier() == null || strategy.usePreferredCarrier(),
                        strategy.locationFilter()))
                .toList();
        String text = json.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
        return new ProfileVersion(
                stored.name(),
                stored.version(),
                stored.status(),
                definition.description(),
                strategies,
                definition.fallback(),
                text,
                stored.createdAt(),
                stored.activatedAt());
    }

    private static ObjectiveWeights weights(Weights w) {
        return new ObjectiveWeights(w.cost(), w.time(), w.carbon(), w.shipments(), w.load());
    }

    private static String firstLine(@Nullable String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
