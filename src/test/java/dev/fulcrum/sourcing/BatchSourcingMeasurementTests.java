package dev.fulcrum.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.order.NewOrder;
import dev.fulcrum.order.OrderContract;
import dev.fulcrum.order.OrderManagement;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.StatementCounter;
import dev.fulcrum.testing.TestTenant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints what placing (and sourcing) a bulk batch of 500 orders costs: wall time and SQL statements per order, counted
 * at the JDBC driver. A measurement, not an assertion of speed: run with {@code -Dfulcrum.measure=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EnabledIfSystemProperty(named = "fulcrum.measure", matches = "true")
class BatchSourcingMeasurementTests {

    private static final Logger LOG = LoggerFactory.getLogger(BatchSourcingMeasurementTests.class);

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    OrderManagement orders;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    PlatformTransactionManager transactionManager;

    private static final int WARM_UP_ROUNDS = 20;

    @Test
    void measuresPlacingAndSourcingABatchOf500Orders() {
        TestTenant tenant = TestTenant.create(context);
        SourcingFixtures fixtures = new SourcingFixtures(new Api(port, tenant.apiKey()));
        fixtures.location("WH-NEAR", 31.2, 121.5, "");
        fixtures.location("WH-FAR", 39.9, 116.4, "");
        fixtures.item("TEA-001", 500, "ambient");
        fixtures.stock("WH-NEAR", "2026-11-20T08:00:00Z", "TEA-001", "100000");
        fixtures.stock("WH-FAR", "2026-11-20T08:00:00Z", "TEA-001", "100000");

        // Warm up the JIT first: the figures are meant for a running server, not a cold one.
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            tenant.call(() -> orders.placeAll(batch(100)));
        }
        for (int round = 0; round < 3; round++) {
            List<NewOrder> batch = batch(500);
            long started = System.nanoTime();
            long statements;
            try (StatementCounter counter = StatementCounter.start()) {
                tenant.call(() -> orders.placeAll(batch));
                statements = counter.statements();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.warn(
                    "placeAll of 500 paid orders with sourcing: {} ms, {} SQL statements ({} per order)",
                    millis,
                    statements,
                    String.format("%.1f", statements / 500.0));
        }

        int allocated = tenant.call(() -> new TransactionTemplate(transactionManager)
                .execute(status -> jdbc.sql("""
                select count(*) from sourcing_decisions where tenant_id = fulcrum_current_tenant() and status = 'allocated'""").query(Integer.class).single()));
        assertThat(allocated).isEqualTo(WARM_UP_ROUNDS * 100 + 3 * 500);
    }

    private List<NewOrder> batch(int size) {
        List<NewOrder> batch = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            batch.add(OrderContract.parse(json.readTree(OrderMother.paidOrder("M-" + UUID.randomUUID()))));
        }
        return batch;
    }
}
