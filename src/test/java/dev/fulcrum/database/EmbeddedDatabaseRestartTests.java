package dev.fulcrum.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fulcrum.FulcrumApplication;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.OrderMother;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The default database: embedded, on disk, durable, and still there after the application restarts. */
class EmbeddedDatabaseRestartTests {

    private static final String KEY = "fk_restarts_restartrestartrestartrestart";

    @TempDir
    Path dataDirectory;

    @Test
    void anAcknowledgedOrderIsStillThereAfterARestart() {
        String id;
        try (ConfigurableApplicationContext first = start()) {
            Api api = new Api(port(first), KEY);
            Api.Response placed = api.post("/api/v1/orders", OrderMother.paidOrder("RESTART-1"));
            assertThat(placed.status()).isEqualTo(201);
            id = placed.json().path("id").asString();

            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
            assertThat(jdbc.sql("show synchronous_commit").query(String.class).single())
                    .isEqualTo("on");
        }
        assertThat(Files.exists(dataDirectory.resolve("postgres/PG_VERSION"))).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            Api.Response read = new Api(port(second), KEY).get("/api/v1/orders/" + id);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().path("externalId").asString()).isEqualTo("RESTART-1");
        }
    }

    @Test
    void aDatabaseThatCannotStartStopsTheApplicationWithTheReason() throws Exception {
        Path notADirectory = Files.writeString(dataDirectory.resolve("not-a-directory"), "");
        assertThatThrownBy(() -> new SpringApplicationBuilder(FulcrumApplication.class)
                        .run(
                                "--fulcrum.database.ephemeral=false",
                                "--fulcrum.data-dir=" + notADirectory,
                                "--server.port=0"))
                .hasStackTraceContaining("cannot start embedded PostgreSQL in " + notADirectory.resolve("postgres"));
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(FulcrumApplication.class)
                .run(
                        "--fulcrum.database.ephemeral=false",
                        "--fulcrum.data-dir=" + dataDirectory,
                        "--fulcrum.bootstrap.api-key=" + KEY,
                        "--server.port=0");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
