package dev.fulcrum.rollout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.OrderId;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The canary cache with several instances: a second {@link CanaryRollouts} over the same database stands for another
 * instance. A rollout started or ended elsewhere governs new orders here within the documented recheck bound.
 */
@SpringBootTest
class CanaryCacheTests {

    private static final Duration RECHECK = Duration.ofMinutes(5);

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestClock clock;

    @Autowired
    PlatformTransactionManager transactions;

    TestTenant tenant;
    CanaryRollouts otherInstance;

    @BeforeEach
    void twoInstances() {
        tenant = TestTenant.create(context);
        otherInstance = new CanaryRollouts(jdbc, clock, transactions, RECHECK);
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    /** An order id in bucket 0: in every canary's share. */
    private static OrderId inEveryShare() {
        return new OrderId(UUID.fromString("00000000-0000-7000-8000-000000000064"));
    }

    @Test
    void aRolloutStartedOnAnotherInstanceGovernsHereWithinTheRecheckBound() {
        assertThat(otherInstance.versionFor(tenant.id(), "flow", "standard", inEveryShare(), 1))
                .isEqualTo(1);
        UUID id = Ids.timeOrdered();
        tenant.call(() -> new TransactionTemplate(transactions)
                .execute(status -> jdbc.sql("""
                        insert into rollouts (tenant_id, id, kind, name, version, previous_version, percent,
                                              started_at, started_by)
                        values (?, ?, 'flow', 'standard', 2, 1, 50, now(), 'test')""").params(tenant.id().value(), id).update()));

        // Within the bound the other instance may still answer from its cache ...
        assertThat(otherInstance.versionFor(tenant.id(), "flow", "standard", inEveryShare(), 1))
                .isEqualTo(1);
        // ... and once the bound has passed it has read the running canaries again.
        TestClock.advance(RECHECK.plusSeconds(1));
        assertThat(otherInstance.versionFor(tenant.id(), "flow", "standard", inEveryShare(), 1))
                .isEqualTo(2);
        assertThat(otherInstance.canary(tenant.id(), "flow", "standard")).isPresent();

        otherInstance.finish(tenant.id(), "flow", "standard");
        assertThat(otherInstance.versionFor(tenant.id(), "flow", "standard", inEveryShare(), 1))
                .isEqualTo(1);
    }
}
