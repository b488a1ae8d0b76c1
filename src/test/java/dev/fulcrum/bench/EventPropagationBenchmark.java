package dev.fulcrum.bench;

import com.sun.net.httpserver.HttpServer;
import dev.fulcrum.FulcrumApplication;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.EmbeddedKafka;
import dev.fulcrum.testing.OrderMother;
import dev.fulcrum.testing.TestTenant;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * B2, event propagation: N clients place orders for D seconds against a running Fulcrum (embedded PostgreSQL, the
 * in-JVM Kafka broker of the tests); a webhook subscriber on localhost and a Kafka consumer note when each
 * {@code order.placed} arrives. Latency = arrival time minus the event's {@code time}, which is stamped inside the
 * committing transaction (so it slightly overstates commit-to-arrival). Run with {@code bench/b2.sh [clients] [seconds]}.
 */
public final class EventPropagationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        SpringApplication application = new SpringApplication(FulcrumApplication.class);
        application.addInitializers(new EmbeddedKafka());
        ConfigurableApplicationContext context = application.run(
                "--server.port=0",
                "--fulcrum.events.validate=false",
                "--fulcrum.webhooks.initial-backoff=1s",
                "--fulcrum.webhooks.retry-window=24h",
                "--fulcrum.webhooks.pause-period=72h",
                "--fulcrum.webhooks.poll-interval=1s");
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        TestTenant tenant = TestTenant.create(context);
        Api api = new Api(port, tenant.apiKey());
        String source = "/fulcrum/tenants/" + tenant.id().value();

        List<Long> webhookMicros = Collections.synchronizedList(new ArrayList<>());
        List<Long> kafkaMicros = Collections.synchronizedList(new ArrayList<>());
        HttpServer receiver = HttpServer.create(
                new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/", exchange -> {
            Instant arrived = Instant.now();
            JsonNode event = JSON.readTree(exchange.getRequestBody().readAllBytes());
            webhookMicros.add(Duration.between(Instant.parse(event.path("time").asString()), arrived)
                            .toNanos()
                    / 1000);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        Api.Response subscribed = api.post(
                "/api/v1/subscriptions", """
                {"url": "http://127.0.0.1:%d/hooks", "eventTypes": ["order.placed"]}""".formatted(receiver.getAddress().getPort()));
        if (subscribed.status() != 201) {
            throw new IllegalStateException("could not subscribe: " + subscribed);
        }

        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = Thread.ofPlatform().start(() -> {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, EmbeddedKafka.bootstrapServers());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "b2-" + UUID.randomUUID());
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            try (KafkaConsumer<String, byte[]> kafka =
                    new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
                kafka.subscribe(List.of(EmbeddedKafka.TOPIC));
                while (consuming.get()) {
                    kafka.poll(Duration.ofMillis(100)).forEach(record -> {
                        Instant arrived = Instant.now();
                        JsonNode event = JSON.readTree(record.value());
                        if (event.path("source").asString().equals(source)
                                && event.path("type").asString().equals("dev.fulcrum.order.placed.v1")) {
                            kafkaMicros.add(Duration.between(
                                                    Instant.parse(
                                                            event.path("time").asString()),
                                                    arrived)
                                            .toNanos()
                                    / 1000);
                        }
                    });
                }
            }
        });

        // warm-up: the JIT, the connection pool and the consumer's partition assignment
        for (int i = 0; i < 200; i++) {
            api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines());
        }
        Thread.sleep(3000);
        webhookMicros.clear();
        kafkaMicros.clear();

        AtomicLong placed = new AtomicLong();
        java.util.Set<Integer> statuses = ConcurrentHashMap.newKeySet();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> load = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            load.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    Api.Response response = api.post("/api/v1/orders", OrderMother.unpaidOrderWithTwoLines());
                    statuses.add(response.status());
                    if (response.status() == 201) {
                        placed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : load) {
            thread.join();
        }
        long deadline = System.currentTimeMillis() + 30_000;
        while ((webhookMicros.size() < placed.get() || kafkaMicros.size() < placed.get())
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        consuming.set(false);
        consumer.join();
        receiver.stop(0);

        System.out.printf(
                "B2 clients=%d seconds=%d orders placed=%d (%.0f/s), statuses=%s%n",
                clients, seconds, placed.get(), placed.get() / (double) seconds, statuses);
        report("webhook", webhookMicros, placed.get());
        report("kafka  ", kafkaMicros, placed.get());
        context.close();
        System.exit(0);
    }

    private static void report(String name, List<Long> micros, long expected) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("%s received 0 of %d%n", name, expected);
            return;
        }
        System.out.printf(
                "%s received %d of %d: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                name,
                sorted.size(),
                expected,
                percentile(sorted, 0.50) / 1000.0,
                percentile(sorted, 0.99) / 1000.0,
                sorted.getLast() / 1000.0);
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
