package dev.fulcrum.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes every Spring context the tests started, newest first, once all tests have run and before the test JVM
 * exits.
 *
 * <p>Spring caches test contexts and closes them in a JVM shutdown hook. The embedded PostgreSQL and the Kafka test
 * broker have shutdown hooks of their own, which run at the same time: the database stopped and the broker's folder
 * deleted under live contexts, whose pools and producers then retried for longer than surefire waits for the fork to
 * exit ("Surefire is going to kill self fork JVM"). Closing the contexts first lets each one stop its schedulers,
 * relay and pool against a database and broker that are still there; the broker stops with the last context
 * ({@link EmbeddedKafka}).
 *
 * <p>Registered twice: as a context initializer in {@code META-INF/spring.factories} (to see each context) and as a
 * JUnit listener in {@code META-INF/services} (to learn that the tests are over).
 */
public final class ContextsCloseBeforeExit
        implements ApplicationContextInitializer<ConfigurableApplicationContext>, TestExecutionListener {

    private static final Deque<ConfigurableApplicationContext> started = new ArrayDeque<>();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        synchronized (started) {
            started.push(context);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        while (true) {
            ConfigurableApplicationContext context;
            synchronized (started) {
                context = started.poll();
            }
            if (context == null) {
                return;
            }
            context.close();
        }
    }
}
