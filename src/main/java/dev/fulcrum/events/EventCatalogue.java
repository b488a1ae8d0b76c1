package dev.fulcrum.events;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public event contract: every event type and version, read from the JSON Schemas committed under
 * {@code src/main/resources/events/schemas} ({@code <name>.v<version>.json}; shared parts under {@code common/}).
 * Adding a public event type is adding its schema file there; the catalogue, validation, masking and the generated
 * {@code docs/events.md} follow from it.
 */
public final class EventCatalogue {

    public static final String SCHEMA_BASE = "https://fulcrum.dev/schemas/events/";
    private static final String LOCATION = "classpath:events/schemas/";
    private static final Pattern FILE_NAME =
            Pattern.compile("([a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9-]*)+)\\.v(\\d+)\\.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, EventType> latest = new TreeMap<>();
    private final List<EventType> all = new ArrayList<>();
    private final SchemaRegistry registry;
    private final Map<URI, Schema> validators = new ConcurrentHashMap<>();

    private EventCatalogue() {
        this.registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(SCHEMA_BASE, LOCATION)));
        Map<URI, JsonNode> documents = new java.util.HashMap<>();
        List<Resource> eventSchemas = new ArrayList<>();
        try {
            PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
            for (Resource resource : resolver.getResources(LOCATION + "**/*.json")) {
                JsonNode document;
                try (InputStream in = resource.getInputStream()) {
                    document = JSON.readTree(in);
                }
                documents.put(URI.create(document.path("$id").asString()), document);
                if (FILE_NAME.matcher(resource.getFilename()).matches()
                        && !resource.getURI().toString().contains("/common/")) {
                    eventSchemas.add(resource);
                }
            }
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
        for (Resource resource : eventSchemas) {
            Matcher name = FILE_NAME.matcher(resource.getFilename());
            name.matches();
            URI id = URI.create(SCHEMA_BASE + resource.getFilename());
            JsonNode document = documents.get(id);
            if (document == null) {
                throw new IllegalStateException(resource.getFilename() + " must declare $id " + id);
            }
            JsonNode schema = dereference(document, id, documents);
            Set<String> personal = new LinkedHashSet<>();
            Set<String> decimals = new LinkedHashSet<>();
            collectPaths(schema, "", personal, decimals);
            EventType type = new EventType(
                    name.group(1),
                    Integer.parseInt(name.group(2)),
                    document.path("title").asString(),
                    document.path("description").asString(),
                    id,
                    schema,
                    Collections.unmodifiableSet(personal),
                    Collections.unmodifiableSet(decimals));
            all.add(type);
            latest.merge(type.name(), type, (a, b) -> a.version() >= b.version() ? a : b);
        }
        all.sort(Comparator.comparing(EventType::name).thenComparing(EventType::version));
    }

    private static final class Holder {
        private static final EventCatalogue INSTANCE = new EventCatalogue();
    }

    /** The catalogue of the schemas on the class path, read once. */
    public static EventCatalogue load() {
        return Holder.INSTANCE;
    }

    /** Every type and version, by name then version. */
    public List<EventType> all() {
        return Collections.unmodifiableList(all);
    }

    /** The current version of each type, by name. */
    public List<EventType> current() {
        return List.copyOf(latest.values());
    }

    /** The current version of a type by its short name ({@code order.placed}) or CloudEvents type. */
    public Optional<EventType> find(@Nullable String name) {
        if (name == null) {
            return Optional.empty();
        }
        EventType byName = latest.get(name);
        if (byName != null) {
            return Optional.of(byName);
        }
        return all.stream().filter(type -> type.cloudEventsType().equals(name)).findFirst();
    }

    public EventType require(String name) {
        return find(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "public event type '" + name + "' has no schema in events/schemas: add " + name + ".v1.json"));
    }

    /** Validates {@code data} against the schema of the type's current version; empty when valid. */
    public List<String> validate(String name, JsonNode data) {
        EventType type = require(name);
        Schema schema =
                validators.computeIfAbsent(type.schemaId(), id -> registry.getSchema(SchemaLocation.of(id.toString())));
        return schema.validate(data).stream().map(error -> error.toString()).toList();
    }

    /** Resolves every {@code $ref} (relative to the enclosing document, with JSON pointer fragments). */
    private static JsonNode dereference(JsonNode node, URI base, Map<URI, JsonNode> documents) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString()) {
                URI target = base.resolve(ref.asString());
                URI document = URI.create(target.getScheme() + ":" + target.getSchemeSpecificPart());
                JsonNode resolved = documents.get(document);
                if (resolved == null) {
                    throw new IllegalStateException("unresolvable $ref " + target + " in " + base);
                }
                if (target.getFragment() != null && !target.getFragment().isEmpty()) {
                    resolved = resolved.at(target.getFragment());
                }
                return dereference(resolved, document, documents);
            }
            ObjectNode copy = JSON.createObjectNode();
            node.properties().forEach(entry -> {
                if (!entry.getKey().equals("$defs")
                        && !entry.getKey().equals("$schema")
                        && !entry.getKey().equals("$id")) {
                    copy.set(entry.getKey(), dereference(entry.getValue(), base, documents));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(item -> copy.add(dereference(item, base, documents)));
            return copy;
        }
        return node;
    }

    private static void collectPaths(JsonNode schema, String path, Set<String> personal, Set<String> decimals) {
        if (schema.path("x-personal-data").asBoolean(false)) {
            personal.add(path);
        }
        if (schema.path("x-decimal").asBoolean(false)) {
            decimals.add(path);
        }
        schema.path("properties")
                .properties()
                .forEach(property -> collectPaths(
                        property.getValue(),
                        path.isEmpty() ? property.getKey() : path + "." + property.getKey(),
                        personal,
                        decimals));
        if (schema.has("items")) {
            collectPaths(schema.get("items"), path, personal, decimals);
        }
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            schema.path(combinator).forEach(alternative -> collectPaths(alternative, path, personal, decimals));
        }
    }
}
