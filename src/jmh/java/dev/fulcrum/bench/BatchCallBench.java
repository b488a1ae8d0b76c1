package dev.fulcrum.bench;

import dev.fulcrum.FulcrumApplication;
import dev.fulcrum.sourcing.batch.GeneratedNetwork;
import dev.fulcrum.sourcing.engine.EngineOrder;
import dev.fulcrum.sourcing.engine.RateLine;
import dev.fulcrum.sourcing.engine.Site;
import dev.fulcrum.testing.Api;
import dev.fulcrum.testing.TestTenant;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Collectors;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 18, acceptance 1 as one real call: the network of {@link GeneratedNetwork} (default 10,000 orders of 1–3
 * lines, 20 plants, 4,000 rate lines, capacity for a quarter) loaded through the API into a fresh tenant of the
 * application running in this JVM on its embedded PostgreSQL, then allocated by one {@code POST
 * /api/v1/sourcing/batches} over the whole backlog: read, build, solve and write, timed by the client and split by
 * the batch's own timings. Each run loads a fresh tenant (plants with no stock, the orders placed and backordered,
 * then the stock received), so every run allocates the same backlog. Prints per run the call's time and phases, served
 * against the capacity bound, cost, groups, gap, the peak heap and the CPU the call took in this JVM and in PostgreSQL
 * (on a shared machine, the load-independent figure); then the median and spread. Run it with {@code
 * -Xmx1g} and two processors. Arguments: [orders] [plants] [rate lines] [runs] [lines per order at most, default 3].
 */
