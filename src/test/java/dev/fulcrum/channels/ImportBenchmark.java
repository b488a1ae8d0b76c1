package dev.fulcrum.channels;

import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark, not a test (not matched by the surefire includes): imports a 100,000-line CSV, one order per line, and
 * prints rows/s. Run: {@code ./mvnw test -Dtest=ImportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportBenchmark {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void importsAHundredThousandLines() throws Exception {
        Api api = new Api(port, TestTenant.create(context).apiKey());
        String connection = api.post(
                        "/api/v1/channels/connections",
                        "{\"type\": \"generic\", \"name\": \"bench " + UUID.randomUUID()
                                + "\", \"mergeWindowMinutes\": 0}")
                .json()
                .get("id")
                .asString();
        StringBuilder csv = new StringBuilder(
                "externalId,currency,customerName,shipName,shipLine1,shipCity,shipCountry,sku,quantity,unitPrice,paymentStatus\n");
        for (int i = 0; i < 100_000; i++) {
            csv.append("B-")
                    .append(i)
                    .append(",CNY,Buyer ")
                    .append(i)
                    .append(",Buyer ")
                    .append(i)
                    .append(",Road ")
                    .append(i % 997)
                    .append(",Shanghai,CN,SKU-")
                    .append(i % 500)
                    .append(",2,19.90,captured\n");
        }
        long started = System.nanoTime();
        String id = api.post("/api/v1/imports?connectionId=" + connection + "&format=csv", csv.toString())
                .json()
                .get("id")
                .asString();
        JsonNode progress;
        do {
            Thread.sleep(200);
            progress = api.get("/api/v1/imports/" + id).json();
        } while ("running".equals(progress.get("status").asString()));
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(
                "BENCH import: %s rows in %.1f s = %.0f rows/s; %s%n",
                progress.get("rowsRead"), seconds, progress.get("rowsRead").asLong() / seconds, progress);
    }
}
