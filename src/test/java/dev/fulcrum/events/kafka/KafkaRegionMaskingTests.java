package dev.fulcrum.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.compliance.DataResidency;
import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.NewEventsSignal;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.KafkaTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Kafka topic declared in another data region gets a tenant's events with personal fields masked until the tenant
 * allows that transfer; a topic in no declared region gets them in full. Checked on the record the relay would send,
 * with a relay of its own that is never started (the shared one keeps relaying for the other tests).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaRegionMaskingTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    ApplicationContext context;

    @Test
    void aTopicInARegionTheTenantDoesNotAllowGetsPersonalFieldsMasked() {
        TestTenant tenant = TestTenant.create(context);
        tenant.call(() -> context.getBean(DataResidency.class).declare("cn", List.of()));
        KafkaRelay relay = relayWith(new KafkaRelayProperties(
                "localhost:9", "fulcrum.events", Map.of(), 0, 0, 0, null, Map.of("fulcrum.eu-orders", "eu")));
        PublicEvent placed = new PublicEvent(
                UUID.randomUUID(), "order.placed", UUID.randomUUID(), 1L, Instant.now(), JSON.readTree("""
                        {"order": {"customer": {"name": "王芳", "email": "wang@example.com"},
                                   "shippingAddress": {"line1": "人民路 1 号", "city": "上海", "latitude": 31.23}}}"""), "");

        JsonNode masked = java.util.Objects.requireNonNull(
                relay.maskedFor(tenant.id(), "fulcrum.eu-orders", placed), "masked for a region not allowed");
        assertThat(masked.at("/order/customer/name").asString()).isEqualTo("王**");
        assertThat(masked.at("/order/customer/email").asString()).isEqualTo("w***@example.com");
        assertThat(masked.at("/order/shippingAddress/line1").asString()).isEqualTo("人**");
        assertThat(masked.at("/order/shippingAddress/latitude").isNull()).isTrue();
        assertThat(masked.at("/order/shippingAddress/city").asString()).isEqualTo("上海");
        assertThat(placed.data().at("/order/customer/name").asString())
                .as("the logged event is left as it is")
                .isEqualTo("王芳");
        assertThat(relay.maskedFor(tenant.id(), "fulcrum.events", placed))
                .as("a topic without a region is in the tenant's own")
                .isNull();

        tenant.call(() -> context.getBean(DataResidency.class).declare("cn", List.of("eu")));
        assertThat(relay.maskedFor(tenant.id(), "fulcrum.eu-orders", placed))
                .as("allowed: sent in full")
                .isNull();
    }

    @SuppressWarnings("unchecked") // the bean is a KafkaTemplate<String, byte[]>
    private KafkaRelay relayWith(KafkaRelayProperties properties) {
        return new KafkaRelay(
                "region-test",
                context.getBean(DataSource.class),
                context.getBean("fulcrumEventsKafkaTemplate", KafkaTemplate.class),
                context.getBean(CloudEvents.class),
                context.getBean(NewEventsSignal.class),
                properties,
                context.getBean(JsonMapper.class),
                context.getBean(Clock.class),
                context.getBean(MeterRegistry.class),
                context.getBean(DataResidency.class));
    }
}
