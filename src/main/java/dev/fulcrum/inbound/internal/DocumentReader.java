package dev.fulcrum.inbound.internal;

import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.EventCatalogue;
import dev.fulcrum.events.EventType;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.TenantId;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.provider.EventFormatProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an inbound document with the CloudEvents SDK (structured JSON, CloudEvents 1.0), checks that its type is an
 * inbound type of the event catalogue and validates its {@code data} against that type's JSON Schema. The tenant is the
 * caller's for the API and the {@code tenant} extension attribute on Kafka.
 */
@Component
public class DocumentReader {

    /** The CloudEvents extension attribute naming the tenant a document is for. */
    public static final String TENANT_EXTENSION = "tenant";

    private static final EventFormat FORMAT = Objects.requireNonNull(
            EventFormatProvider.getInstance().resolveFormat(CloudEvents.CONTENT_TYPE),
            "cloudevents-json-jackson is on the classpath");

    private final EventCatalogue catalogue = EventCatalogue.load();
    private final JsonMapper json;

    DocumentReader(JsonMapper json) {
        this.json = json;
    }

    /** A document read, or why it could not be, with whatever could be told about it. */
    public sealed interface Read {
        @Nullable
        TenantId tenant();

        @Nullable
        String source();

        @Nullable
        String id();

        @Nullable
        String type();
    }

    public record WellFormed(InboundDocument document) implements Read {
        @Override
        public TenantId tenant() {
            return document.tenant();
        }

        @Override
        public String source() {
            return document.source();
        }

        @Override
        public String id() {
            return document.id();
        }

        @Override
        public String type() {
            return document.type().name();
        }
    }

    /** A document that could not be read: the reason and each field at fault. */
    public record Malformed(
            @Nullable TenantId tenant,
            @Nullable String source,
            @Nullable String id,
            @Nullable String type,
            String reason,
            List<FieldProblem> problems)
            implements Read {}

    /**
     * Reads one document.
     *
     * @param callerTenant the tenant of the API caller; null for Kafka, where the document names its tenant
     */
    public Read read(byte[] bytes, @Nullable TenantId callerTenant) {
        CloudEvent event;
        try {
            event = FORMAT.deserialize(bytes);
        } catch (RuntimeException malformed) {
            Loose loose = loosely(bytes);
            TenantId tenant = callerTenant != null ? callerTenant : loose.tenant;
            String reason = "not a CloudEvents 1.0 structured JSON document: " + message(malformed);
            return new Malformed(
                    tenant, loose.source, loose.id, loose.type, reason, List.of(new FieldProblem("document", reason)));
        }
        String source = event.getSource().toString();
        String id = event.getId();
        List<FieldProblem> problems = new ArrayList<>();
        TenantId tenant = tenant(event.getExtension(TENANT_EXTENSION), callerTenant, problems);
        EventType type = catalogue.find(event.getType()).orElse(null);
        String typeName = type == null ? event.getType() : type.name();
        if (type == null || !type.inbound()) {
            problems.add(new FieldProblem(
                    "type",
                    "'" + event.getType() + "' is not an inbound document type; expected one of "
                            + catalogue.current().stream()
                                    .filter(EventType::inbound)
                                    .map(EventType::cloudEventsType)
                                    .toList()));
        }
        JsonNode data = data(event.getData(), problems);
        if (type != null && type.inbound() && data != null) {
            for (String error : catalogue.validate(type.name(), data)) {
                problems.add(schemaProblem(error));
            }
        }
        if (tenant == null || type == null || !type.inbound() || data == null || !problems.isEmpty()) {
            String reason = problems.stream()
                    .map(problem -> problem.field() + ": " + problem.reason())
                    .reduce((a, b) -> a + "; " + b)
                    .orElse("malformed");
            return new Malformed(tenant, source, id, typeName, reason, problems);
        }
        return new WellFormed(new InboundDocument(
                tenant,
                source,
                id,
                type,
                event.getTime() == null ? null : event.getTime().toInstant(),
                data));
    }

    private static @Nullable TenantId tenant(
            @Nullable Object extension, @Nullable TenantId callerTenant, List<FieldProblem> problems) {
        TenantId named = null;
        if (extension != null) {
            try {
                named = TenantId.of(extension.toString());
            } catch (IllegalArgumentException notAnId) {
                problems.add(new FieldProblem(TENANT_EXTENSION, "must be a tenant id (a UUID)"));
            }
        }
        if (callerTenant != null) {
            if (named != null && !named.equals(callerTenant)) {
                problems.add(new FieldProblem(TENANT_EXTENSION, "names another tenant than the caller's"));
            }
            return callerTenant;
        }
        if (named == null && extension == null) {
            problems.add(new FieldProblem(
                    TENANT_EXTENSION, "is required on Kafka: the extension attribute naming the tenant id"));
        }
        return named;
    }

    private @Nullable JsonNode data(@Nullable CloudEventData data, List<FieldProblem> problems) {
        if (data == null) {
            problems.add(new FieldProblem("data", "is required"));
            return null;
        }
        try {
            JsonNode tree = json.readTree(data.toBytes());
            if (!tree.isObject()) {
                problems.add(new FieldProblem("data", "must be a JSON object"));
                return null;
            }
            return tree;
        } catch (JacksonException notJson) {
            problems.add(new FieldProblem("data", "must be a JSON object"));
            return null;
        }
    }

    /** A schema error such as {@code /lines/0/quantity: must be at least 1} as a problem of {@code data.lines[0]…}. */
    static FieldProblem schemaProblem(String error) {
        int colon = error.indexOf(": ");
        if (colon > 0 && (error.startsWith("/") || error.startsWith("$"))) {
            String pointer = error.substring(0, colon);
            String path = pointer.startsWith("$")
                    ? pointer.substring(1)
                    : pointer.replaceAll("/(\\d+)(?=/|$)", "[$1]").replace('/', '.');
            return new FieldProblem("data" + path, error.substring(colon + 2));
        }
        return new FieldProblem("data", error);
    }

    /** What a document that the SDK refused still tells, for its dead letter. */
    private record Loose(
            @Nullable TenantId tenant,
            @Nullable String source,
            @Nullable String id,
            @Nullable String type) {}

    private Loose loosely(byte[] bytes) {
        try {
            JsonNode tree = json.readTree(bytes);
            TenantId tenant = null;
            String named = text(tree, TENANT_EXTENSION);
            if (named != null) {
                try {
                    tenant = new TenantId(UUID.fromString(named));
                } catch (IllegalArgumentException notAnId) {
                    tenant = null;
                }
            }
            return new Loose(tenant, text(tree, "source"), text(tree, "id"), text(tree, "type"));
        } catch (JacksonException notJson) {
            return new Loose(null, null, null, null);
        }
    }

    private static @Nullable String text(JsonNode tree, String field) {
        JsonNode node = tree.get(field);
        return node != null && node.isString() && !node.stringValue().isBlank() ? node.stringValue() : null;
    }

    private static String message(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
