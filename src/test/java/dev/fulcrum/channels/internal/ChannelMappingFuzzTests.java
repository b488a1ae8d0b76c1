package dev.fulcrum.channels.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fulcrum.order.OrderContract;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Throws malformed and adversarial payloads at every channel adapter, the JSONata mapping and the CSV reader: the
 * only failure allowed is a {@link MappingFailure} (which intake turns into quarantine, never a 500). Runs its seed
 * corpus in regression mode under {@code mvn verify}; {@code JAZZER_FUZZ=1 ./mvnw test -Dtest=ChannelMappingFuzzTests}
 * fuzzes for {@code maxDuration}.
 */
class ChannelMappingFuzzTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] TOPICS = {
        "orders/create",
        "orders/updated",
        "orders/cancelled",
        "orders/paid",
        "refunds/create",
        "order.created",
        "order.deleted",
        "bogus",
        ""
    };
    private static final String MAPPING = """
            {"externalId": $string(id), "currency": cur, "customer": {"name": who},
             "shippingAddress": {"name": who, "line1": a, "city": c, "country": cc},
             "lines": items.{"sku": s, "quantity": q, "unitPrice": p, "tags": t}}""";

    @FuzzTest(maxDuration = "30s")
    void adaptersRejectBadPayloadsOnlyWithMappingFailures(FuzzedDataProvider data) {
        String topic = TOPICS[data.consumeInt(0, TOPICS.length - 1)];
        int adapter = data.consumeInt(0, 4);
        String body = data.consumeRemainingAsString();
        try {
            Mapped mapped = switch (adapter) {
                case 0 -> ShopifyMapper.map(topic, tree(body));
                case 1 -> WooCommerceMapper.map(topic, tree(body));
                case 2 -> AmazonMapper.map(tree(body));
                case 3 -> JsonataMapping.map(MAPPING, tree(body));
                default -> JsonataMapping.fromCanonical(CsvOrders.parseOne(body));
            };
            if (mapped.document() != null) {
                OrderContract.problemsOf(mapped.document());
            }
        } catch (MappingFailure | JacksonException expected) {
            // quarantined (or, for JSON that does not parse, rejected as "body is not JSON") by intake
        }
    }

    @FuzzTest(maxDuration = "30s")
    void jsonataMappingsWrittenByUsersNeverEscapeAsExceptions(FuzzedDataProvider data) {
        String mapping = data.consumeString(200);
        String body = data.consumeRemainingAsString();
        try {
            JsonataMapping.map(mapping, tree(body));
        } catch (MappingFailure | JacksonException expected) {
            // reported to the user as a problem of the mapping or the body
        }
    }

    private static JsonNode tree(String body) {
        JsonNode node = JSON.readTree(body);
        if (node == null || node.isMissingNode()) {
            throw new MappingFailure("body", "is empty");
        }
        return node;
    }
}
