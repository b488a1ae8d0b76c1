package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A warehouse with stock, shipped flows and orders for the flow tests, written through the API. */
final class FlowFixtures {

    private final Api api;

    FlowFixtures(Api api) {
        this.api = api;
    }

    /** One warehouse in Shanghai holding {@code onHand} units of TEA-001. */
    void warehouseWithTea(int onHand) {
        expect(api.put("/api/v1/locations/WH-SH", """
                {"name": "Shanghai", "type": "warehouse", "latitude": 31.2, "longitude": 121.5, "country": "CN",
                 "region": "SH", "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "2.00", "handlingCostPerUnit": "0.30",
                 "processingHours": 4, "cutoffTime": "16:00", "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"]}
                """), 200);
        expect(
                api.put(
                        "/api/v1/items/TEA-001",
                        "{\"name\": \"tea\", \"weightGrams\": 500, \"temperature\": \"ambient\"}"),
                200);
        expect(
                api.put(
                        "/api/v1/locations/WH-SH/stock",
                        "{\"asOf\": \"" + Instant.now() + "\", \"positions\": [{\"sku\": \"TEA-001\", \"onHand\": "
                                + onHand + "}]}"),
                200);
    }

    int availableTea() {
        return expect(api.get("/api/v1/availability?sku=TEA-001"), 200)
                .json()
                .path("available")
                .asInt();
    }

    /** Publishes the flow shipped with Fulcrum under its own name; returns its version. */
    int publishShipped(String name) {
        String definition =
                expect(api.get("/api/v1/flows/shipped/" + name), 200).body();
        return expect(api.put("/api/v1/flows/" + name, definition), 200)
                .json()
                .path("version")
                .asInt();
    }

    /**
     * Places an order of two TEA-001 (total 113.00 CNY) from {@code channel} with a captured payment of
     * {@code paid} and the given attributes JSON; returns the answer.
     */
    JsonNode place(String channel, String paid, String attributes) {
        return place(channel, "captured", paid, attributes);
    }

    /** As {@link #place(String, String, String)} with a payment of the given status. */
    JsonNode place(String channel, String paymentStatus, String amount, String attributes) {
        return expect(
                        api.post("/api/v1/orders", """
                {"channel": "%s", "externalId": "F-%s", "currency": "CNY",
                 "customer": {"id": "C-1", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "59.00", "discount": "5.00"}],
                 "payment": {"status": "%s", "method": "alipay", "amount": "%s"},
                 "attributes": %s}
                """.formatted(
                                        channel, UUID.randomUUID(), paymentStatus, amount, attributes)),
                        201)
                .json();
    }

    JsonNode order(String id) {
        return expect(api.get("/api/v1/orders/" + id), 200).json();
    }

    static int allocated(JsonNode order) {
        return order.path("lines").get(0).path("quantities").path("allocated").asInt();
    }

    static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
