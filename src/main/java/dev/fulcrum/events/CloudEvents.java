package dev.fulcrum.events;

import dev.fulcrum.shared.TenantId;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import io.cloudevents.jackson.JsonFormat;
import java.net.URI;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Public events as CloudEvents 1.0 structured JSON documents, built and written with the CloudEvents Java SDK:
 * {@code id}, {@code source} ({@code /fulcrum/tenants/<tenant>}), {@code type} ({@code dev.fulcrum.order.placed.v1}),
 * {@code subject} (the order id), {@code time}, {@code datacontenttype}, {@code dataschema}, {@code data}, and the
 * extension {@code ordersequence} (the event's number within its order: 1, 2, 3, …).
 */
@Component
public class CloudEvents {

    /** The media type of a structured CloudEvents JSON document. */
    public static final String CONTENT_TYPE = JsonFormat.CONTENT_TYPE;

    private static final EventFormat FORMAT = java.util.Objects.requireNonNull(
            EventFormatProvider.getInstance().resolveFormat(JsonFormat.CONTENT_TYPE),
            "cloudevents-json-jackson is on the classpath");

    private final EventCatalogue catalogue;
    private final JsonMapper json;

    CloudEvents(JsonMapper json) {
        this.catalogue = EventCatalogue.load();
        this.json = json;
    }

    /** The event as a CloudEvent, with {@code data} replaced by {@code data} when given (a projection). */
    public CloudEvent toCloudEvent(TenantId tenant, PublicEvent event, @Nullable JsonNode data) {
        EventType type = catalogue.find(event.type()).orElse(null);
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(event.id().toString())
                .withSource(URI.create("/fulcrum/tenants/" + tenant.value()))
                .withType(type == null ? "dev.fulcrum." + event.type() : type.cloudEventsType())
                .withTime(event.time().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(json.writeValueAsBytes(data == null ? event.data() : data));
        if (type != null) {
            builder.withDataSchema(type.schemaId());
        }
        if (event.orderId() != null) {
            builder.withSubject(event.orderId().toString());
        } else if (event.subject() != null) {
            builder.withSubject(event.subject());
        }
        if (event.sequence() != null) {
            builder.withExtension("ordersequence", event.sequence().intValue());
        }
        return builder.build();
    }

    /** The structured JSON document ({@code application/cloudevents+json}). */
    public byte[] serialize(CloudEvent event) {
        return FORMAT.serialize(event);
    }

    public byte[] serialize(TenantId tenant, PublicEvent event, @Nullable JsonNode data) {
        return serialize(toCloudEvent(tenant, event, data));
    }

    /** The document as a JSON tree, for embedding in API responses. */
    public JsonNode toJson(TenantId tenant, PublicEvent event) {
        return json.readTree(serialize(tenant, event, null));
    }

    public EventCatalogue catalogue() {
        return catalogue;
    }
}
