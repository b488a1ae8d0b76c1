package dev.fulcrum.sourcing;

import dev.fulcrum.testing.Api;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Locations, items, stock, carriers and orders for sourcing tests, written through the API. */
final class SourcingFixtures {

    private final Api api;

    SourcingFixtures(Api api) {
        this.api = api;
    }

    /** A warehouse in Shanghai time, open Monday to Saturday, cut-off 16:00, handling 2.00 + 0.30 per unit. */
    void location(String id, double latitude, double longitude, String extra) {
        String body = """
                {"name": "%s", "type": "warehouse", "latitude": %s, "longitude": %s, "country": "CN", "region": "SH",
                 "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "2.00", "handlingCostPerUnit": "0.30",
                 "processingHours": 4, "cutoffTime": "16:00", "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"]%s}
                """.formatted(id, latitude, longitude, extra.isEmpty() ? "" : ", " + extra);
        expect(api.put("/api/v1/locations/" + id, body), 200);
    }

    void item(String sku, double grams, String temperature) {
        expect(api.put("/api/v1/items/" + sku, """
                {"name": "%s", "weightGrams": %s, "temperature": "%s"}""".formatted(sku, grams, temperature)), 200);
    }

    void stock(String location, String asOf, String... skuAndQuantity) {
        StringBuilder positions = new StringBuilder();
        for (int i = 0; i < skuAndQuantity.length; i += 2) {
            if (!positions.isEmpty()) {
                positions.append(',');
            }
            positions.append("{\"sku\": \"%s\", \"onHand\": %s}".formatted(skuAndQuantity[i], skuAndQuantity[i + 1]));
        }
        expect(
                api.put(
                        "/api/v1/locations/" + location + "/stock",
                        "{\"asOf\": \"" + asOf + "\", \"positions\": [" + positions + "]}"),
                200);
    }

    void carrier(String code, String carrier, String mode, boolean cold, String csvRows) {
        expect(api.put("/api/v1/carriers/" + code, """
                {"carrier": "%s", "serviceLevel": "standard", "mode": "%s", "temperatureControlled": %s}""".formatted(carrier, mode, cold)), 200);
        String csv = "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,"
                + "transitDaysTypical,transitDaysP90,emissionFactor\n" + csvRows;
        Api.Response response = api.putText("/api/v1/carriers/" + code + "/rates", csv);
        expect(response, 200);
    }

    /** A paid order to Shanghai; {@code lines} are "SKU:quantity". */
    String paidOrder(@Nullable String notes, String customerId, String... lines) {
        return placeOrder(notes, customerId, true, lines);
    }

    String placeOrder(@Nullable String notes, String customerId, boolean paid, String... lines) {
        String lineJson = List.of(lines).stream()
                .map(line -> line.split(":", -1))
                .map(parts ->
                        "{\"sku\": \"%s\", \"quantity\": %s, \"unitPrice\": \"10.00\"}".formatted(parts[0], parts[1]))
                .collect(Collectors.joining(","));
        return placeOrderWithLines(notes, customerId, paid, lineJson);
    }

    /** A paid order to Shanghai in another currency; {@code lines} are "SKU:quantity" at 10 units each. */
    String paidOrderIn(String currency, String... lines) {
        String lineJson = List.of(lines).stream()
                .map(line -> line.split(":"))
                .map(parts ->
                        "{\"sku\": \"%s\", \"quantity\": %s, \"unitPrice\": \"10\"}".formatted(parts[0], parts[1]))
                .collect(Collectors.joining(","));
        return postOrder(currency, null, "C-" + currency, true, lineJson);
    }

    /** A paid or unpaid order to Shanghai with the lines given as JSON objects (comma-separated). */
    String placeOrderWithLines(@Nullable String notes, String customerId, boolean paid, String lineJson) {
        return postOrder("CNY", notes, customerId, paid, lineJson);
    }

    private String postOrder(
            String currency, @Nullable String notes, String customerId, boolean paid, String lineJson) {
        String body = """
                {"channel": "web", "externalId": "S-%s", "currency": "%s",
                 "customer": {"id": "%s", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "上海", "region": "SH",
                   "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [%s], %s "notes": %s}
                """.formatted(
                        UUID.randomUUID(),
                        currency,
                        customerId,
                        lineJson,
                        paid ? "\"payment\": {\"status\": \"captured\", \"method\": \"alipay\"}," : "",
                        notes == null ? "null" : "\"" + notes + "\"");
        Api.Response response = api.post("/api/v1/orders", body);
        expect(response, 201);
        return response.json().path("id").asString();
    }

    static Api.Response expect(Api.Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response);
        }
        return response;
    }
}
