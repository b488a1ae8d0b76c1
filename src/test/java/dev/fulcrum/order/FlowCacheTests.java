package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.rollout.Rollouts;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The flow cache with several instances: a second {@link Flows} over the same database stands for another instance.
 * What one instance publishes, or what changes in the database directly, governs new orders on the other within the
 * documented recheck bound.
 */
@SpringBootTest
class FlowCacheTests {

    private static final Duration RECHECK = Duration.ofMinutes(5);

    @Autowired
    ApplicationContext context;

    @Autowired
    Flows flows;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestClock clock;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Rollouts rollouts;

    TestTenant tenant;
    Flows otherInstance;

    @BeforeEach
    void twoInstances() {
        tenant = TestTenant.create(context);
        otherInstance = new Flows(jdbc, json, clock, RECHECK, rollouts);
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    private FlowRef activeStandardOn(Flows instance) {
        return tenant.call(() -> transactions.execute(status -> instance.activeStandardFlow()));
    }

    @Test
    void aVersionPublishedOnOneInstanceGovernsTheOtherWithinTheRecheckBound() {
        assertThat(activeStandardOn(otherInstance).version()).isEqualTo(1);
        FlowDefinition standard = flows.shipped(Flows.STANDARD);
        FlowRef published = tenant.call(() -> transactions.execute(status -> flows.publish(standard)));
        assertThat(published.version()).isEqualTo(2);
        assertThat(activeStandardOn(flows).version()).isEqualTo(2);

        // Within the bound the other instance may still answer from its cache ...
        assertThat(activeStandardOn(otherInstance).version()).isEqualTo(1);
        // ... and once the bound has passed it has checked again.
        TestClock.advance(RECHECK.plusSeconds(1));
        assertThat(activeStandardOn(otherInstance).version()).isEqualTo(2);
    }

    @Test
    void aChangeOfTheActiveVersionInTheDatabaseIsSeenWithinTheBound() {
        assertThat(activeStandardOn(flows).version()).isEqualTo(1);
        FlowDefinition standard = flows.shipped(Flows.STANDARD);
        tenant.call(() -> transactions.execute(status -> flows.publish(standard)));
        assertThat(activeStandardOn(otherInstance).version()).isEqualTo(2);

        tenant.call(() -> transactions.execute(
                status -> jdbc.sql("update flows set active = (version = 1) where tenant_id = ? and name = 'standard'")
                        .param(tenant.id().value())
                        .update()));
        TestClock.advance(RECHECK.plusSeconds(1));

        assertThat(activeStandardOn(otherInstance).version()).isEqualTo(1);
    }
}
