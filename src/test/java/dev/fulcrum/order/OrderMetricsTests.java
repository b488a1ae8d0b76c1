package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderMetricsTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    OrderManagement orders;

    @Autowired
    MeterRegistry registry;

    @Autowired
    JsonMapper json;

    @Autowired
    PlatformTransactionManager transactionManager;

    TestTenant tenant;

    @BeforeEach
    void createTenant() {
        tenant = TestTenant.create(context);
    }

    @Test
    void countsAPlacedOrderOnlyOnceItsTransactionCommitted() {
        double before = placedOnWeb();
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        try {
            tenant.call(() -> transactions.execute(status -> {
                orders.place(OrderContract.parse(json.readTree(metricsOrder())));
                assertThat(placedOnWeb()).isEqualTo(before);
                throw new IllegalStateException("roll back");
            }));
        } catch (IllegalStateException expected) {
            // rolled back: not counted
        }
        assertThat(placedOnWeb()).isEqualTo(before);

        tenant.call(() -> orders.place(OrderContract.parse(json.readTree(metricsOrder()))));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(placedOnWeb()).isEqualTo(before + 1));
    }

    /** An order of a channel only this test uses, so that other tests' events cannot move the counter. */
    private static String metricsOrder() {
        return OrderMother.paidOrder("METRIC-" + UUID.randomUUID())
                .replace("\"channel\": \"web\"", "\"channel\": \"metrics-test\"");
    }

    private double placedOnWeb() {
        Counter counter = registry.find("fulcrum.order.events")
                .tag("type", "order.placed")
                .tag("channel", "metrics-test")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
