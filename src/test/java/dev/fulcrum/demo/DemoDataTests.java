package dev.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.order.OrderSummary;
import dev.fulcrum.sourcing.SourcingDecision;
import dev.fulcrum.sourcing.SourcingManagement;
import dev.fulcrum.testing.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/** The demo loader fills a tenant through the order API with orders in every state, once. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoDataTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    DemoData demoData;

    @Autowired
    OrderManagement orders;

    @Autowired
    SourcingManagement sourcing;

    @Autowired
    dev.fulcrum.catalog.Catalog catalog;

    @Autowired
    dev.fulcrum.inventory.Locations locations;

    @Autowired
    dev.fulcrum.channels.ChannelManagement channels;

    @Autowired
    dev.fulcrum.events.WebhookOperations webhooks;

    private TestTenant tenant;
    private int placed;

    @BeforeAll
    void loadDemoDataIntoAFreshTenant() {
        tenant = TestTenant.create(context);
        placed = demoData.load(tenant.id());
    }

    @Test
    void placesOrdersInEveryStatusAcrossChannels() {
        List<OrderSummary> all = allOrders();
        assertThat(placed).isEqualTo(DemoData.ORDER_COUNT + DemoData.CHANNEL_ORDER_COUNT);
        assertThat(all).hasSize(DemoData.ORDER_COUNT + DemoData.CHANNEL_ORDER_COUNT);
        Map<OrderStatus, Long> byStatus =
                all.stream().collect(Collectors.groupingBy(OrderSummary::status, Collectors.counting()));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrder(OrderStatus.values());
        assertThat(byStatus.get(OrderStatus.COMPLETED)).isGreaterThan(byStatus.get(OrderStatus.PENDING_PAYMENT));
        assertThat(all)
                .extracting(OrderSummary::channel)
                .containsAll(List.of("web", "shopify", "tmall", "amazon", "store"));
        assertThat(all).filteredOn(order -> order.holds().contains("manual")).isNotEmpty();
        assertThat(all)
                .filteredOn(order -> order.holds().contains("payment"))
                .allSatisfy(order -> assertThat(order.status()).isEqualTo(OrderStatus.PENDING_PAYMENT));
        assertThat(all).extracting(OrderSummary::currency).contains("CNY", "USD");
    }

    @Test
    void notesCarryIntentWordsThatTheTextFilterFinds() {
        List<OrderSummary> urgent =
                tenant.call(() -> orders.list(new OrderQuery(null, null, null, null, null, null, "急用", null, 500))
                        .items());
        assertThat(urgent).isNotEmpty();
        assertThat(tenant.call(() -> orders.get(urgent.getFirst().id())).notes())
                .contains("急用");
    }

    @Test
    void recordsEveryStepOnTheTimelineAsTheDemoActor() {
        OrderSummary completed = allOrders().stream()
                .filter(order -> order.status() == OrderStatus.COMPLETED
                        && !order.channel().equals("store"))
                .findFirst()
                .orElseThrow();
        List<AuditEntry> timeline = tenant.call(() -> orders.timeline(completed.id()));
        assertThat(timeline)
                .extracting(AuditEntry::action)
                .contains("order.placed", "order.shipped", "order.delivered");
        assertThat(timeline).extracting(AuditEntry::actor).containsOnly(DemoData.ACTOR);
    }

    @Test
    void loadsOnlyOnceIntoATenant() {
        assertThat(demoData.load(tenant.id())).isZero();
        assertThat(allOrders()).hasSize(DemoData.ORDER_COUNT + DemoData.CHANNEL_ORDER_COUNT);
    }

    @Test
    void theEngineSourcedOrdersSplitSomeBackorderedSomeAndTheHeldOnesWait() {
        List<SourcingDecision> decisions = allOrders().stream()
                .map(order -> tenant.call(() -> sourcing.decision(order.id())))
                .flatMap(java.util.Optional::stream)
                .toList();
        assertThat(decisions).hasSizeGreaterThan(DemoData.ORDER_COUNT / 2);
        assertThat(decisions)
                .as("allocated by the engine")
                .anySatisfy(decision -> assertThat(decision.status()).isEqualTo("allocated"));
        assertThat(decisions)
                .as("split across locations")
                .anySatisfy(decision -> assertThat(decision.shipments().stream()
                                .map(SourcingDecision.Shipment::locationId)
                                .distinct()
                                .count())
                        .isGreaterThanOrEqualTo(2));
        assertThat(decisions).as("backordered: scarce stock ran out").anySatisfy(decision -> {
            assertThat(decision.status()).isEqualTo("backordered");
            assertThat(decision.unallocated()).isNotEmpty();
        });
        assertThat(decisions)
                .as("stores ship urgent orders in their region, the kilns ship ceramics")
                .flatMap(SourcingDecision::shipments)
                .extracting(SourcingDecision.Shipment::locationId)
                .contains("SUP-JDZ", "WH-SH", "WH-GZ");
        assertThat(allOrders())
                .as("held")
                .anySatisfy(order -> assertThat(order.holds()).containsAnyOf("manual", "address"));
    }

    @Test
    void anOrdersShipmentsComeFromLocationsWithCarriersAndItShippedWithThem() {
        OrderSummary shipped = allOrders().stream()
                .filter(order -> order.status() == OrderStatus.COMPLETED)
                .filter(order -> tenant.call(() -> sourcing.decision(order.id()))
                        .map(decision -> decision.shipments().size() >= 2)
                        .orElse(false))
                .findFirst()
                .orElseThrow();
        SourcingDecision decision =
                tenant.call(() -> sourcing.decision(shipped.id())).orElseThrow();
        assertThat(decision.shipments()).allSatisfy(shipment -> {
            assertThat(shipment.locationId()).isNotBlank();
            assertThat(shipment.carrier()).isNotBlank();
            assertThat(shipment.carrierService()).isNotBlank();
            assertThat(shipment.deliverBy()).isNotNull();
        });
        List<AuditEntry> timeline = tenant.call(() -> orders.timeline(shipped.id()));
        assertThat(timeline)
                .filteredOn(entry -> entry.action().equals("order.shipped"))
                .extracting(entry -> String.valueOf(entry.details().get("carrier")))
                .containsExactlyInAnyOrderElementsOf(decision.shipments().stream()
                        .map(SourcingDecision.Shipment::carrier)
                        .toList());
    }

    @Test
    void setsUpTheShopThroughThePublicApi() {
        assertThat(tenant.call(() -> catalog.list(null, 100)))
                .hasSizeGreaterThanOrEqualTo(30)
                .anySatisfy(item -> {
                    assertThat(item.hazardous()).isTrue();
                    assertThat(item.restrictedCountries()).isNotEmpty();
                });
        assertThat(tenant.call(() -> locations.list(true)))
                .extracting(dev.fulcrum.inventory.Location::type)
                .contains("warehouse", "store", "supplier");
        assertThat(tenant.call(() -> channels.connections()))
                .extracting(dev.fulcrum.channels.Connection::channel)
                .contains("shopify", "woocommerce", "tmall");
        assertThat(tenant.call(() -> webhooks.subscriptions())).hasSize(1);
        assertThat(tenant.call(() -> sourcing.profiles()))
                .anySatisfy(profile ->
                        assertThat(profile.isActive() && profile.version() == 2).isTrue());
    }

    @Test
    void loadsNothingIntoATenantThatAlreadyHasOrders() {
        TestTenant busy = TestTenant.create(context);
        busy.call(() -> orders.place(new DemoOrders(1, java.time.Instant.parse("2026-11-20T10:00:00Z"))
                .generate(1)
                .getFirst()
                .order()));
        assertThat(demoData.load(busy.id())).isZero();
        assertThat(busy.call(() -> orders.list(OrderQuery.all(10)).items())).hasSize(1);
    }

    private List<OrderSummary> allOrders() {
        return tenant.call(() -> orders.list(OrderQuery.all(1000)).items());
    }
}
