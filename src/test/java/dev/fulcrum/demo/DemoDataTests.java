package dev.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.access.AuditEntry;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.order.OrderQuery;
import dev.fulcrum.order.OrderStatus;
import dev.fulcrum.order.OrderSummary;
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
        assertThat(placed).isEqualTo(DemoData.ORDER_COUNT);
        assertThat(all).hasSize(DemoData.ORDER_COUNT);
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
        assertThat(allOrders()).hasSize(DemoData.ORDER_COUNT);
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
