package dev.fulcrum.compliance.internal;

import dev.fulcrum.catalog.Catalog;
import dev.fulcrum.catalog.Item;
import dev.fulcrum.compliance.CompliancePolicies;
import dev.fulcrum.compliance.CompliancePolicy;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderAction;
import dev.fulcrum.order.OrderEvent;
import dev.fulcrum.order.OrderLine;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrdersPlaced;
import dev.fulcrum.shared.Money;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Checks orders placed in the current transaction against the active compliance policy and holds those that fail
 * ({@code compliance}, every reason joined in the hold's reason), set-based per batch: one read of the policy, of the
 * catalogue items and (when cross-border checks apply) of the locations, and one statement for the per-person totals.
 *
 * <p>Runs just before the placing transaction commits, ahead of every other listener of that phase (sourcing among
 * them): the public {@code order.placed} events are written by then, so {@code order.held} follows them in the log,
 * and sourcing finds the order held and leaves its stock alone (ADR 0121).
 */
@Component
class IntakeScreening {

    /** Before sourcing, which runs at the default (lowest) precedence in the same phase. */
    static final int BEFORE_SOURCING = 0;

    static final String HOLD = "compliance";
    static final String ACTOR = "compliance";

    /** The most reasons one hold spells out, so that its reason stays readable. */
    static final int REASONS_SHOWN = 10;

    private static final Logger LOG = LoggerFactory.getLogger(IntakeScreening.class);

    private final CompliancePolicies policies;
    private final Catalog catalog;
    private final Locations locations;
    private final OrderManagement orders;
    private final PersonTotals totals;
    private final MeterRegistry meters;
    private final Clock clock;

    /** Off ({@code fulcrum.compliance.enabled=false}) no order is checked at intake: for measuring intake without it. */
    private final boolean enabled;

    IntakeScreening(
            CompliancePolicies policies,
            Catalog catalog,
            Locations locations,
            OrderManagement orders,
            PersonTotals totals,
            MeterRegistry meters,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${fulcrum.compliance.enabled:true}") boolean enabled) {
        this.enabled = enabled;
        this.policies = policies;
        this.catalog = catalog;
        this.locations = locations;
        this.orders = orders;
        this.totals = totals;
        this.meters = meters;
        this.clock = clock;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    @org.springframework.core.annotation.Order(BEFORE_SOURCING)
    void on(OrdersPlaced batch) {
        if (!enabled) {
            return;
        }
        holdFailing(batch.orders());
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    @org.springframework.core.annotation.Order(BEFORE_SOURCING)
    void on(OrderEvent.OrderPlaced placed) {
        if (!enabled) {
            return;
        }
        holdFailing(List.of(placed.order()));
    }

    private void holdFailing(List<Order> placed) {
        if (placed.isEmpty()) {
            return;
        }
        CompliancePolicy.Version active = policies.active();
        Map<OrderId, List<String>> reasons = screen(placed, active);
        reasons.forEach((id, why) -> hold(
                placed.stream()
                        .filter(order -> order.id().equals(id))
                        .findFirst()
                        .orElseThrow(),
                summary(why) + " (compliance policy v" + active.version() + ")"));
    }

    /** The reasons joined; past {@value #REASONS_SHOWN} (an order of many restricted lines), how many more. */
    static String summary(List<String> why) {
        if (why.size() <= REASONS_SHOWN) {
            return String.join("; ", why);
        }
        return String.join("; ", why.subList(0, REASONS_SHOWN)) + "; and " + (why.size() - REASONS_SHOWN) + " more";
    }

    /** Each failing order's reasons, in batch order; orders that pass are left out. */
    Map<OrderId, List<String>> screen(List<Order> placed, CompliancePolicy.Version active) {
        CompliancePolicy policy = active.policy();
        Supplier<Map<Sku, Item>> items = memo(() -> catalog.findAll(placed.stream()
                .flatMap(order -> order.lines().stream())
                .map(line -> new Sku(line.sku()))
                .distinct()
                .toList()));
        Supplier<Set<String>> home = memo(() -> policy.homeCountries().isEmpty()
                ? new HashSet<>(
                        locations.list(true).stream().map(Location::country).toList())
                : Set.copyOf(policy.homeCountries()));
        Map<OrderId, List<String>> reasons = new LinkedHashMap<>();
        Map<PersonTotals.Key, List<Order>> yearly = new LinkedHashMap<>();
        for (Order order : placed) {
            List<String> why = new ArrayList<>();
            String destination = order.shippingAddress().country();
            if (policy.blockedDestinations().contains(destination)) {
                why.add("destination " + destination + " is not served (sanctioned or unserved)");
            }
            boolean itemChecks = policy.restrictedItems()
                    || !policy.hazardousBlockedCountries().isEmpty();
            boolean crossBorderChecks = !policy.limitsFor(destination).isEmpty()
                    || policy.identityNumberRequired().contains(destination)
                    || policy.hazardousBlockedCountries().contains("*");
            boolean crossBorder =
                    crossBorderChecks && !home.get().isEmpty() && !home.get().contains(destination);
            if (itemChecks) {
                for (OrderLine line : order.lines()) {
                    Item item = items.get().get(new Sku(line.sku()));
                    if (item == null) {
                        continue;
                    }
                    if (policy.restrictedItems() && item.restrictedCountries().contains(destination)) {
                        why.add("SKU " + line.sku() + " may not be shipped to " + destination
                                + " (restricted in the catalogue)");
                    }
                    if (item.hazardous()
                            && (policy.hazardousBlockedCountries().contains(destination)
                                    || (crossBorder
                                            && policy.hazardousBlockedCountries()
                                                    .contains("*")))) {
                        why.add("SKU " + line.sku() + " is hazardous and may not be shipped to " + destination);
                    }
                }
            }
            if (crossBorder) {
                if (policy.identityNumberRequired().contains(destination)) {
                    String number = identityNumber(order);
                    if (number == null) {
                        why.add("customs data missing: attributes.customs.identityNumber (the recipient's identity "
                                + "number) is required for cross-border orders to " + destination);
                    } else {
                        String problem = IdentityNumbers.problem(number);
                        if (problem != null) {
                            why.add("attributes.customs.identityNumber is not a valid identity number: " + problem);
                        }
                    }
                }
                List<CompliancePolicy.CrossBorderLimit> limits = policy.limitsFor(destination);
                if (!limits.isEmpty()) {
                    CompliancePolicy.CrossBorderLimit limit =
                            policy.limitFor(destination, order.currency()).orElse(null);
                    if (limit == null) {
                        why.add("declared value in " + order.currency()
                                + " cannot be checked: the cross-border limits for " + destination + " are in "
                                + limits.stream()
                                        .map(CompliancePolicy.CrossBorderLimit::currency)
                                        .toList());
                    } else {
                        BigDecimal value = order.total().amount();
                        BigDecimal perOrder = limit.perOrder();
                        if (perOrder != null && value.compareTo(perOrder) > 0) {
                            why.add("declared value " + value.toPlainString() + " " + order.currency()
                                    + " is over the cross-border limit of " + perOrder.toPlainString() + " "
                                    + limit.currency() + " per order to " + destination);
                        }
                        String person = person(order);
                        if (why.isEmpty() && limit.perPersonPerYear() != null && person != null) {
                            yearly.computeIfAbsent(
                                            new PersonTotals.Key(
                                                    destination,
                                                    person,
                                                    order.placedAt()
                                                            .atZone(ZoneOffset.UTC)
                                                            .getYear(),
                                                    order.currency()),
                                            key -> new ArrayList<>())
                                    .add(order);
                        }
                    }
                }
            }
            if (!why.isEmpty()) {
                reasons.put(order.id(), why);
            }
        }
        overYearlyLimits(yearly, policy).forEach((id, why) -> reasons.put(id, List.of(why)));
        return reasons;
    }

    /**
     * Adds the orders that passed every other check to their person's yearly totals, then takes back each order that
     * took its person over the limit, in batch order: the orders before it count, it and the ones it would have pushed
     * over do not. Two statements at most, whatever the batch size.
     */
    private Map<OrderId, String> overYearlyLimits(Map<PersonTotals.Key, List<Order>> yearly, CompliancePolicy policy) {
        if (yearly.isEmpty()) {
            return Map.of();
        }
        Instant now = clock.instant();
        Map<PersonTotals.Key, BigDecimal> added = new LinkedHashMap<>();
        yearly.forEach((key, of) -> added.put(
                key, of.stream().map(order -> order.total().amount()).reduce(BigDecimal.ZERO, BigDecimal::add)));
        Map<PersonTotals.Key, BigDecimal> after = totals.add(added, now);
        Map<OrderId, String> over = new LinkedHashMap<>();
        Map<PersonTotals.Key, BigDecimal> takenBack = new LinkedHashMap<>();
        yearly.forEach((key, of) -> {
            // Only orders with a yearly limit in their currency were collected.
            BigDecimal limit = java.util.Objects.requireNonNull(policy.limitFor(key.destination(), key.currency())
                    .orElseThrow()
                    .perPersonPerYear());
            // Totals are stored with 4 decimals; reasons show amounts in the currency's own minor unit.
            int digits = Money.minorDigits(Currency.getInstance(key.currency()));
            BigDecimal running = after.getOrDefault(key, BigDecimal.ZERO)
                    .subtract(java.util.Objects.requireNonNull(added.get(key)))
                    .setScale(digits, RoundingMode.HALF_EVEN);
            for (Order order : of) {
                BigDecimal value = order.total().amount();
                if (running.add(value).compareTo(limit) > 0) {
                    over.put(
                            order.id(),
                            "declared value " + value.toPlainString() + " " + key.currency()
                                    + " would take this person's cross-border orders to " + key.destination() + " in "
                                    + key.year() + " to " + running.add(value).toPlainString() + " "
                                    + key.currency() + ", over the limit of " + limit.toPlainString() + " per year");
                    takenBack.merge(key, value.negate(), BigDecimal::add);
                } else {
                    running = running.add(value);
                }
            }
        });
        totals.add(takenBack, now);
        return over;
    }

    private void hold(Order order, String reason) {
        RequestContext request = RequestContext.require();
        new RequestContext(request.tenantId(), ACTOR, request.requestId()).run(() -> {
            OrderAction.Hold hold = new OrderAction.Hold(HOLD, reason);
            if (!orders.allows(order, hold)) {
                // A flow that forbids holds right after placement: say so loudly rather than refuse the whole batch.
                LOG.warn("order {} fails compliance but its flow does not allow a hold: {}", order.id(), reason);
                meters.counter("fulcrum.compliance.holds", "outcome", "refused-by-flow")
                        .increment();
                return;
            }
            orders.apply(order.id(), hold);
            meters.counter("fulcrum.compliance.holds", "outcome", "held").increment();
        });
    }

    /** {@code attributes.customs.identityNumber}, when the order has one. */
    static @Nullable String identityNumber(Order order) {
        if (order.attributes().get("customs") instanceof Map<?, ?> customs
                && customs.get("identityNumber") instanceof String number
                && !number.isBlank()) {
            return number.strip();
        }
        return null;
    }

    /**
     * Whose yearly total an order counts towards: the recipient's identity number, else the customer's id in the
     * channel, else their email; null when the order names none of them (no yearly limit applies then).
     */
    static @Nullable String person(Order order) {
        String number = identityNumber(order);
        String email = order.customer().email();
        String person = number != null
                ? "id:" + number.toUpperCase(java.util.Locale.ROOT)
                : order.customer().id() != null
                        ? "customer:" + order.channel() + ":" + order.customer().id()
                        : email != null ? "email:" + email.strip().toLowerCase(java.util.Locale.ROOT) : null;
        // Kept as a SHA-256 digest: the totals table needs to tell people apart, not to know who they are.
        return person == null ? null : sha256(person);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    private static <T> Supplier<T> memo(Supplier<T> compute) {
        return new Supplier<>() {
            private @Nullable T value;

            @Override
            public T get() {
                T known = value;
                if (known == null) {
                    known = compute.get();
                    value = known;
                }
                return known;
            }
        };
    }
}
