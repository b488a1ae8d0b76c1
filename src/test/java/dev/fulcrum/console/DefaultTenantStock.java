package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import java.util.UUID;

/**
 * A warehouse with stock of a fresh item in the default tenant (the tenant the console's admin sees), so that a paid
 * order placed there is sourced. Sourcing does nothing while a tenant has no active location, and the other console
 * tests rely on that: {@link #close()} deactivates the warehouse again.
 */
final class DefaultTenantStock implements AutoCloseable {

    static final String BOOTSTRAP_KEY = "fk_bootstrp_testkeytestkeytestkeytestkey";

    private final Api api;
    final String locationId;
    final String sku;

    DefaultTenantStock(int port) {
        this.api = new Api(port, BOOTSTRAP_KEY);
        String suffix = UUID.randomUUID().toString().substring(0, 8).toUpperCase(java.util.Locale.ROOT);
        this.locationId = "CONSOLE-WH-" + suffix;
        this.sku = "CONSOLE-TEA-" + suffix;
        expectOk(api.put("/api/v1/locations/" + locationId, location(true)));
        expectOk(api.put("/api/v1/items/" + sku, """
                {"name": "Console tea", "weightGrams": 500, "temperature": "ambient"}"""));
        expectOk(api.put("/api/v1/locations/" + locationId + "/stock", """
                {"asOf": "2026-01-01T00:00:00Z", "positions": [{"sku": "%s", "onHand": 50}]}""".formatted(sku)));
    }

    /** A paid order of two units of the item to Shanghai; its id. */
    String placePaidOrder(String externalId) {
        return place(externalId, true);
    }

    String placeUnpaidOrder(String externalId) {
        return place(externalId, false);
    }

    private String place(String externalId, boolean paid) {
        Api.Response placed = api.post("/api/v1/orders", """
                {"channel": "web", "externalId": "%s", "currency": "CNY", "customer": {"id": "C-1", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "%s", "quantity": 2, "unitPrice": "10.00"}] %s}""".formatted(
                externalId, sku, paid ? ", \"payment\": {\"status\": \"captured\", \"method\": \"alipay\"}" : ""));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.json().path("id").asString();
    }

    @Override
    public void close() {
        expectOk(api.put("/api/v1/locations/" + locationId, location(false)));
    }

    private String location(boolean active) {
        return """
                {"name": "Console test DC", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "region": "SH", "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "2.00", "handlingCostPerUnit": "0.30",
                 "processingHours": 4, "cutoffTime": "16:00", "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"],
                 "active": %s}""".formatted(active);
    }

    private static void expectOk(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
    }
}
