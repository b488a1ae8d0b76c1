package dev.fulcrum.console;

import dev.fulcrum.catalog.Catalog;
import dev.fulcrum.catalog.Item;
import dev.fulcrum.inventory.InventoryLedger;
import dev.fulcrum.inventory.Location;
import dev.fulcrum.inventory.Locations;
import dev.fulcrum.inventory.StockPosition;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Locations with their stock positions and the movements of each position, and the catalogue's items: read-only views
 * over the inventory and catalog modules' APIs (both are set up through the API or the demo data).
 */
@Controller
class InventoryPages {

    static final int MOVEMENTS = 100;
    static final int ITEMS_PAGE = 100;

    private final Locations locations;
    private final InventoryLedger ledger;
    private final Catalog catalog;

    InventoryPages(Locations locations, InventoryLedger ledger, Catalog catalog) {
        this.locations = locations;
        this.ledger = ledger;
        this.catalog = catalog;
    }

    @GetMapping("/locations")
    String locations(Model model) {
        model.addAttribute("locations", locations.list(false));
        return "console/locations";
    }

    @GetMapping("/locations/{id}")
    String location(@PathVariable String id, Model model) {
        Location location = location(id);
        List<StockPosition> positions = ledger.positionsAt(new LocationId(location.id()));
        Map<Sku, Item> items =
                catalog.findAll(positions.stream().map(StockPosition::sku).toList());
        model.addAttribute("location", location);
        model.addAttribute("positions", positions);
        model.addAttribute("items", items);
        return "console/location";
    }

    @GetMapping("/locations/{id}/stock/{sku}")
    String movements(@PathVariable String id, @PathVariable("sku") String skuValue, Model model) {
        Location location = location(id);
        Sku sku = new Sku(skuValue);
        StockPosition position = ledger.positionsAt(new LocationId(location.id())).stream()
                .filter(p -> p.sku().equals(sku))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("location " + id + " has no stock of " + sku));
        model.addAttribute("location", location);
        model.addAttribute("position", position);
        model.addAttribute("item", catalog.find(sku).orElse(null));
        model.addAttribute("movements", ledger.movements(new LocationId(location.id()), sku, MOVEMENTS));
        model.addAttribute("movementLimit", MOVEMENTS);
        return "console/stock-movements";
    }

    @GetMapping("/items")
    String items(@RequestParam(required = false) @Nullable String after, Model model) {
        List<Item> page = catalog.list(after == null || after.isBlank() ? null : new Sku(after), ITEMS_PAGE + 1);
        boolean more = page.size() > ITEMS_PAGE;
        List<Item> shown = more ? page.subList(0, ITEMS_PAGE) : page;
        model.addAttribute("items", shown);
        model.addAttribute("nextAfter", more ? shown.getLast().sku() : null);
        model.addAttribute("firstPage", after == null || after.isBlank());
        return "console/items";
    }

    private Location location(String id) {
        return locations
                .find(new LocationId(id))
                .orElseThrow(() -> ApiProblem.notFound("location " + id + " does not exist"));
    }
}
