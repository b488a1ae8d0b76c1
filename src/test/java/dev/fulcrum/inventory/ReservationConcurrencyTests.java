package dev.fulcrum.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** Never oversell: concurrent reservations of a hot SKU take exactly the stock there is, and the ledger holds. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReservationConcurrencyTests {

    private static final int THREADS = 64;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    InventoryLedger ledger;

    @Autowired
    Locations locations;

    @Autowired
    TransactionTemplate transactions;

    private void warehouse(TestTenant tenant, String id) {
        tenant.call(() -> locations.put(new Location(
                id,
                id,
                "warehouse",
                31.2,
                121.5,
                "CN",
                "SH",
                null,
                "Asia/Shanghai",
                List.of(),
                null,
                BigDecimal.ONE,
                BigDecimal.ZERO,
                0,
                LocalTime.of(16, 0),
                List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"),
                List.of(),
                null,
                Map.of(),
                true,
                null,
                Location.DEFAULT_LEAD_TIME_DAYS,
                Location.DEFAULT_REVIEW_PERIOD_DAYS)));
    }

    @Test
    void sixtyFourThreadsReserveExactlyTheStockOfAHotSkuAndTheLedgerMatchesThePositions() throws Exception {
        TestTenant tenant = TestTenant.create(context);
        warehouse(tenant, "WH-HOT");
        tenant.call(() -> {
            ledger.applySnapshot(
                    new LocationId("WH-HOT"),
                    Instant.parse("2026-11-20T08:00:00Z"),
                    List.of(
                            new InventoryLedger.PositionUpdate(new Sku("HOT"), 50, 0),
                            new InventoryLedger.PositionUpdate(new Sku("COLD"), 1000, 0)));
            return null;
        });
        AtomicInteger reserved = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        // Each thread reserves 1 HOT and 1 COLD, half of them naming COLD first: the lock order must not depend on it.
        runConcurrently(thread -> () -> {
            for (int attempt = 0; attempt < 2; attempt++) {
                List<Reservation> lines = new ArrayList<>(List.of(
                        new Reservation(new LocationId("WH-HOT"), new Sku("HOT"), 1, null),
                        new Reservation(new LocationId("WH-HOT"), new Sku("COLD"), 1, null)));
                if (thread % 2 == 0) {
                    java.util.Collections.reverse(lines);
                }
                boolean ok = tenant.call(() -> transactions.execute(
                        status -> ledger.reserve(OrderId.newId(), lines, null).reserved()));
                (ok ? reserved : refused).incrementAndGet();
            }
            return null;
        });

        assertThat(reserved.get()).isEqualTo(50);
        assertThat(refused.get()).isEqualTo(2 * THREADS - 50);
        List<StockPosition> positions = tenant.call(() -> ledger.positions(List.of(new Sku("HOT"), new Sku("COLD"))));
        assertThat(positions).extracting(StockPosition::reserved).containsExactly(50, 50);
        assertThat(positions.stream()
                        .filter(p -> p.sku().equals(new Sku("HOT")))
                        .findFirst()
                        .orElseThrow()
                        .available())
                .isZero();
        assertThat(tenant.call(() -> ledger.ledgerMismatches())).isEmpty();
    }

    @Test
    void sixtyFourConcurrentPaidOrdersAllocateExactlyTheStockAndBackorderTheRest() throws Exception {
        TestTenant tenant = TestTenant.create(context);
        warehouse(tenant, "WH-HOT");
        tenant.call(() -> {
            ledger.applySnapshot(
                    new LocationId("WH-HOT"),
                    Instant.parse("2026-11-20T08:00:00Z"),
                    List.of(new InventoryLedger.PositionUpdate(new Sku("HOT"), 40, 0)));
            return null;
        });
        Api api = new Api(port, tenant.apiKey());
        List<String> orderIds = java.util.Collections.synchronizedList(new ArrayList<>());
        runConcurrently(thread -> () -> {
            Api.Response placed = api.post("/api/v1/orders", """
                    {"channel": "web", "externalId": "HOT-%d", "currency": "CNY", "customer": {"name": "Li"},
                     "shippingAddress": {"name": "Li", "line1": "1 Road", "city": "上海", "region": "SH", "country": "CN",
                       "latitude": 31.23, "longitude": 121.47},
                     "lines": [{"sku": "HOT", "quantity": 1, "unitPrice": "9.90"}],
                     "payment": {"status": "captured", "method": "alipay"}}""".formatted(thread));
            assertThat(placed.status()).as(placed.body()).isEqualTo(201);
            orderIds.add(placed.json().path("id").asString());
            return null;
        });

        int allocated = 0;
        int backordered = 0;
        for (String id : orderIds) {
            JsonNode decision = api.get("/api/v1/orders/" + id + "/sourcing").json();
            switch (decision.path("status").asString()) {
                case "allocated" -> allocated++;
                case "backordered" -> backordered++;
                default -> throw new AssertionError("unexpected decision " + decision);
            }
        }
        assertThat(allocated).isEqualTo(40);
        assertThat(backordered).isEqualTo(THREADS - 40);
        JsonNode availability = api.get("/api/v1/availability?sku=HOT").json();
        assertThat(availability.path("locations").get(0).path("reserved").asInt())
                .isEqualTo(40);
        assertThat(tenant.call(() -> ledger.ledgerMismatches())).isEmpty();
    }

    private static void runConcurrently(java.util.function.IntFunction<Callable<Void>> work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                Callable<Void> task = work.apply(thread);
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            for (Future<Void> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
