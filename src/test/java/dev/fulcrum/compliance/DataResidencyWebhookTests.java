package dev.fulcrum.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import dev.fulcrum.testing.WebhookReceiver;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 6 of issue 13: a webhook subscriber on localhost declared in the {@code eu} region, granted every
 * personal field, receives them masked while the tenant (in {@code cn}) does not allow transfers to {@code eu}, and in
 * full once it does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DataResidencyWebhookTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    Api api;
    WebhookReceiver receiver;

    @BeforeEach
    void setUp() {
        api = new Api(port, TestTenant.create(context).apiKey());
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void tearDown() {
        receiver.close();
    }

    @Test
    void aSubscriberInAnotherRegionGetsPersonalFieldsMaskedUntilTheTransferIsAllowed() {
        expect(api.put("/api/v1/compliance/data-residency", "{\"region\": \"cn\", \"allowedTransfers\": []}"), 200);
        JsonNode subscription = expect(api.post("/api/v1/subscriptions", """
                                {"url": "%s", "eventTypes": ["order.placed"], "region": "eu",
                                 "personalData": ["order.customer.name", "order.customer.email", "order.customer.phone",
                                   "order.shippingAddress.name", "order.shippingAddress.phone",
                                   "order.shippingAddress.line1", "order.shippingAddress.latitude",
                                   "order.attributes.customs.identityNumber"]}""".formatted(receiver.url())), 201)
                .json();
        assertThat(subscription.path("region").asString()).isEqualTo("eu");

        placeOrder();
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 1);
        JsonNode masked = receiver.accepted().getFirst().json().path("data").path("order");
        assertThat(masked.path("customer").path("name").asString()).isEqualTo("王**");
        assertThat(masked.path("customer").path("email").asString()).isEqualTo("w***@example.com");
        assertThat(masked.path("customer").path("phone").asString()).isEqualTo("+** *** **** 0000");
        assertThat(masked.path("shippingAddress").path("line1").asString()).isEqualTo("人**");
        assertThat(masked.path("shippingAddress").path("latitude").isNull()).isTrue();
        assertThat(masked.path("shippingAddress").path("postalCode").asString())
                .as("not granted at all: masked whatever the region")
                .isEqualTo("***");
        assertThat(masked.path("attributes")
                        .path("customs")
                        .path("identityNumber")
                        .asString())
                .isEqualTo("**************002X");
        assertThat(masked.path("shippingAddress").path("city").asString())
                .as("not personal")
                .isEqualTo("上海");

        JsonNode allowed = expect(
                        api.put(
                                "/api/v1/compliance/data-residency",
                                "{\"region\": \"cn\", \"allowedTransfers\": [\"eu\"]}"),
                        200)
                .json();
        assertThat(allowed.path("allowedTransfers").get(0).asString()).isEqualTo("eu");
        placeOrder();
        await().atMost(PATIENCE).until(() -> receiver.accepted().size() == 2);
        JsonNode full = receiver.accepted().get(1).json().path("data").path("order");
        assertThat(full.path("customer").path("name").asString()).isEqualTo("王芳");
        assertThat(full.path("customer").path("email").asString()).isEqualTo("wang@example.com");
        assertThat(full.path("shippingAddress").path("line1").asString()).isEqualTo("人民路 1 号");
        assertThat(full.path("attributes")
                        .path("customs")
                        .path("identityNumber")
                        .asString())
                .isEqualTo("11010519491231002X");
    }

    @Test
    void aRegionThatIsNoRegionNameIsRefusedNamingTheField() {
        Api.Response refused = api.post(
                "/api/v1/subscriptions",
                "{\"url\": \"%s\", \"eventTypes\": [\"*\"], \"region\": \"Europe!\"}".formatted(receiver.url()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("\"region\"");
        Api.Response residency = api.put("/api/v1/compliance/data-residency", "{\"allowedTransfers\": [\"EU\"]}");
        assertThat(residency.status()).isEqualTo(400);
        assertThat(residency.body()).contains("\"region\"").contains("allowedTransfers[0]");
    }

    private void placeOrder() {
        expect(api.post("/api/v1/orders", """
                        {"channel": "web", "externalId": "W-%s", "currency": "CNY",
                         "customer": {"id": "C-77", "name": "王芳", "email": "wang@example.com", "phone": "+86 138 0000 0000"},
                         "shippingAddress": {"name": "王芳", "phone": "+86 138 0000 0000", "line1": "人民路 1 号",
                           "city": "上海", "postalCode": "200001", "country": "CN", "latitude": 31.23, "longitude": 121.47},
                         "lines": [{"sku": "TEA-001", "quantity": 1, "unitPrice": "59.00"}],
                         "payment": {"status": "captured", "method": "alipay", "amount": "59.00"},
                         "attributes": {"customs": {"identityNumber": "11010519491231002X"}}}""".formatted(UUID.randomUUID())), 201);
    }

    private static Api.Response expect(Api.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        return response;
    }
}