public final class BatchCallBench {

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int plants = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rateLines = args.length > 2 ? Integer.parseInt(args[2]) : 4_000;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int maxLines = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        ConfigurableApplicationContext context = new SpringApplication(FulcrumApplication.class)
                .run(
                        "--fulcrum.database.ephemeral=true",
                        "--server.port=0",
                        "--fulcrum.demo.enabled=false",
                        "--logging.level.root=WARN");
        try {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "8080"));
            int postgresPort;
            try (java.sql.Connection connection =
                    context.getBean(javax.sql.DataSource.class).getConnection()) {
                postgresPort = URI.create(connection.getMetaData().getURL().substring("jdbc:".length()))
                        .getPort();
            }
            System.out.printf(
                    "processors %d, max heap %d MiB, load average %.2f%n",
                    Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            List<Double> totals = new ArrayList<>();
            List<Double> solveShares = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                GeneratedNetwork network = new GeneratedNetwork(orders, plants, rateLines, maxLines, 18);
                String apiKey = TestTenant.create(context).apiKey();
                Api api = new Api(port, apiKey);
                long loading = System.nanoTime();
                load(api, network);
                double loadSeconds = (System.nanoTime() - loading) / 1e9;
                resetPeaks();
                double loadAverage =
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                double cpuBefore = processCpuSeconds();
                double postgresBefore = postgresCpuSeconds(postgresPort);
                long started = System.nanoTime();
                HttpResponse<String> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + port + "/api/v1/sourcing/batches"))
                                        .timeout(Duration.ofMinutes(10))
                                        .header("Authorization", "Bearer " + apiKey)
                                        .header("Content-Type", "application/json")
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"timeLimitSeconds\": 30}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpu = processCpuSeconds() - cpuBefore;
                double postgresCpu = postgresCpuSeconds(postgresPort) - postgresBefore;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                            "the batch answered " + response.statusCode() + " " + response.body());
                }
                JsonNode report = JsonMapper.builder().build().readTree(response.body());
                JsonNode timings = report.path("timings");
                double solve = timings.path("solveMillis").asLong() / 1e3;
                totals.add(seconds);
                solveShares.add(solve / seconds * 100);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: load %.1f s; call %.2f s (read %.2f, build %.2f, solve %.2f, write %.2f s; solver share"
                                + " %.0f %%); CPU %.1f s in this JVM, %.1f s in PostgreSQL; considered %d, served %d, capacity bound %d; cost %s %s; groups %s;"
                                + " gap %s %%; unserved %s; peak heap %d MiB; load average %.1f%n",
                        run,
                        loadSeconds,
                        seconds,
                        timings.path("readMillis").asLong() / 1e3,
                        timings.path("buildMillis").asLong() / 1e3,
                        solve,
                        timings.path("writeMillis").asLong() / 1e3,
                        solve / seconds * 100,
                        cpu,
                        postgresCpu,
                        report.path("considered").asInt(),
                        report.path("allocated").asInt(),
                        network.capacityBound(),
                        report.path("totalCost").asString(),
                        report.path("currency").asString(),
                        groups(report.path("groups")),
                        report.path("gapPercent"),
                        report.path("unservedByReason"),
                        peakHeapMiB(),
                        loadAverage);
            }
            System.out.printf(
                    Locale.ROOT,
                    "call median %.2f s (min %.2f, max %.2f); solver share median %.0f %%%n",
                    median(totals),
                    totals.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    totals.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    median(solveShares));
        } finally {
            context.close();
        }
    }

    /** Items, plants (no stock yet), the rate card, a strict cost-first profile, the orders, then the stock. */
    private static void load(Api api, GeneratedNetwork network) throws Exception {
        network.grams.forEach((sku, grams) -> expect(
                api.put(
                        "/api/v1/items/" + sku,
                        "{\"name\": \"%s\", \"weightGrams\": %d, \"temperature\": \"ambient\"}".formatted(sku, grams)),
                200));
        for (Site site : network.sites) {
            String days = site.workingDays().stream()
                    .sorted()
                    .map(day -> "\""
                            + day.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT)
                                    .toUpperCase(Locale.ROOT) + "\"")
                    .collect(Collectors.joining(","));
            java.util.Set<dev.fulcrum.shared.Sku> carried =
                    site.assortment() == null ? java.util.Set.of() : site.assortment();
            String assortment = carried.stream()
                    .map(dev.fulcrum.shared.Sku::value)
                    .sorted()
                    .map(sku -> "\"" + sku + "\"")
                    .collect(Collectors.joining(","));
            expect(
                    api.put("/api/v1/locations/" + site.id(), """
                            {"name": "%s", "type": "warehouse", "latitude": %s, "longitude": %s, "country": "CN",
                             "timeZone": "Asia/Shanghai", "handlingCostPerOrder": "%s", "handlingCostPerUnit": "%s",
                             "processingHours": %d, "cutoffTime": "%s", "workingDays": [%s],
                             "dailyOrderCapacity": %d, "assortment": [%s]}""".formatted(
                                    site.id(),
                                    site.latitude(),
                                    site.longitude(),
                                    amount(site.handlingPerOrder()),
                                    amount(site.handlingPerUnit()),
                                    site.processingHours(),
                                    site.cutoff(),
                                    days,
                                    network.capacity.get(site.id().value()),
                                    assortment)),
                    200);
        }
        expect(api.put("/api/v1/carriers/ROAD", """
                {"carrier": "Generated Road", "serviceLevel": "standard", "mode": "road", "temperatureControlled": false}"""), 200);
        StringBuilder csv = new StringBuilder("origin,destCountry,destRegion,destPostalPrefix,minKg,maxKg,ratePerKg,"
                + "minimumCharge,transitDaysTypical,transitDaysP90,emissionFactor\n");
        for (RateLine rate : network.rates) {
            csv.append("%s,%s,%s,,%s,%s,%s,%s,%d,%d,\n"
                    .formatted(
                            rate.origin(),
                            rate.destCountry(),
                            rate.destRegion(),
                            rate.minKg(),
                            rate.maxKg(),
                            rate.ratePerKg(),
                            rate.minimumCharge(),
                            rate.transitDaysTypical(),
                            rate.transitDaysP90()));
        }
        expect(api.putText("/api/v1/carriers/ROAD/rates", csv.toString()), 200);
        JsonNode draft =
                expect(api.put("/api/v1/sourcing/profiles/bench", """
                                {"strategies": [{"name": "cost", "objective": "cost-first", "maxShipments": 2}],
                                 "fallback": "backorder", "requireRateCard": true}"""), 200).json();
        expect(
                api.post(
                        "/api/v1/sourcing/profiles/bench/versions/"
                                + draft.path("version").asInt() + "/activate",
                        null),
                200);
        // The orders, 32 at a time (the order API commits concurrent orders together); with no stock they wait.
        Semaphore inFlight = new Semaphore(32);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> placed = new ArrayList<>();
            for (EngineOrder order : network.orders) {
                inFlight.acquire();
                placed.add(clients.submit(() -> {
                    try {
                        expect(api.post("/api/v1/orders", orderJson(order)), 201);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> one : placed) {
                one.get();
            }
        }
        String adjustments = network.sites.stream()
                .flatMap(site -> site.available().entrySet().stream()
                        .map(stock ->
                                "{\"locationId\": \"%s\", \"sku\": \"%s\", \"delta\": %d, \"kind\": \"receive\", \"reason\": \"PO\"}"
                                        .formatted(site.id(), stock.getKey(), stock.getValue())))
                .collect(Collectors.joining(","));
        expect(api.post("/api/v1/stock/adjustments", "{\"adjustments\": [" + adjustments + "]}"), 200);
    }

    /** An amount with the four decimals the API accepts (the generator's doubles carry binary noise). */
    private static String amount(double value) {
        return java.math.BigDecimal.valueOf(value)
                .setScale(4, java.math.RoundingMode.HALF_EVEN)
                .toPlainString();
    }

    private static String orderJson(EngineOrder order) {
        String lines = order.lines().stream()
                .map(line -> "{\"sku\": \"%s\", \"quantity\": %d, \"unitPrice\": \"10.00\"}"
                        .formatted(line.sku(), line.quantity()))
                .collect(Collectors.joining(","));
        EngineOrder.Destination to = order.destination();
        return """
                {"channel": "web", "externalId": "%s", "currency": "CNY", "customer": {"id": "C-%s", "name": "王芳"},
                 "shippingAddress": {"name": "王芳", "line1": "人民路 1 号", "city": "城市", "region": "%s",
                   "postalCode": "200001", "country": "CN", "latitude": %s, "longitude": %s},
                 "lines": [%s], "payment": {"status": "captured", "method": "alipay"}}""".formatted(order.orderId(), order.orderId(), to.region(), to.latitude(), to.longitude(), lines);
    }

    private static String groups(JsonNode groups) {
        List<String> parts = new ArrayList<>();
        for (JsonNode group : groups) {
            parts.add(
                    group.path("method").asString() + " " + group.path("served").asInt() + "/"
                            + group.path("servedBound").asInt() + " "
                            + group.path("status").asString());
        }
        return parts.size() <= 3 ? parts.toString() : parts.size() + " groups, first " + parts.subList(0, 3);
    }

    private static Api.Response expect(Api.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + response);
        }
        return response;
    }

    /** CPU time of this JVM (all its threads): what the call cost, whatever else the machine was running. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getProcessCpuTime()
                / 1e9;
    }

    /**
     * CPU time of the embedded PostgreSQL server of this application and its backends, from /proc: the server detaches
     * from the JVM (its parent is init), so it is found by the port in its command line.
     */
    private static double postgresCpuSeconds(int postgresPort) {
        List<ProcessHandle> server = ProcessHandle.allProcesses()
                .filter(process -> process.info()
                        .commandLine()
                        .filter(line -> line.contains("postgres") && line.contains(" -p " + postgresPort + " "))
                        .isPresent())
                .toList();
        List<ProcessHandle> processes = new ArrayList<>(server);
        server.forEach(postmaster -> processes.addAll(postmaster.descendants().toList()));
        double ticks = 0;
        for (ProcessHandle child : processes) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + child.pid() + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException | RuntimeException gone) {
                // the process ended meanwhile, or there is no /proc: count nothing for it
            }
        }
        return ticks / 100.0;
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
