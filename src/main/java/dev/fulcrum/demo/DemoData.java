package dev.fulcrum.demo;

import dev.fulcrum.access.ApiKeys;
import dev.fulcrum.demo.DemoNetwork.CarrierService;
import dev.fulcrum.demo.DemoNetwork.Site;
import dev.fulcrum.demo.DemoOrders.DemoOrder;
import dev.fulcrum.order.LineQuantity;
import dev.fulcrum.order.Order;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.SourcingManagement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads the demo shop into a tenant the way a user would build it, through the public API: first the catalogue, the
 * network of warehouses, stores and a supplier with stock, the carriers with rate cards, the sourcing profile, the
 * channel connections and a webhook subscription, over HTTP with a short-lived API key of the tenant; then the orders,
 * each placed as its channel would send it and then paid, held, shipped, delivered or cancelled as far as its story
 * goes, through the order API as the actor {@code demo}. Every step commits on its own, so sourcing decides each order
 * as it would in production and the shipments follow the decision (its locations and carriers).
 */
@Service
public class DemoData {

    /** How many orders the generator places through the order API. */
    public static final int ORDER_COUNT = 300;

    /** How many orders arrive through the generic (Tmall JSON) connection's intake. */
    public static final int CHANNEL_ORDER_COUNT = 3;

    static final String ACTOR = "demo";
    static final String SINK_PATH = "/demo/webhook-sink";

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final OrderManagement orders;
    private final SourcingManagement sourcing;
    private final ApiKeys apiKeys;
    private final TransactionTemplate transactions;
    private final Environment environment;
    private final JsonMapper json;
    private final Clock clock;

    DemoData(
            OrderManagement orders,
            SourcingManagement sourcing,
            ApiKeys apiKeys,
            PlatformTransactionManager transactionManager,
            Environment environment,
            JsonMapper json,
            Clock clock) {
        this.orders = orders;
        this.sourcing = sourcing;
        this.apiKeys = apiKeys;
        this.transactions = new TransactionTemplate(transactionManager);
        this.environment = environment;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Fills the tenant with the demo shop unless it already has orders. The set-up calls are idempotent, so a load
     * interrupted before its first order is simply done again at the next start.
     *
     * @return how many orders were placed, or 0 when the tenant already had orders
     */
    public int load(TenantId tenant) {
        Boolean empty = RequestContext.runAs(
                tenant,
                ACTOR,
                () -> transactions.execute(
                        status -> orders.list(OrderQuery.all(1)).items().isEmpty()));
        if (!Boolean.TRUE.equals(empty)) {
            return 0;
        }
        Integer port = environment.getProperty("local.server.port", Integer.class);
        if (port == null) {
            throw new IllegalStateException("demo data is loaded through the HTTP API, and no server port is known");
        }
        ApiKeys.CreatedApiKey key = Objects.requireNonNull(RequestContext.runAs(
                tenant, ACTOR, () -> apiKeys.create("demo loader (revoked when the load ends)", List.of("admin"))));
        try {
            DemoApi api = new DemoApi(port, key.key(), json);
            long started = System.nanoTime();
            String genericConnection = setUp(api, port);
            long setUp = System.nanoTime();
            int placed = RequestContext.runAs(tenant, ACTOR, this::playOrders);
            log.debug(
                    "Demo data: shop set up in {} ms, {} orders played in {} ms",
                    (setUp - started) / 1_000_000,
                    placed,
                    (System.nanoTime() - setUp) / 1_000_000);
            for (String document : DemoNetwork.tmallDocuments(clock.instant())) {
                api.post("/api/v1/channels/connections/" + genericConnection + "/orders", document);
                placed++;
            }
            return placed;
        } finally {
            RequestContext.runAs(tenant, ACTOR, () -> {
                apiKeys.revoke(key.id());
                return null;
            });
        }
    }

    /** The catalogue, network, carriers, profile, connections and subscription; returns the generic connection id. */
    private String setUp(DemoApi api, int port) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (DemoCatalogue.Item item : DemoCatalogue.ITEMS) {
            items.add(Map.of(
                    "sku", item.sku(),
                    "name", item.name(),
                    "weightGrams", item.weightGrams(),
                    "temperature", item.temperature(),
                    "hazardous", item.hazardous(),
                    "restrictedCountries", item.restrictedCountries(),
                    "category", item.category(),
                    "returnable", !item.frozen() && !item.hazardous()));
        }
        api.post("/api/v1/items/bulk", json.writeValueAsString(Map.of("items", items)));
        LocalDate today = LocalDate.now(clock.withZone(CHINA));
        for (Site site : DemoNetwork.SITES) {
            api.put("/api/v1/locations/" + site.id(), json.writeValueAsString(location(site, today)));
            List<Map<String, Object>> positions = new ArrayList<>();
            DemoNetwork.stockOf(site).forEach((sku, units) -> positions.add(Map.of("sku", sku, "onHand", units)));
            api.put(
                    "/api/v1/locations/" + site.id() + "/stock",
                    json.writeValueAsString(Map.of("asOf", clock.instant().toString(), "positions", positions)));
        }
        for (CarrierService service : DemoNetwork.CARRIERS) {
            api.put(
                    "/api/v1/carriers/" + service.code(),
                    json.writeValueAsString(Map.of(
                            "carrier", service.carrier(),
                            "serviceLevel", service.serviceLevel(),
                            "mode", service.mode(),
                            "temperatureControlled", service.temperatureControlled())));
            api.putCsv(
                    "/api/v1/carriers/" + service.code() + "/rates",
                    DemoNetwork.RATE_HEADER + "\n" + service.rates().strip() + "\n");
        }
        JsonNode draft = api.put("/api/v1/sourcing/profiles/default", DemoNetwork.PROFILE);
        api.post(
                "/api/v1/sourcing/profiles/default/versions/"
                        + draft.path("version").asInt() + "/activate",
                "{}");
        return connect(api, port);
    }

