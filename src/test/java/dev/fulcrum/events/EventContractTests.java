package dev.fulcrum.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The public event contract: schemas load, released versions stay backward compatible, and the catalogue in
 * {@code docs/events.md} is regenerated from the schemas. A released version's dereferenced schema is kept under
 * {@code src/test/resources/events/released}; a new version is recorded there the first time this test runs.
 */
class EventContractTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path RELEASED = Path.of("src/test/resources/events/released");

    private final EventCatalogue catalogue = EventCatalogue.load();

    @Test
    void catalogueHoldsEveryOrderEventAndTheSubscriptionPausedEvent() {
        assertThat(catalogue.current())
                .extracting(EventType::name)
                .contains(
                        "order.placed",
                        "order.paid",
                        "order.held",
                        "order.released",
                        "order.cancelled",
                        "order.shipped",
                        "order.delivered",
                        "subscription.paused");
        EventType placed = catalogue.require("order.placed");
        assertThat(placed.cloudEventsType()).isEqualTo("dev.fulcrum.order.placed.v1");
        assertThat(placed.personalDataPaths())
                .contains("order.customer.email", "order.shippingAddress.line1")
                .doesNotContain("order.shippingAddress.country", "order.id");
        assertThat(placed.decimalPaths()).contains("order.total", "order.lines.unitPrice");
        assertThat(catalogue.find("dev.fulcrum.order.placed.v1")).contains(placed);
    }

    @Test
    void everyReleasedVersionIsStillCompatible() throws IOException {
        Files.createDirectories(RELEASED);
        List<String> problems = new ArrayList<>();
        for (EventType type : catalogue.all()) {
            Path released = RELEASED.resolve(type.name() + ".v" + type.version() + ".json");
            if (Files.exists(released)) {
                SchemaCompatibility.breakingChanges(JSON.readTree(released.toFile()), type.schema())
                        .forEach(problem -> problems.add(type.cloudEventsType() + ": " + problem));
            } else {
                Files.writeString(
                        released, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(type.schema()) + "\n");
            }
        }
        try (var files = Files.list(RELEASED)) {
            files.forEach(file -> {
                String name = file.getFileName().toString().replaceFirst("\\.v\\d+\\.json$", "");
                int version = Integer.parseInt(file.getFileName().toString().replaceAll(".*\\.v(\\d+)\\.json$", "$1"));
                if (catalogue.all().stream().noneMatch(type -> type.name().equals(name) && type.version() == version)) {
                    problems.add(name + " v" + version + " was released and its schema was removed");
                }
            });
        }
        assertThat(problems)
                .as("breaking changes to released event versions: make a new version instead")
                .isEmpty();
    }

    @Test
    void removingARequiredFieldIsABreakingChange() {
        JsonNode released = catalogue.require("order.shipped").schema();
        ObjectNode changed = (ObjectNode) released.deepCopy();
        ((ObjectNode) changed.get("properties")).remove("trackingNumber");
        changed.set("required", JSON.readTree("[\"order\", \"lines\", \"carrier\"]"));
        assertThat(SchemaCompatibility.breakingChanges(released, changed))
                .containsExactly("data.trackingNumber is no longer required", "data.trackingNumber was removed");
    }

    @Test
    void retypingANestedFieldIsABreakingChange() {
        JsonNode released = catalogue.require("order.placed").schema();
        ObjectNode changed = (ObjectNode) released.deepCopy();
        ((ObjectNode) changed.at("/properties/order/properties/statusCode")).put("type", "string");
        assertThat(SchemaCompatibility.breakingChanges(released, changed))
                .containsExactly("data.order.statusCode was retyped from [integer] to [string]");
    }

    @Test
    void addingAnOptionalFieldIsCompatible() {
        JsonNode released = catalogue.require("order.placed").schema();
        ObjectNode changed = (ObjectNode) released.deepCopy();
        ((ObjectNode) changed.at("/properties/order/properties"))
                .putObject("priority")
                .put("type", "string");
        assertThat(SchemaCompatibility.breakingChanges(released, changed)).isEmpty();
    }

    @Test
    void dataMissingARequiredFieldDoesNotValidate() {
        assertThat(catalogue.validate("order.held", JSON.readTree("{\"order\": {}}")))
                .isNotEmpty();
    }

    @Test
    void catalogueDocumentIsRegeneratedFromTheSchemas() throws IOException {
        Path document = Path.of("docs/events.md");
        String rendered = CatalogueDocument.render(catalogue);
        String existing = Files.exists(document) ? Files.readString(document) : "";
        if (!existing.equals(rendered)) {
            Files.createDirectories(document.getParent());
            Files.writeString(document, rendered);
        }
        assertThat(rendered).contains("dev.fulcrum.order.placed.v1", "`order.customer.email`", "personal");
        if (System.getenv("CI") != null) {
            assertThat(existing)
                    .as("docs/events.md was out of date; it has been regenerated, commit it")
                    .isEqualTo(rendered);
        }
    }
}
