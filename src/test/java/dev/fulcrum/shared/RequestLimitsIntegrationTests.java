package dev.fulcrum.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import dev.fulcrum.testing.WebhookReceiver;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Every capped endpoint over HTTP, one step over its cap: the answer is a problem (400 or 413) naming the field, the
 * cap and what was sent, never a 500. The configurable caps are lowered here so that the over-cap requests stay small;
 * Tomcat reads and drops an unread body up to max-swallow-size, which is raised so that the refusal always arrives.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "fulcrum.limits.max-request-bytes=3MB",
            "fulcrum.limits.max-import-bytes=4MB",
            "fulcrum.limits.rate-card-rows=100",
            "fulcrum.limits.replay-events=5",
            "fulcrum.limits.max-import-bytes-in-flight=3MB",
            "fulcrum.limits.max-streams=1",
            // Replays read the log two events at a time here, so that a short replay crosses pages.
            "fulcrum.webhooks.replay-page=2",
            "server.tomcat.max-swallow-size=16MB"
        })
class RequestLimitsIntegrationTests {

    private static final int MB = 1024 * 1024;

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    private static void assertProblem(Api.Response response, int status, String field, String... inDetail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo(field);
        assertThat(problem.path("detail").asString()).startsWith(field + ": ").contains(inDetail);
    }

    /** A JSON body of exactly {@code bytes} bytes: an order whose notes pad it out. */
    private static String jsonOfSize(int bytes) {
        String head = "{\"notes\": \"";
        String tail = "\"}";
        return head + "x".repeat(bytes - head.length() - tail.length()) + tail;
    }

    @Test
    void refusesABodyOneByteOverTheCapWith413BeforeReadingIt() {
        Api.Response response = api.post("/api/v1/orders", jsonOfSize(3 * MB + 1));
        assertProblem(response, 413, "body", "at most 3 MB per request body", "got 3145729 bytes", "max-request-bytes");

        Api.Response atTheCap = api.post("/api/v1/orders", jsonOfSize(3 * MB));
        assertThat(atTheCap.status()).as("a body at the cap is read").isEqualTo(400);
        assertThat(atTheCap.json().path("errors").toString()).doesNotContain("\"body\"");
    }

    @Test
    void refusesABodySentWithoutALengthOnceItPassesTheCap() throws Exception {
        byte[] body = jsonOfSize(3 * MB + 1024).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                                .header("Authorization", "Bearer " + tenant.apiKey())
                                .header("Content-Type", "application/json")
                                // An input stream has no known length: the client sends it chunked.
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertProblem(
                new Api.Response(
                        response.statusCode(),
                        response.body(),
                        response.headers().firstValue("Content-Type").orElse("")),
                413,
                "body",
                "at most 3 MB per request body");
    }

    @Test
    void importsHaveTheirOwnLargerCap() {
        // Refused on its length alone: the connection is not even looked up.
        String connection = UUID.randomUUID().toString();
        String csv = "externalId,sku,quantity\n" + "x".repeat(4 * MB);
        Api.Response response =
                api.post("/api/v1/imports?connectionId=" + connection + "&format=csv", csv, "Content-Type", "text/csv");
        assertProblem(response, 413, "body", "at most 4 MB per request body", "max-import-bytes");
    }

