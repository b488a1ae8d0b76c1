package dev.fulcrum.catalog.web;

import dev.fulcrum.catalog.Catalog;
import dev.fulcrum.catalog.Item;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.JsonFields;
import dev.fulcrum.shared.RequestLimits;
import dev.fulcrum.shared.Sku;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The catalogue API: items by SKU. */
@RestController
@RequestMapping("/api/v1/items")
@Tag(name = "Catalogue")
class ItemController {

    private static final String[] FIELDS = {
        "sku",
        "name",
        "weightGrams",
        "lengthMm",
        "widthMm",
        "heightMm",
        "temperature",
        "hazardous",
        "restrictedCountries",
        "category",
        "returnable"
    };

    /** The most items one bulk call replaces, in one transaction. */
    static final int MAX_BULK_ITEMS = 10_000;

    /** The most items one page lists. */
    static final int MAX_PAGE_SIZE = 1000;

    private final Catalog catalog;

    ItemController(Catalog catalog) {
        this.catalog = catalog;
    }

    @PutMapping("/{sku}")
    @Operation(
            summary = "Create or replace an item",
            description =
                    "Body: {\"name\": \"Frozen dumplings\", \"weightGrams\": 1000, "
                            + "\"temperature\": \"frozen\", \"hazardous\": false, \"returnable\": true, \"category\": \"food\"}")
    Item put(@PathVariable String sku, @RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, FIELDS);
        Item item = item(sku, fields);
        fields.throwIfInvalid();
        return catalog.put(item);
    }

    @PostMapping("/bulk")
    @Operation(
            summary = "Create or replace many items in one transaction",
            description = "Body: {\"items\": [{\"sku\": ..., ...}]}, at most 10000 items per call "
                    + "(more: 400 naming items); send a larger catalogue in several calls.")
    Map<String, Object> bulk(@RequestBody JsonNode body) {
        JsonFields fields = new JsonFields(body, "items");
        JsonNode items = fields.node("items");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw ApiProblem.invalid("items", "must be an array of 1 to " + MAX_BULK_ITEMS + " items");
        }
        RequestLimits.atMost("items", items.size(), MAX_BULK_ITEMS, "items per call");
        List<Item> parsed = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonFields itemFields = fields.nested("items[" + i + "]", items.get(i), FIELDS);
            String sku = itemFields.text("sku", true);
            parsed.add(item(sku == null ? "?" : sku, itemFields));
        }
        fields.throwIfInvalid();
        return Map.of("upserted", catalog.putAll(parsed).size());
    }

    @GetMapping("/{sku}")
    @Operation(summary = "Read an item")
    Item get(@PathVariable String sku) {
        return catalog.find(new Sku(sku)).orElseThrow(() -> ApiProblem.notFound("item " + sku + " does not exist"));
    }

    @GetMapping
    @Operation(summary = "List items by SKU", description = "Pass the last SKU of a page as `after` for the next one.")
    List<Item> list(
            @RequestParam(required = false) @Nullable String after,
            @Parameter(
                            description = "Items per page, at most 1000",
                            schema = @Schema(type = "integer", minimum = "1", maximum = "1000", defaultValue = "100"))
                    @RequestParam(defaultValue = "100")
                    int limit) {
        RequestLimits.pageSize("limit", limit, MAX_PAGE_SIZE);
        return catalog.list(after == null || after.isBlank() ? null : new Sku(after), limit);
    }

    private static Item item(String sku, JsonFields fields) {
        if (sku.isBlank() || sku.length() > 200) {
            fields.problem("sku", "must be 1 to 200 characters");
        }
        String name = fields.text("name", true);
        Double weight = fields.decimal("weightGrams", false, 0, 10_000_000);
        Integer length = fields.integer("lengthMm", false, 0, 100_000);
        Integer width = fields.integer("widthMm", false, 0, 100_000);
        Integer height = fields.integer("heightMm", false, 0, 100_000);
        String temperature = fields.oneOf("temperature", Item.TEMPERATURES, "ambient");
        List<String> restricted = fields.strings("restrictedCountries");
        if (restricted != null && restricted.stream().anyMatch(country -> !country.matches("[A-Z]{2}"))) {
            fields.problem("restrictedCountries", "must list ISO 3166-1 alpha-2 codes such as \"US\"");
        }
        return new Item(
                sku,
                name == null ? sku : name,
                weight == null ? 0 : weight,
                length,
                width,
                height,
                temperature,
                fields.bool("hazardous", false),
                restricted == null ? List.of() : restricted,
                fields.text("category", false),
                fields.bool("returnable", true));
    }
}
