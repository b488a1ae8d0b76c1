package dev.fulcrum.testing;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One in-JVM Kafka broker (KRaft mode) for every test context, started on first use, and pointed to by
 * {@code fulcrum.kafka.bootstrap-servers} so the relay runs in the shared context like in production.
 */
public final class EmbeddedKafka implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String TOPIC = "fulcrum.events";
    private static EmbeddedKafkaKraftBroker broker;

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            broker = new EmbeddedKafkaKraftBroker(1, 3, TOPIC);
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
        }
        return broker.getBrokersAsString();
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getEnvironment()
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "embeddedKafka",
                        Map.of(
                                "fulcrum.kafka.bootstrap-servers",
                                bootstrapServers(),
                                "fulcrum.kafka.lease-retry-millis",
                                "200")));
    }
}
