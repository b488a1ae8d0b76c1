package dev.fulcrum.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.access.Tenants;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.Sku;
import dev.fulcrum.shared.TenantId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;

/**
 * The catalogue module booted with only what it depends on (access for the audit log and tenants, the database and
 * the shared kernel), on the embedded PostgreSQL: items are kept per tenant and replaced by SKU.
 */
// The database module sets the tenant of each transaction; nothing in the catalogue refers to it by type.
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES, extraIncludes = "database")
class CatalogModuleTests {

    @Autowired
    Catalog catalog;

    @Autowired
    Tenants tenants;

    @Test
    void anItemPutTwiceUnderOneSkuIsReplaced() {
        TenantId tenant = tenants.create("catalog " + UUID.randomUUID());
        RequestContext.runAs(tenant, "test", () -> {
            catalog.put(item("TEA-001", "Green tea", 250));
            return catalog.put(item("TEA-001", "Green tea, 500 g", 500));
        });

        Item found = RequestContext.runAs(tenant, "test", () -> catalog.find(new Sku("TEA-001")))
                .orElseThrow();
        assertThat(found.name()).isEqualTo("Green tea, 500 g");
        assertThat(found.weightGrams()).isEqualTo(500);
        assertThat(RequestContext.runAs(tenant, "test", () -> catalog.list(null, 10)))
                .extracting(Item::sku)
                .containsExactly("TEA-001");
    }

    @Test
    void anotherTenantDoesNotSeeTheItem() {
        TenantId owner = tenants.create("catalog " + UUID.randomUUID());
        TenantId other = tenants.create("catalog " + UUID.randomUUID());
        RequestContext.runAs(owner, "test", () -> catalog.put(item("MUG-9", "Mug", 400)));

        assertThat(RequestContext.runAs(other, "test", () -> catalog.find(new Sku("MUG-9"))))
                .isEmpty();
        assertThat(RequestContext.runAs(owner, "test", () -> catalog.find(new Sku("MUG-9"))))
                .isPresent();
    }

    private static Item item(String sku, String name, int weightGrams) {
        return new Item(sku, name, weightGrams, null, null, null, "ambient", false, List.of(), null, true);
    }
}
