package dev.fulcrum.testing;

import java.util.UUID;

/** Order documents as channels send them (data contract v1), for tests. */
public final class OrderMother {

    private OrderMother() {}

    /** The example order of the data contract, paid, with a unique external id. */
    public static String paidOrder() {
        return paidOrder("W-" + UUID.randomUUID());
    }

    public static String paidOrder(String externalId) {
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY", "placedAt": "2026-11-20T10:00:00Z",
                 "customer": {"id": "C-77", "name": "王芳", "email": "wang@example.com", "phone": "+86 138 0000 0000"},
                 "shippingAddress": {"name": "王芳", "phone": "+86 138 0000 0000", "line1": "人民路 1 号", "line2": null,
                   "city": "上海", "region": "SH", "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                 "lines": [{"sku": "TEA-001", "quantity": 2, "unitPrice": "59.00", "discount": "5.00", "tax": "0.00"}],
                 "payment": {"status": "captured", "method": "alipay", "amount": "113.00"},
                 "notes": "急用，送长辈", "tags": ["vip"], "attributes": {"campaign": "double-11"}}
                """.formatted(externalId);
    }

    /** An order with two lines that waits for payment. */
    public static String unpaidOrderWithTwoLines() {
        return """
                {"channel": "web", "externalId": "W-%s", "currency": "USD",
                 "customer": {"name": "Ada Lovelace", "email": "ada@example.com"},
                 "shippingAddress": {"name": "Ada Lovelace", "line1": "12 St James's Square", "city": "London",
                   "postalCode": "SW1Y 4JH", "country": "GB"},
                 "lines": [{"sku": "BOOK-1", "quantity": 1, "unitPrice": 20},
                           {"sku": "PEN-2", "quantity": 3, "unitPrice": "2.50", "tax": "1.50"}]}
                """.formatted(UUID.randomUUID());
    }
}
