package dev.fulcrum.order;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Expressions;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flows of each tenant: versioned, immutable once stored, one active per name. A tenant's first order installs
 * the standard flow (shipped in {@code flows/standard.json}). Decides whether an action is allowed on an order.
 */
@Service
public class Flows implements FlowRules {

    public static final String STANDARD = "standard";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, FlowDefinition> definitions = new ConcurrentHashMap<>();
    private final Map<TenantId, FlowRef> activeStandard = new ConcurrentHashMap<>();

    Flows(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** The active version of the standard flow for the current tenant, installing version 1 if there is none. */
    @Transactional
    public FlowRef activeStandardFlow() {
        TenantId tenant = RequestContext.require().tenantId();
        FlowRef cached = activeStandard.get(tenant);
        if (cached != null) {
            return cached;
        }
        FlowRef active = findActive(STANDARD).orElseGet(() -> {
            FlowDefinition standard = shippedStandard();
            jdbc.sql("""
                    insert into flows (tenant_id, name, version, definition, active, created_at)
                    values (?, ?, 1, ?::jsonb, true, ?) on conflict do nothing""")
                    .params(
                            tenant.value(),
                            STANDARD,
                            json.writeValueAsString(standard),
                            Timestamp.from(clock.instant()))
                    .update();
            return findActive(STANDARD).orElseThrow();
        });
        activeStandard.put(tenant, active);
        return active;
    }

    /** Stores a new version of a flow and makes it the active one; orders placed before keep their version. */
    @Transactional
    public FlowRef publish(FlowDefinition definition) {
        validate(definition);
        TenantId tenant = RequestContext.require().tenantId();
        int version = jdbc.sql("select coalesce(max(version), 0) + 1 from flows where tenant_id = ? and name = ?")
                .params(tenant.value(), definition.name())
                .query(Integer.class)
                .single();
        jdbc.sql("update flows set active = false where tenant_id = ? and name = ?")
                .params(tenant.value(), definition.name())
                .update();
        jdbc.sql("""
                insert into flows (tenant_id, name, version, definition, active, created_at)
                values (?, ?, ?, ?::jsonb, true, ?)""")
                .params(
                        tenant.value(),
                        definition.name(),
                        version,
                        json.writeValueAsString(definition),
                        Timestamp.from(clock.instant()))
                .update();
        activeStandard.remove(tenant);
        return new FlowRef(definition.name(), version);
    }

    /** Every stored version of the current tenant's flows. */
    @Transactional(readOnly = true)
    public List<StoredFlow> list() {
        return jdbc.sql(
                        "select name, version, active, definition from flows where tenant_id = ? order by name, version")
                .params(RequestContext.require().tenantId().value())
                .query((rs, row) -> new StoredFlow(
                        new FlowRef(rs.getString("name"), rs.getInt("version")),
                        rs.getBoolean("active"),
                        json.readValue(rs.getString("definition"), FlowDefinition.class)))
                .list();
    }

    /**
     * Whether the flow of the order allows the action in its current status with every guard holding; when it does,
     * the flow's effects (add a tag) are what it does to the changed order.
     */
    @Override
    public FlowRules.Step step(Order order, String action) {
        return step(definition(order.flow()), order, action);
    }

    /** The answer of one flow definition, without storage: what {@link #step(Order, String)} answers once loaded. */
    public static FlowRules.Step step(FlowDefinition flow, Order order, String action) {
        String status = order.status().wireName();
        String version = " (flow " + order.flow().name() + " v" + order.flow().version() + ")";
        java.util.Optional<FlowDefinition.Transition> found = flow.transitions().stream()
                .filter(candidate ->
                        candidate.action().equals(action) && candidate.from().contains(status))
                .findFirst();
        if (found.isEmpty()) {
            return new FlowRules.Forbidden(
                    "cannot " + action + " an order that is " + status.replace('_', ' ') + version);
        }
        FlowDefinition.Transition transition = found.get();
        Map<String, Object> variables = Map.of("order", celView(order));
        for (FlowDefinition.Guard guard : transition.guardsOrEmpty()) {
            if (!Expressions.condition(guard.when(), List.of("order")).test(variables)) {
                return new FlowRules.Forbidden("cannot " + action + ": " + guard.otherwise() + version);
            }
        }
        return new FlowRules.Allowed(null, changed -> withEffects(transition, changed));
    }

    private static Order withEffects(FlowDefinition.Transition transition, Order order) {
        List<String> tags = new java.util.ArrayList<>(order.tags());
        for (FlowDefinition.FlowAction action : transition.actionsOrEmpty()) {
            if ("addTag".equals(action.type()) && !tags.contains(action.value())) {
                tags.add(action.value());
            }
        }
        return tags.equals(order.tags()) ? order : order.toBuilder().tags(tags).build();
    }

    FlowDefinition definition(FlowRef ref) {
        TenantId tenant = RequestContext.require().tenantId();
        return definitions.computeIfAbsent(
                tenant + "/" + ref.name() + "/" + ref.version(),
                key -> jdbc.sql("select definition from flows where tenant_id = ? and name = ? and version = ?")
                        .params(tenant.value(), ref.name(), ref.version())
                        .query((rs, row) -> json.readValue(rs.getString("definition"), FlowDefinition.class))
                        .single());
    }

    private Optional<FlowRef> findActive(String name) {
        return jdbc.sql("select name, version from flows where tenant_id = ? and name = ? and active")
                .params(RequestContext.require().tenantId().value(), name)
                .query((rs, row) -> new FlowRef(rs.getString("name"), rs.getInt("version")))
                .optional();
    }

    private FlowDefinition shippedStandard() {
        try (InputStream in = new ClassPathResource("flows/standard.json").getInputStream()) {
            return json.readValue(in, FlowDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void validate(FlowDefinition definition) {
        List<String> statuses = java.util.Arrays.stream(OrderStatus.values())
                .map(OrderStatus::wireName)
                .toList();
        for (FlowDefinition.Transition transition : definition.transitions()) {
            for (String from : transition.from()) {
                if (!statuses.contains(from)) {
                    throw ApiProblem.invalid("transitions.from", "'" + from + "' is not an order status " + statuses);
                }
            }
            for (FlowDefinition.Guard guard : transition.guardsOrEmpty()) {
                try {
                    Expressions.condition(guard.when(), List.of("order"));
                } catch (Expressions.InvalidExpression invalid) {
                    throw ApiProblem.invalid("transitions.guards.when", invalid.getMessage());
                }
            }
        }
    }

    /** The order as CEL sees it (flow guards, sourcing conditions): maps, lists, strings, int64 and doubles. */
    public static Map<String, Object> celView(Order order) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", order.id().toString());
        view.put("channel", order.channel());
        view.put("externalId", order.externalId());
        view.put("currency", order.currency());
        view.put("status", order.status().wireName());
        view.put("statusCode", (long) order.statusCode());
        view.put("total", order.total().doubleValue());
        view.put("tags", order.tags());
        view.put("holds", order.holds().stream().map(Hold::type).toList());
        view.put("paid", order.payment() != null && order.payment().isCaptured());
        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", nullToEmpty(order.customer().id()));
        customer.put("name", order.customer().name());
        customer.put("email", nullToEmpty(order.customer().email()));
        view.put("customer", customer);
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("country", order.shippingAddress().country());
        address.put("region", nullToEmpty(order.shippingAddress().region()));
        address.put("city", order.shippingAddress().city());
        address.put("postalCode", nullToEmpty(order.shippingAddress().postalCode()));
        view.put("shippingAddress", address);
        view.put(
                "quantities",
                Map.of(
                        "ordered", (long) order.totalQuantity(LineQuantities::ordered),
                        "allocated", (long) order.totalQuantity(LineQuantities::allocated),
                        "shipped", (long) order.totalQuantity(LineQuantities::shipped),
                        "delivered", (long) order.totalQuantity(LineQuantities::delivered),
                        "cancelled", (long) order.totalQuantity(LineQuantities::cancelled),
                        "open", (long) order.totalQuantity(LineQuantities::open)));
        view.put(
                "lines",
                order.lines().stream()
                        .map(line -> Map.of("sku", line.sku(), "quantity", (long) line.quantity()))
                        .toList());
        return view;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** A stored flow version. */
    public record StoredFlow(FlowRef ref, boolean active, FlowDefinition definition) {}
}
