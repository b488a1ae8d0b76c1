package dev.fulcrum.bench;

import dev.fulcrum.FulcrumApplication;
import dev.fulcrum.access.Tenants;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.Reservation;
import dev.fulcrum.inventory.StockPosition;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.shared.TenantId;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * B4: reservations per second on one hot SKU at one location, 64 clients, against the embedded PostgreSQL, with less
 * stock than demand. Each client reserves one unit per transaction through {@link InventoryLedger#reserve} (row lock,
 * conditional update, ledger row, reservation row) until refused. The reference in the same run: the same number of
 * clients running only the bare conditional UPDATE on another hot row over plain JDBC, one statement per transaction.
 * Arguments: [stock units] [clients] [rounds].
 */
public final class ReservationContention {

    public static void main(String[] args) throws Exception {
        int stock = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        ConfigurableApplicationContext context = new SpringApplication(FulcrumApplication.class)
                .run(
                        "--fulcrum.database.ephemeral=true",
                        "--server.port=0",
                        "--fulcrum.demo.enabled=false",
                        "--logging.level.root=WARN",
                        "--spring.datasource.hikari.maximum-pool-size=" + Math.min(clients, 64));
        try {
            TenantId tenant = context.getBean(Tenants.class).create("bench " + UUID.randomUUID());
            InventoryLedger ledger = context.getBean(InventoryLedger.class);
            TransactionTemplate transactions = context.getBean(TransactionTemplate.class);
            RequestContext.runAs(
                    tenant,
                    "bench",
                    () -> context.getBean(Locations.class)
                            .put(new Location(
                                    "WH-HOT",
                                    "Hot",
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
                                    List.of("MON"),
                                    List.of(),
                                    null,
                                    Map.of(),
                                    true,
                                    null,
                                    Location.DEFAULT_LEAD_TIME_DAYS,
                                    Location.DEFAULT_REVIEW_PERIOD_DAYS)));
            System.out.printf(
                    "B4: %d clients, %d units of stock per round, demand %d units per round%n",
                    clients, stock, stock * 2);
            for (int round = 1; round <= rounds; round++) {
                int feed = round;
                String sku = "HOT-" + round;
                String rawSku = "RAW-" + round;
                RequestContext.runAs(tenant, "bench", () -> {
                    ledger.applySnapshot(
                            new LocationId("WH-HOT"),
                            Instant.parse("2026-11-20T08:00:00Z").plusSeconds(feed),
                            List.of(
                                    new InventoryLedger.PositionUpdate(new Sku(sku), stock, 0),
                                    new InventoryLedger.PositionUpdate(new Sku(rawSku), stock, 0)));
                    return null;
                });
                AtomicInteger reserved = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();
                double ledgerSeconds = run(
                        clients,
                        stock * 2,
                        () -> RequestContext.runAs(
                                tenant,
                                "bench",
                                () -> transactions.execute(status -> ledger.reserve(
                                                OrderId.newId(),
                                                List.of(new Reservation(
                                                        new LocationId("WH-HOT"), new Sku(sku), 1, null)),
                                                null)
                                        .reserved())),
                        reserved,
                        refused);
                StockPosition position = RequestContext.runAs(
                                tenant, "bench", () -> ledger.positions(List.of(new Sku(sku))))
                        .getFirst();
                // The bare reference updates write no ledger rows by design: only the ledger's own positions must
                // match.
                List<String> mismatches = RequestContext.runAs(tenant, "bench", ledger::ledgerMismatches).stream()
                        .filter(mismatch -> mismatch.startsWith("WH-HOT/HOT-"))
                        .toList();

                DataSource dataSource = context.getBean(DataSource.class);
                AtomicInteger rawReserved = new AtomicInteger();
                AtomicInteger rawRefused = new AtomicInteger();
                double rawSeconds =
                        run(clients, stock * 2, () -> rawReserve(dataSource, tenant, rawSku), rawReserved, rawRefused);

                double ledgerRate = reserved.get() / ledgerSeconds;
                double rawRate = rawReserved.get() / rawSeconds;
                System.out.printf(
                        "round %d: ledger %d reserved (position reserved %d, available %d, ledger mismatches %d), "
                                + "%d refused, %.0f reservations/s | bare UPDATE %d reserved, %.0f/s | ratio %.3f%n",
                        round,
                        reserved.get(),
                        position.reserved(),
                        position.available(),
                        mismatches.size(),
                        refused.get(),
                        ledgerRate,
                        rawReserved.get(),
                        rawRate,
                        ledgerRate / rawRate);
            }
        } finally {
            context.close();
        }
    }

    private static boolean rawReserve(DataSource dataSource, TenantId tenant, String sku) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement setTenant =
                            connection.prepareStatement("select set_config('fulcrum.tenant_id', ?, true)");
                    PreparedStatement update = connection.prepareStatement("""
                         update stock_positions set reserved = reserved + 1
                         where tenant_id = ? and location_id = 'WH-HOT' and sku = ? and on_hand - reserved - safety_stock >= 1""")) {
                setTenant.setString(1, tenant.toString());
                setTenant.execute();
                update.setObject(1, tenant.value());
                update.setString(2, sku);
                boolean ok = update.executeUpdate() == 1;
                connection.commit();
                return ok;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code attempts} attempts over {@code clients} threads; returns the wall time in seconds. */
    private static double run(
            int clients,
            int attempts,
            java.util.function.Supplier<Boolean> attempt,
            AtomicInteger reserved,
            AtomicInteger refused)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicLong remaining = new AtomicLong(attempts);
        CountDownLatch start = new CountDownLatch(1);
        Future<?>[] futures = new Future<?>[clients];
        for (int c = 0; c < clients; c++) {
            futures[c] = pool.submit(() -> {
                start.await();
                while (remaining.getAndDecrement() > 0) {
                    (Boolean.TRUE.equals(attempt.get()) ? reserved : refused).incrementAndGet();
                }
                return null;
            });
        }
        long began = System.nanoTime();
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        pool.shutdown();
        return seconds;
    }

    private ReservationContention() {}
}