    @Test
    void refusesAnImportThatDoesNotFitTheMemoryLeftForImportsAndReleasesWhatARefusedImportHeld() {
        ImportMemory memory = context.getBean(ImportMemory.class);
        String connection = UUID.randomUUID().toString();
        Api.Response busy = api.post(
                "/api/v1/imports?connectionId=" + connection + "&format=csv",
                "externalId,sku,quantity\n" + "x".repeat(3 * MB),
                "Content-Type",
                "text/csv");
        assertProblem(busy, 503, "body", "at most 3 MB", "max-import-bytes-in-flight", "retry");

        Api.Response unknownConnection = api.post(
                "/api/v1/imports?connectionId=" + connection + "&format=csv",
                "externalId,sku,quantity\n",
                "Content-Type",
                "text/csv");
        assertThat(unknownConnection.status()).as(unknownConnection.toString()).isEqualTo(404);
        assertThat(memory.held()).as("a refused import holds nothing").isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "/api/v1/orders?limit=501, 500",
        "/api/v1/items?limit=1001, 1000",
        "/api/v1/events?limit=1001, 1000",
        "/api/v1/quarantine?limit=501, 500",
        "/api/v1/locations/WH-1/stock/TEA-001/movements?limit=1001, 1000",
        "/api/v1/channels/connections/00000000-0000-0000-0000-000000000001/outbound?limit=501, 500",
        "/api/v1/subscriptions/00000000-0000-0000-0000-000000000001/deliveries?limit=501, 500"
    })
    void refusesAPageSizeOverItsCap(String path, int cap) {
        assertProblem(api.get(path), 400, "limit", "between 1 and " + cap, "got " + (cap + 1));
    }

    @Test
    void refusesMoreItemsStockPositionsAndAdjustmentsThanOneCallTakes() {
        String items = IntStream.rangeClosed(1, 10_001)
                .mapToObj(i -> "{\"sku\":\"S" + i + "\"}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        assertProblem(api.post("/api/v1/items/bulk", items), 400, "items", "at most 10000 items per call, got 10001");

        String positions = IntStream.rangeClosed(1, 100_001)
                .mapToObj(i -> "{\"sku\":\"" + i + "\",\"onHand\":0}")
                .collect(Collectors.joining(",", "{\"asOf\":\"2026-11-20T08:00:00Z\",\"positions\":[", "]}"));
        assertProblem(
                api.put("/api/v1/locations/WH-1/stock", positions),
                400,
                "positions",
                "at most 100000 positions per snapshot, got 100001");

        String adjustments = IntStream.rangeClosed(1, 10_001)
                .mapToObj(i -> "{\"locationId\":\"WH-1\",\"sku\":\"S\",\"delta\":1}")
                .collect(Collectors.joining(",", "{\"adjustments\":[", "]}"));
        assertProblem(
                api.post("/api/v1/stock/adjustments", adjustments),
                400,
                "adjustments",
                "at most 10000 adjustments per call, got 10001");
    }

    private static String ids(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "\"" + UUID.randomUUID() + "\"")
                .collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void refusesMoreOrderIdsThanABatchOrASimulationTakes() {
        assertProblem(
                api.post("/api/v1/sourcing/batches", "{\"orderIds\": " + ids(20_001) + "}"),
                400,
                "orderIds",
                "at most 20000 ids per call, got 20001");
        assertProblem(
                api.post(
                        "/api/v1/sourcing/simulations",
                        "{\"profile\": \"default\", \"version\": 1, \"orderIds\": " + ids(1001) + "}"),
                400,
                "orderIds",
                "at most 1000 ids per call, got 1001");
    }

    @Test
    void refusesARateCardWithMoreRowsThanTheCap() {
        String code = "LIM-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.put("/api/v1/carriers/" + code, "{\"carrier\": \"SF\"}").status())
                .isEqualTo(200);
        String header = "origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,minimumCharge,"
                + "transitDaysTypical,transitDaysP90,emissionFactor\n";
        String rows = IntStream.range(0, 101)
                .mapToObj(i -> "*,NZ,,," + i + "," + (i + 1) + ",8,12,1,2,\n")
                .collect(Collectors.joining());
        assertProblem(
                api.putText("/api/v1/carriers/" + code + "/rates", header + rows),
                413,
                "body",
                "at most 100 rows per rate card, got 101",
                "rate-card-rows");
        assertThat(api.get("/api/v1/carriers/" + code + "/rates").json())
                .as("nothing stored")
                .isEmpty();

        Api.Response atTheCap =
                api.putText("/api/v1/carriers/" + code + "/rates", header + rows.substring(rows.indexOf('\n') + 1));
        assertThat(atTheCap.status()).as(atTheCap.toString()).isEqualTo(200);
        assertThat(atTheCap.json().path("lanes").asInt()).isEqualTo(100);
    }

    @Test
    void refusesAReplayOfMoreEventsThanTheCapAndReplaysAWindowWithin() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response subscription = api.post(
                    "/api/v1/subscriptions",
                    Api.json(Map.of("url", receiver.url(), "eventTypes", List.of("order.placed"))));
            assertThat(subscription.status()).as(subscription.toString()).isEqualTo(201);
            String id = subscription.json().path("id").asString();
            Instant before = Instant.now().minusSeconds(1);
            for (int i = 0; i < 6; i++) {
                assertThat(api.post("/api/v1/orders", OrderMother.paidOrder("LIM-" + UUID.randomUUID()))
                                .status())
                        .isEqualTo(201);
            }

            Api.Response tooMany =
                    api.post("/api/v1/subscriptions/" + id + "/replay", "{\"since\": \"" + before + "\"}");
            assertProblem(tooMany, 400, "since", "at most 5 events per replay, got ", "replay-events", "until");

            // The last five events of the log, across three pages of two: every wanted one is queued, none twice.
            List<JsonNode> log = api.get("/api/v1/events?limit=1000").json().path("events").values().stream()
                    .toList();
            List<JsonNode> tail = log.subList(log.size() - 5, log.size());
            long placedInTail = tail.stream()
                    .filter(event -> event.path("type").asString().equals("dev.fulcrum.order.placed.v1"))
                    .count();
            assertThat(placedInTail).isPositive();
            Api.Response window = api.post(
                    "/api/v1/subscriptions/" + id + "/replay",
                    "{\"eventId\": \"" + tail.getFirst().path("id").asString() + "\"}");
            assertThat(window.status()).as(window.toString()).isEqualTo(200);
            assertThat(window.json().path("queued").asLong()).isEqualTo(placedInTail);

            Api.Response empty = api.post(
                    "/api/v1/subscriptions/" + id + "/replay",
                    "{\"since\": \"" + before.minusSeconds(3600) + "\", \"until\": \"" + before + "\"}");
            assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
            assertThat(empty.json().path("queued").asInt()).isZero();
        }
    }

    @Test
    void refusesAStreamBeyondTheOpenStreamsOfAnInstance() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest stream = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/stream"))
                .header("Authorization", "Bearer " + tenant.apiKey())
                .header("Accept", "text/event-stream")
                .build();
        HttpResponse<java.util.stream.Stream<String>> first = client.send(stream, HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = first.body()) {
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(lines.findFirst())
                    .as("the stream is open")
                    .hasValueSatisfying(line -> assertThat(line).startsWith(":"));
            HttpResponse<String> second = client.send(stream, HttpResponse.BodyHandlers.ofString());
            assertProblem(
                    new Api.Response(
                            second.statusCode(),
                            second.body(),
                            second.headers().firstValue("Content-Type").orElse("")),
                    503,
                    "stream",
                    "at most 1 open streams per instance",
                    "max-streams");
        }
    }

    @Test
    void refusesASubscriptionListingMoreEventTypesThanTheCap() {
        List<String> types =
                IntStream.range(0, 201).mapToObj(i -> "order.placed").toList();
        assertProblem(
                api.post(
                        "/api/v1/subscriptions",
                        Api.json(Map.of("url", "https://partner.example/hooks", "eventTypes", types))),
                400,
                "eventTypes",
                "at most 200 entries, got 201");
    }
}
