package dev.fulcrum.sourcing.internal;

import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases the reservations of orders that were not paid in time ({@code fulcrum.sourcing.unpaid-reservation-ttl},
 * 30 minutes by default), checking every {@code fulcrum.sourcing.expiry-interval} (one minute). Each order is released
 * in its own transaction under its tenant; the decision becomes {@code expired}. Payment afterwards sources anew.
 */
@Component
public class ReservationExpiry {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);

    private final InventoryLedger ledger;
    private final OrderSourcing sourcing;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ReservationExpiry(InventoryLedger ledger, OrderSourcing sourcing, TransactionTemplate transactions, Clock clock) {
        this.ledger = ledger;
        this.sourcing = sourcing;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${fulcrum.sourcing.expiry-interval:PT1M}", initialDelayString = "PT30S")
    void run() {
        expire(clock.instant());
    }

    /** Releases every reservation expired by {@code now}, in every tenant; returns how many orders it released. */
    public int expire(Instant now) {
        int released = 0;
        List<UUID> tenants = ledger.tenantsWithExpiredReservations(now);
        for (UUID tenant : tenants) {
            RequestContext context = RequestContext.system(new TenantId(tenant));
            List<OrderId> expired = context.call(() -> ledger.ordersWithExpiredReservations(now));
            for (OrderId orderId : expired) {
                try {
                    context.run(() -> transactions.executeWithoutResult(
                            status -> sourcing.release(orderId, "expired", "reservation expired before payment")));
                    released++;
                } catch (RuntimeException failed) {
                    log.warn("could not release the expired reservation of order {}: {}", orderId, failed.getMessage());
                }
            }
        }
        return released;
    }
}
