package dev.fulcrum.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** Group commit of the order API: concurrent requests share transactions, yet each is answered on its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderIntakeTests {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    MeterRegistry meters;

    TestTenant tenant;
    Api api;

    @BeforeEach
    void newTenant() {
        tenant = TestTenant.create(context);
        api = new Api(port, tenant.apiKey());
    }

    @Test
    void concurrentOrdersAreCommittedTogetherAndEachIsAnsweredAndStored() throws Exception {
        DistributionSummary batches = meters.get("fulcrum.intake.batch.size").summary();
        long transactionsBefore = batches.count();
        double ordersBefore = batches.totalAmount();

        List<Api.Response> responses = concurrently(
                96, i -> api.post("/api/v1/orders", OrderMother.paidOrder("GC-" + i), "Idempotency-Key", "gc-" + i));

        assertThat(responses)
                .allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        assertThat(responses.stream()
                        .map(response -> response.json().path("externalId").asString())
                        .distinct())
                .hasSize(96);
        for (Api.Response response : responses) {
            String id = response.json().path("id").asString();
            assertThat(api.get("/api/v1/orders/" + id).status()).isEqualTo(200);
        }
        assertThat(batches.totalAmount() - ordersBefore).isEqualTo(96.0);
        assertThat(batches.count() - transactionsBefore)
                .as("96 simultaneous requests shared transactions instead of taking one each")
                .isLessThan(96);
        assertThat(api.get("/api/v1/events?type=order.placed&limit=500")
                        .json()
                        .path("events")
                        .size())
                .isEqualTo(96);
    }

    @Test
    void aDuplicateExternalIdIsRefusedAloneWhileItsNeighboursArePlaced() throws Exception {
        List<Api.Response> responses = concurrently(
                40, i -> api.post("/api/v1/orders", OrderMother.paidOrder(i % 10 == 0 ? "SAME-1" : "DIFF-" + i)));

        assertThat(responses.stream().filter(response -> response.status() == 201))
                .hasSize(37);
        assertThat(responses.stream().filter(response -> response.status() == 409))
                .hasSize(3)
                .allSatisfy(response ->
                        assertThat(response.json().path("type").asString()).endsWith("duplicate-order"));
        assertThat(api.get("/api/v1/orders?text=same-1").json().path("items").size())
                .isEqualTo(1);
    }

    @Test
    void repeatsOfOneIdempotencyKeyGetTheFirstOrderAndAnotherBodyIsRefused() throws Exception {
        List<Api.Response> responses = concurrently(
                20,
                i -> i == 19
                        ? api.post("/api/v1/orders", OrderMother.paidOrder("OTHER-BODY"), "Idempotency-Key", "one-key")
                        : api.post("/api/v1/orders", OrderMother.paidOrder("KEYED-1"), "Idempotency-Key", "one-key"));

        int keyed = api.get("/api/v1/orders?text=keyed-1").json().path("items").size();
        int other =
                api.get("/api/v1/orders?text=other-body").json().path("items").size();
        assertThat(keyed + other)
                .as("one key places one order, whichever body came first")
                .isEqualTo(1);
        List<Api.Response> sameBody = responses.subList(0, 19);
        Api.Response otherBody = responses.get(19);
        List<Api.Response> winners = keyed == 1 ? sameBody : List.of(otherBody);
        List<Api.Response> losers = keyed == 1 ? List.of(otherBody) : sameBody;
        assertThat(winners).allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        assertThat(winners.stream()
                        .map(response -> response.json().path("id").asString())
                        .distinct())
                .hasSize(1);
        assertThat(losers).allSatisfy(response -> {
            assertThat(response.status()).isEqualTo(422);
            assertThat(response.json().path("type").asString()).endsWith("idempotency-key-reused");
        });
    }

    @Test
    void anInvalidOrderIsRefusedBeforeItReachesABatch() {
        Api.Response refused = api.post("/api/v1/orders", "{\"channel\": \"web\"}", "Idempotency-Key", "bad-1");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("errors").size()).isGreaterThan(0);
        Api.Response blankKey = api.post("/api/v1/orders", OrderMother.paidOrder("BLANK-KEY"), "Idempotency-Key", " ");
        assertThat(blankKey.status()).isEqualTo(400);
        assertThat(blankKey.json().path("errors").get(0).path("field").asString())
                .isEqualTo("Idempotency-Key");
    }

    private interface Request {
        Api.Response send(int index);
    }

    /** Sends the requests at once from as many threads, and returns the responses in request order. */
    private static List<Api.Response> concurrently(int count, Request request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<Api.Response> call = () -> {
                    start.await();
                    return request.send(index);
                };
                futures.add(threads.submit(call));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
