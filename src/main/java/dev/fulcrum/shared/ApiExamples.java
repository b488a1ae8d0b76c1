package dev.fulcrum.shared;

import java.util.LinkedHashMap;
import java.util.Map;

/** Example request bodies for the OpenAPI description, by {@code "<METHOD> <path>"}. */
final class ApiExamples {

    private ApiExamples() {}

    record RequestExample(String name, String summary, String mediaType, String body) {}

    static final Map<String, RequestExample> REQUESTS = requests();

    private static Map<String, RequestExample> requests() {
        Map<String, RequestExample> examples = new LinkedHashMap<>();
        examples.put("POST /api/v1/orders", json("paidOrder", "A paid web order to Shanghai", """
                {"channel": "web", "externalId": "W-1001", "currency": "CNY", "placedAt": "2026-11-20T10:00:00Z",
                 "customer": {"id": "C-77", "name": "王芳", "email": "wang@example.com", "phone": "+86 138 0000 0000"},
                 "shippingAddress": {"name": "王芳", "phone": "+86 138 0000 0000", "line1": "人民路 1 号", "line2": null,
                   "city": "上海", "region": "SH", "postalCode": "200001", "country": "CN",
                   "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "59.00", "discount": "5.00", "tax": "0.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "113.00"},
                 "notes": "急用，送长辈", "tags": ["vip"], "attributes": {"campaign": "double-11"}}"""));
        examples.put("POST /api/v1/orders/{id}/pay", json("pay", "Payment captured", """
                {"method": "alipay", "amount": "113.00"}"""));
        examples.put("POST /api/v1/orders/{id}/hold", json("manualHold", "Hold by hand with a reason", """
                {"type": "manual", "reason": "customer asked us to wait"}"""));
        examples.put("POST /api/v1/orders/{id}/cancel", json("cancel", "Cancel the whole order", """
                {"reason": "customer changed their mind"}"""));
        examples.put("POST /api/v1/orders/{id}/ship", json("shipOneLine", "Ship line 1 with a tracking number", """
                {"lines": [{"lineNo": 1, "quantity": 2}], "carrier": "SF", "trackingNumber": "SF1234567890"}"""));
        examples.put("POST /api/v1/api-keys", json("erpKey", "A key for an ERP that places and reads orders", """
                {"name": "ERP", "scopes": ["orders:read", "orders:write"]}"""));
        examples.put("POST /api/v1/users", json("operator", "An operator for the console", """
                {"username": "li.na", "displayName": "李娜", "password": "a long passphrase", "role": "operator"}"""));
        examples.put("PUT /api/v1/items/{sku}", json("frozenItem", "A frozen item", """
                {"name": "三鲜水饺 Dumplings 1kg", "weightGrams": 1050, "temperature": "frozen", "hazardous": false,
                 "restrictedCountries": [], "category": "frozen", "returnable": false}"""));
        examples.put("PUT /api/v1/locations/{id}", json("shanghaiWarehouse", "A warehouse in Shanghai", """
                {"name": "上海嘉定仓 Shanghai DC", "type": "warehouse", "latitude": 31.38, "longitude": 121.25,
                 "country": "CN", "region": "SH", "postalCode": "201800", "timeZone": "Asia/Shanghai",
                 "capabilities": ["chilled", "frozen"], "dailyOrderCapacity": 5000, "handlingCostPerOrder": "2.00",
                 "handlingCostPerUnit": "0.30", "processingHours": 4, "cutoffTime": "16:00",
                 "workingDays": ["MON", "TUE", "WED", "THU", "FRI", "SAT"], "holidays": ["2027-02-06"]}"""));
        examples.put("PUT /api/v1/locations/{id}/stock", json("snapshot", "A stock snapshot", """
                {"asOf": "2026-11-20T08:00:00Z", "positions": [{"sku": "TEA-001", "onHand": 120}]}"""));
        examples.put("PUT /api/v1/carriers/{code}", json("sfExpress", "An air express service", """
                {"carrier": "SF", "serviceLevel": "express", "mode": "air", "temperatureControlled": false}"""));
        examples.put("PUT /api/v1/carriers/{code}/rates", new RequestExample("rateCard", "Two lanes", "text/csv", """
                        origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,\
                        transitDaysTypical,transitDaysP90,emissionFactor
                        WH-SH,CN,SH,,0,30,1.2,12,1,2,
                        *,CN,,,0,30,2.5,18,2,3,1100
                        """));
        examples.put("PUT /api/v1/sourcing/profiles/{name}", json("profile", "Urgent first, then balanced", """
                {"strategies": [
                   {"name": "urgent", "when": "'urgent' in order.tags", "objective": "speed-first", "maxShipments": 2},
                   {"name": "default", "objective": "balanced"}],
                 "fallback": "backorder"}"""));
        examples.put("POST /api/v1/subscriptions", json("partner", "Orders of one channel to a partner", """
                {"url": "https://partner.example/hooks", "eventTypes": ["order.placed", "order.allocated"],
                 "filter": "data.order.channel == 'shopify'"}"""));
        examples.put("POST /api/v1/channels/connections", json("shopify", "A Shopify store", """
                {"type": "shopify", "name": "Main store", "channel": "shopify-main", "secret": "shpss_…",
                 "defaultCurrency": "CNY"}"""));
        examples.put("POST /api/v1/platform/tenants", json("tenant", "A tenant with its admin", """
                {"slug": "acme-tea", "name": "Acme Tea Co.", "adminUsername": "ops@acme-tea"}"""));
        return examples;
    }

    private static RequestExample json(String name, String summary, String body) {
        return new RequestExample(name, summary, "application/json", body);
    }
}