    private static Map<String, Object> location(Site site, LocalDate today) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("name", site.name());
        body.put("type", site.type());
        body.put("latitude", site.latitude());
        body.put("longitude", site.longitude());
        body.put("country", "CN");
        body.put("region", site.region());
        body.put("postalCode", site.postalCode());
        body.put("timeZone", CHINA.getId());
        body.put("capabilities", site.capabilities());
        body.put("dailyOrderCapacity", site.dailyOrderCapacity());
        body.put("handlingCostPerOrder", site.handlingCostPerOrder());
        body.put("handlingCostPerUnit", "0.30");
        body.put("processingHours", site.processingHours());
        body.put("cutoffTime", site.cutoffTime());
        body.put("workingDays", site.workingDays());
        body.put(
                "holidays",
                DemoNetwork.holidays(site, today).stream()
                        .map(LocalDate::toString)
                        .toList());
        return body;
    }

    /** Shopify, WooCommerce and a generic JSON connection with a mapping, and a subscription to the internal sink. */
    private String connect(DemoApi api, int port) {
        Map<String, String> existing = new java.util.HashMap<>();
        api.get("/api/v1/channels/connections")
                .path("items")
                .values()
                .forEach(connection -> existing.put(
                        connection.path("channel").asString(),
                        connection.path("id").asString()));
        if (!existing.containsKey("shopify")) {
            api.post(
                    "/api/v1/channels/connections",
                    json.writeValueAsString(Map.of(
                            "type", "shopify",
                            "name", "Shopify 海外旗舰店 (global store)",
                            "channel", "shopify",
                            "secret", secret(),
                            "defaultCurrency", "USD")));
        }
        if (!existing.containsKey("woocommerce")) {
            api.post(
                    "/api/v1/channels/connections",
                    json.writeValueAsString(Map.of(
                            "type", "woocommerce",
                            "name", "WooCommerce 官网 (web shop)",
                            "channel", "woocommerce",
                            "secret", secret(),
                            "defaultCurrency", "CNY")));
        }
        String generic = existing.get("tmall");
        if (generic == null) {
            generic = api.post(
                            "/api/v1/channels/connections",
                            json.writeValueAsString(Map.of(
                                    "type", "generic",
                                    "name", "天猫旗舰店 Tmall flagship (JSON + JSONata)",
                                    "channel", "tmall",
                                    "secret", secret(),
                                    "signatureHeader", "X-Signature",
                                    "mapping", DemoNetwork.TMALL_MAPPING,
                                    "defaultCurrency", "CNY")))
                    .path("id")
                    .asString();
        }
        String sink = "http://127.0.0.1:" + port + SINK_PATH;
        boolean subscribed = api.get("/api/v1/subscriptions").path("subscriptions").values().stream()
                .anyMatch(subscription -> subscription.path("url").asString().equals(sink));
        if (!subscribed) {
            try {
                api.post(
                        "/api/v1/subscriptions",
                        json.writeValueAsString(Map.of(
                                "url",
                                sink,
                                "eventTypes",
                                List.of("order.shipped", "order.delivered", "order.cancelled"),
                                "filter",
                                "data.order.channel == 'shopify'")));
            } catch (IllegalStateException refused) {
                // Only when an operator set FULCRUM_WEBHOOKS_ALLOWLIST without 127.0.0.1 (see DemoEnvironment).
                log.info(
                        "Demo data: no webhook subscription to the internal sink, the target was refused: {}",
                        refused.getMessage());
            }
        }
        return generic;
    }

    /**
     * Plays the orders in three passes, each in transactions of {@link #CHUNK} orders: all are placed (oldest first,
     * so older orders take the stock first; sourcing decides the paid ones together at each commit, ADR 0078), then
     * the ones paid later are paid (sourced at that commit), then each goes on as its story says, following its
     * committed decision. Fewer, larger transactions keep the load to seconds on the start-up machine.
     */
    private int playOrders() {
        List<DemoOrder> demoOrders = new DemoOrders(DemoOrders.SEED, clock.instant()).generate(ORDER_COUNT);
        List<Order> placed = new ArrayList<>();
        for (List<DemoOrder> chunk : chunks(demoOrders)) {
            placed.addAll(Objects.requireNonNull(transactions.execute(status ->
                    orders.placeAll(chunk.stream().map(DemoOrder::order).toList()))));
        }
        List<Played> played = new ArrayList<>();
        for (int i = 0; i < demoOrders.size(); i++) {
            played.add(new Played(demoOrders.get(i), placed.get(i)));
        }
        for (List<Played> chunk : chunks(played)) {
            transactions.executeWithoutResult(status -> chunk.forEach(this::payIfItsStoryGoesOn));
        }
        for (List<Played> chunk : chunks(played)) {
            transactions.executeWithoutResult(status -> chunk.forEach(this::goOn));
        }
        return demoOrders.size();
    }

    static final int CHUNK = 50;

    private record Played(DemoOrder demo, Order order) {}

    private static <T> List<List<T>> chunks(List<T> items) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += CHUNK) {
            chunks.add(items.subList(from, Math.min(items.size(), from + CHUNK)));
        }
        return chunks;
    }

    private void payIfItsStoryGoesOn(Played played) {
        switch (played.demo().fate()) {
            case PENDING_PAYMENT, CANCELLED_UNPAID -> {}
            default -> pay(played.order(), played.demo());
        }
    }

    /** Everything after payment, following the committed sourcing decision. */
    private void goOn(Played played) {
        DemoOrder demo = played.demo();
        OrderId id = played.order().id();
        boolean chinese = demo.order().shippingAddress().country().equals("CN");
        switch (demo.fate()) {
            case PENDING_PAYMENT, PAID -> {}
            case CANCELLED_UNPAID -> orders.cancel(id, chinese ? "超时未支付" : "payment not received in time");
            case MANUAL_HOLD ->
                orders.hold(id, "manual", chinese ? "客户来电要求暂缓发货" : "customer asked us to wait before shipping");
            case ADDRESS_HOLD ->
                orders.hold(id, "address", chinese ? "地址不完整，待客户确认" : "address incomplete, asked the customer");
            case CANCELLED_PAID -> orders.cancel(id, chinese ? "客户要求取消" : "customer changed their mind");
            case PARTIALLY_SHIPPED -> ship(id, true);
            case SHIPPED -> ship(id, false);
            case PARTIALLY_DELIVERED -> {
                if (ship(id, false)) {
                    orders.get(id).lines().stream()
                            .filter(line -> line.quantities().inTransit() > 0)
                            .findFirst()
                            .ifPresent(line -> orders.deliver(
                                    id,
                                    List.of(new LineQuantity(
                                            line.lineNo(),
                                            null,
                                            line.quantities().inTransit()))));
                }
            }
            case COMPLETED -> {
                if (ship(id, false)) {
                    orders.deliver(id, List.of());
                }
            }
        }
    }

    private void pay(Order order, DemoOrder demo) {
        if (order.payment() == null || !order.payment().isCaptured()) {
            orders.pay(order.id(), demo.paymentMethod(), null);
        }
    }

    /**
     * Ships what sourcing allocated, one parcel per shipment of the decision with its carrier; only the first parcel
     * when {@code firstOnly}. Lines sourcing could not allocate stay open (backordered). Returns whether anything
     * shipped.
     */
    private boolean ship(OrderId id, boolean firstOnly) {
        SourcingDecision decision = sourcing.decision(id).orElse(null);
        if (decision == null || decision.shipments().isEmpty()) {
            return false;
        }
        int parcel = 0;
        for (SourcingDecision.Shipment shipment :
                firstOnly ? decision.shipments().subList(0, 1) : decision.shipments()) {
            parcel++;
            List<SourcingDecision.Line> lines = shipment.lines();
            if (firstOnly && decision.shipments().size() == 1 && lines.size() > 1) {
                // One parcel for the whole order: part of it goes first, as when a picker finds one item late.
                lines = lines.subList(0, 1);
            }
            orders.ship(
                    id,
                    lines.stream()
                            .map(line -> new LineQuantity(line.lineNo(), null, line.quantity()))
                            .toList(),
                    shipment.carrier(),
                    tracking(id, shipment.carrier(), parcel));
        }
        return true;
    }

    private static String tracking(OrderId id, String carrier, int parcel) {
        long digits = Math.abs(id.value().getLeastSignificantBits() % 1_000_000_000_000L) + parcel;
        String prefix = carrier.chars().allMatch(c -> c < 128) ? carrier.toUpperCase(Locale.ROOT) : "SS";
        return prefix + String.format(Locale.ROOT, "%012d", digits % 1_000_000_000_000L);
    }

    private static String secret() {
        return "demo-" + UUID.randomUUID();
    }
}
