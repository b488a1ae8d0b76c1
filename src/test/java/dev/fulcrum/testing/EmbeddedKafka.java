package dev.fulcrum.testing;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-JVM Kafka broker (KRaft mode) for every test context, started on first use, and pointed to by
 * {@code fulcrum.kafka.bootstrap-servers} so the relay runs in the shared context like in production.
 *
 * <p>Each context holds a lease on the broker, given back after the context's own beans (the relay and its producer)
 * are destroyed; the last lease stops the broker. A JVM shutdown hook would stop the broker while the cached contexts
 * are still closing, and their producers would then retry a dead broker until surefire kills the fork.
 */
public final class EmbeddedKafka implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String TOPIC = "fulcrum.events";
    private static @Nullable EmbeddedKafkaKraftBroker broker;
    private static int leases;

    /** The broker's address, starting it when no context holds it; its stop follows the contexts' (see above). */
    public static synchronized String bootstrapServers() {
        EmbeddedKafkaKraftBroker running = broker;
        if (running == null) {
            running = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
            running.afterPropertiesSet();
            broker = running;
        }
        return running.getBrokersAsString();
    }

    private static synchronized void lease() {
        leases++;
    }

    private static synchronized void release() {
        leases--;
        EmbeddedKafkaKraftBroker running = broker;
        if (leases == 0 && running != null) {
            broker = null;
            running.destroy();
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getEnvironment().getPropertySources().contains("embeddedKafka")) {
            return; // added twice (spring.factories and by hand): one lease per context
        }
        String servers = bootstrapServers();
        lease();
        // Registered before any bean of the context, so destroyed after all of them: the Kafka clients close first.
        ((DefaultSingletonBeanRegistry) context.getBeanFactory())
                .registerDisposableBean("embeddedKafkaLease", EmbeddedKafka::release);
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedKafka",
                        Map.of("fulcrum.kafka.bootstrap-servers", servers, "fulcrum.kafka.lease-retry-millis", "200")));
    }
}
