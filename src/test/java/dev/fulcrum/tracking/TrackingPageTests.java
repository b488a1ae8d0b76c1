package dev.fulcrum.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestClock;
import dev.fulcrum.testing.TestTenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/** Issue 15, acceptance 5: the customer's tracking page behind a signed, expiring link. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrackingPageTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port, TestTenant.create(context).apiKey());
    }

    @AfterEach
    void resetClock() {
        TestClock.reset();
    }

    @Test
    @Order(1)
    void theLinkShowsTheOrderWithoutCredentialsInTheCustomersLanguageAndOnlyThatOrder() throws Exception {
        String id = placedOrder();
        JsonNode link =
                api.post("/api/v1/orders/" + id + "/tracking-link", null).json();
        String url = link.path("url").asString();
        assertThat(url).startsWith("http://localhost:" + port + "/track/" + id + "?t=");
        assertThat(Instant.parse(link.path("expiresAt").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofDays(29)), Instant.now().plus(Duration.ofDays(31)));

        HttpResponse<String> page = open(url);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("private, max-age=30");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body())
                .contains("lang=\"zh-CN\"", "您的订单", "正在备货", "已下单", "商品尚未出库")
                .as("nothing internal: no notes, prices, tags or customer contact")
                .doesNotContain("急用", "113.00", "vip", "wang@example.com", "+86 138");

        api.post("/api/v1/orders/" + id + "/ship", "{\"carrier\": \"SF\", \"trackingNumber\": \"SF1234567\"}");
        assertThat(open(url).body()).contains("运输中", "SF1234567", "已发货");
        assertThat(open(url + "&lang=en").body()).contains("On its way", "SF1234567", "Order placed");

        String otherOrder = placedOrder();
        String token = url.substring(url.indexOf("?t=") + 3);
        HttpResponse<String> borrowed = open("http://localhost:" + port + "/track/" + otherOrder + "?t=" + token);
        assertThat(borrowed.statusCode()).isEqualTo(404);
        assertThat(borrowed.body()).doesNotContain("SF1234567");
        assertThat(open(url.substring(0, url.length() - 2) + "xx").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void anExpiredLinkIsNotFoundAndTheValidityIsCapped() throws Exception {
        String id = placedOrder();
        String url = api.post("/api/v1/orders/" + id + "/tracking-link", "{\"validFor\": \"PT1H\"}")
                .json()
                .path("url")
                .asString();
        assertThat(open(url).statusCode()).isEqualTo(200);
        TestClock.advance(Duration.ofMinutes(61));
        HttpResponse<String> expired = open(url);
        assertThat(expired.statusCode()).isEqualTo(404);
        assertThat(expired.body()).contains("not valid or has expired");

        Api.Response tooLong = api.post("/api/v1/orders/" + id + "/tracking-link", "{\"validFor\": \"P100D\"}");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body()).contains("validFor", "P90D");
        assertThat(api.post("/api/v1/orders/" + java.util.UUID.randomUUID() + "/tracking-link", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.withKey(null)
                        .post("/api/v1/orders/" + id + "/tracking-link", null)
                        .status())
                .isEqualTo(401);
    }

    @Test
    @Order(3)
    void anAddressGuessingLinksIsRefusedForAMinute() throws Exception {
        String id = placedOrder();
        int status = 0;
        for (int attempt = 0; attempt < 25 && status != 429; attempt++) {
            status = open("http://localhost:" + port + "/track/" + id + "?t=guess" + attempt)
                    .statusCode();
        }
        assertThat(status).isEqualTo(429);
    }

    private String placedOrder() {
        return api.post("/api/v1/orders", OrderMother.paidOrder())
                .json()
                .path("id")
                .asString();
    }

    private static HttpResponse<String> open(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
