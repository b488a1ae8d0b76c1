package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
                orders.place(OrderContract.parse(json.readTree(OrderMother.paidOrder("METRIC-" + UUID.randomUUID()))));
                assertThat(placedOnWeb()).isEqualTo(before);
                throw new IllegalStateException("roll back");
            }));
        } catch (IllegalStateException expected) {
            // rolled back: not counted
        }
        assertThat(placedOnWeb()).isEqualTo(before);

        tenant.call(() -> orders.place(OrderContract.parse(json.readTree(OrderMother.paidOrder("METRIC-" + UUID.randomUUID())))));
        assertThat(placedOnWeb()).isEqualTo(before + 1);
    }

    private double placedOnWeb() {
        Counter counter = registry.find("fulcrum.orders.placed").tag("channel", "web").counter();
        return counter == null ? 0 : counter.count();
    }
}
