// B1 load generator: N concurrent clients post realistic orders to POST /api/v1/orders for a fixed duration after a
// warm-up, and report orders/s, latency percentiles and errors, plus CPU seconds per order of Fulcrum and PostgreSQL
// (read from /proc). Runs with the JDK's source launcher, no build needed:
//
//   java bench/LoadGenerator.java --url http://localhost:8080 --key fk_... --clients 16 --seconds 30 \
//        --warmup 10 --fulcrum-pid 1234 --postgres-pids 5678,5679 [--skus 2000] [--json out.json] \
//        [--acked acked.txt]
//
// --acked FILE appends "<order id> <external id>" for every order acknowledged with 2xx (B5, the crash drill, checks
// that each of them survived). Connection failures (the server being killed) back off for 50 ms instead of spinning.
//
//   java bench/LoadGenerator.java --write-jsonl 10000 --out orders.jsonl [--skus 2000]
//
// writes that many orders of the same shape as JSON Lines, for the bulk import path (POST /api/v1/imports).
//
// It shares the machine's cores with Fulcrum and PostgreSQL: it uses virtual threads and prebuilt request bodies to
// stay light, and reports its own CPU time so that the cost of generating load is visible.
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class LoadGenerator {

    static final String[][] REGIONS = {
        {"上海", "SH", "200001", "31.23", "121.47"}, {"北京", "BJ", "100000", "39.90", "116.40"},
        {"广州", "GD", "510000", "23.13", "113.26"}, {"深圳", "GD", "518000", "22.54", "114.06"},
        {"杭州", "ZJ", "310000", "30.27", "120.15"}, {"成都", "SC", "610000", "30.57", "104.07"},
        {"武汉", "HB", "430000", "30.59", "114.31"}, {"西安", "SN", "710000", "34.34", "108.94"},
        {"南京", "JS", "210000", "32.06", "118.80"}, {"重庆", "CQ", "400000", "29.56", "106.55"}
    };
    static final String[] NAMES = {"王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周杰", "吴霞"};
    static final String[] NOTES = {null, null, null, "急用，送长辈", "礼物，请包装", "周末不收", "urgent please", "gift", null};
    static final String[] CHANNELS = {"web", "shopify", "tmall", "douyin", "amazon"};

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        if (options.containsKey("write-jsonl")) {
            writeJsonLines(
                    Integer.parseInt(options.get("write-jsonl")),
                    Path.of(options.get("out")),
                    Integer.parseInt(options.getOrDefault("skus", "2000")),
                    options.getOrDefault("sku-prefix", "SKU-"));
            return;
        }
        String url = options.getOrDefault("url", "http://localhost:8080");
        String key = options.get("key");
        int clients = Integer.parseInt(options.getOrDefault("clients", "16"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "10"));
        int skus = Integer.parseInt(options.getOrDefault("skus", "2000"));
        String skuPrefix = options.getOrDefault("sku-prefix", "SKU-");
        long fulcrumPid = Long.parseLong(options.getOrDefault("fulcrum-pid", "0"));
        List<Long> postgresPids = Arrays.stream(
                        options.getOrDefault("postgres-pids", "").split(","))
                .filter(s -> !s.isBlank())
                .map(Long::parseLong)
                .toList();
        if (key == null) {
            System.err.println("--key <API key with orders:write> is required");
            System.exit(2);
        }

        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        AtomicLong sequence = new AtomicLong();
        acked = options.containsKey("acked")
                ? new java.io.PrintWriter(
                        Files.newBufferedWriter(
                                Path.of(options.get("acked")),
                                java.nio.file.StandardOpenOption.CREATE,
                                java.nio.file.StandardOpenOption.APPEND),
                        true)
                : null;
        Phase warm = warmup == 0
                ? new Phase(0, 0, 0, List.of(), List.of())
                : drive(http, url, key, clients, warmup, run, sequence, skus, skuPrefix);
        System.err.printf(Locale.ROOT, "warm-up: %d orders, %d errors%n", warm.ok, warm.errors);

        double fulcrumCpuBefore = cpuSeconds(List.of(fulcrumPid));
        double postgresCpuBefore = cpuSeconds(postgresChildren(postgresPids));
        double selfCpuBefore = cpuSeconds(List.of(ProcessHandle.current().pid()));
        Phase measured = drive(http, url, key, clients, seconds, run, sequence, skus, skuPrefix);
        double fulcrumCpu = cpuSeconds(List.of(fulcrumPid)) - fulcrumCpuBefore;
        double postgresCpu = cpuSeconds(postgresChildren(postgresPids)) - postgresCpuBefore;
        double selfCpu = cpuSeconds(List.of(ProcessHandle.current().pid())) - selfCpuBefore;

        long[] latencies = measured.latenciesMicros.stream()
                .mapToLong(Long::longValue)
                .sorted()
                .toArray();
        double rate = measured.ok / (measured.elapsedNanos / 1e9);
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("clients", clients);
        result.put("seconds", Math.round(measured.elapsedNanos / 1e7) / 100.0);
        result.put("orders", measured.ok);
        result.put("errors", measured.errors);
        result.put("ordersPerSecond", round(rate));
        result.put("p50Millis", round(percentile(latencies, 50) / 1000.0));
        result.put("p99Millis", round(percentile(latencies, 99) / 1000.0));
        result.put("maxMillis", round(latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000.0));
        result.put("fulcrumCpuMillisPerOrder", measured.ok == 0 ? 0 : round(fulcrumCpu * 1000 / measured.ok));
        result.put("postgresCpuMillisPerOrder", measured.ok == 0 ? 0 : round(postgresCpu * 1000 / measured.ok));
        result.put("generatorCpuMillisPerOrder", measured.ok == 0 ? 0 : round(selfCpu * 1000 / measured.ok));
        result.put("firstErrors", measured.errorSamples.stream().limit(3).toList());

        System.out.printf(
                Locale.ROOT,
                "| clients | orders/s | p50 ms | p99 ms | max ms | errors | Fulcrum CPU ms/order | PostgreSQL CPU ms/order |%n");
        System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|---:|---:|%n");
        System.out.printf(
                Locale.ROOT,
                "| %d | %.0f | %.1f | %.1f | %.1f | %d | %.2f | %.2f |%n",
                clients,
                rate,
                result.get("p50Millis"),
                result.get("p99Millis"),
                result.get("maxMillis"),
                measured.errors,
                result.get("fulcrumCpuMillisPerOrder"),
                result.get("postgresCpuMillisPerOrder"));
        String json = toJson(result);
        System.out.println(json);
        if (options.containsKey("json")) {
            Files.writeString(Path.of(options.get("json")), json + System.lineSeparator());
        }
    }

    /** Where acknowledged orders are recorded, or null. */
    static java.io.PrintWriter acked;

    static synchronized void recordAcknowledged(HttpResponse<String> response, String externalId) {
        if (acked != null) {
            String location = response.headers().firstValue("Location").orElse("?");
            acked.println(location.substring(location.lastIndexOf('/') + 1) + " " + externalId);
        }
    }

    static void writeJsonLines(int count, Path out, int skus, String skuPrefix) throws IOException {
        Random random = new Random(42);
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (var writer = Files.newBufferedWriter(out)) {
            for (int i = 0; i < count; i++) {
                writer.write(
                        order(random, "I-" + run + "-" + i, skus, skuPrefix).replace("\n", ""));
                writer.write('\n');
            }
        }
    }

    record Phase(long ok, long errors, long elapsedNanos, List<Long> latenciesMicros, List<String> errorSamples) {}

    static Phase drive(
            HttpClient http,
            String url,
            String key,
            int clients,
            int seconds,
            String run,
            AtomicLong sequence,
            int skus,
            String skuPrefix)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                Random random = new Random(client * 7919L + run.hashCode());
                while (System.nanoTime() < end) {
                    long n = sequence.incrementAndGet();
                    String externalId = "B-" + run + "-" + n;
                    String body = order(random, run + "-" + n, skus, skuPrefix);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/api/v1/orders"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + key)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "bench-" + run + "-" + n)
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        long micros = (System.nanoTime() - sent) / 1000;
                        if (response.statusCode() / 100 == 2) {
                            recordAcknowledged(response, externalId);
                            ok.incrementAndGet();
                            latencies.add(micros);
                        } else {
                            errors.incrementAndGet();
                            if (errorSamples.size() < 10) {
                                errorSamples.add(response.statusCode() + " " + truncate(response.body()));
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                        if (errorSamples.size() < 10) {
                            errorSamples.add(e.toString());
                        }
                        try {
                            Thread.sleep(50); // the server is down or refusing: do not spin
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Phase(
                ok.get(),
                errors.get(),
                System.nanoTime() - start,
                new ArrayList<>(latencies),
                new ArrayList<>(errorSamples));
    }

    /** A realistic order: 2–5 lines over the catalogue, an address in one of ten regions, sometimes a note. */
    static String order(Random random, String externalId, int skus, String skuPrefix) {
        String[] region = REGIONS[random.nextInt(REGIONS.length)];
        String name = NAMES[random.nextInt(NAMES.length)];
        String note = NOTES[random.nextInt(NOTES.length)];
        int lineCount = 2 + random.nextInt(4);
        StringBuilder lines = new StringBuilder();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        long totalCents = 0;
        for (int i = 0; i < lineCount; i++) {
            int sku;
            do {
                sku = 1 + random.nextInt(skus);
            } while (!used.add(sku));
            int quantity = 1 + random.nextInt(3);
            int priceCents = 500 + (sku * 37) % 20000;
            totalCents += (long) priceCents * quantity;
            if (i > 0) {
                lines.append(',');
            }
            lines.append(String.format(
                    Locale.ROOT,
                    "{\"sku\":\"%s%05d\",\"quantity\":%d,\"unitPrice\":\"%d.%02d\"}",
                    skuPrefix,
                    sku,
                    quantity,
                    priceCents / 100,
                    priceCents % 100));
        }
        return String.format(
                Locale.ROOT,
                """
                {"channel":"%s","externalId":"B-%s","currency":"CNY",\
                "customer":{"id":"C-%d","name":"%s","email":"c%d@example.com","phone":"+86 138 0000 %04d"},\
                "shippingAddress":{"name":"%s","line1":"人民路 %d 号","city":"%s","region":"%s","postalCode":"%s",\
                "country":"CN","latitude":%s,"longitude":%s},\
                "lines":[%s],"payment":{"status":"captured","method":"alipay","amount":"%d.%02d"},\
                "notes":%s,"tags":[]}""",
                CHANNELS[random.nextInt(CHANNELS.length)],
                externalId,
                random.nextInt(100_000),
                name,
                random.nextInt(100_000),
                random.nextInt(10_000),
                name,
                1 + random.nextInt(999),
                region[0],
                region[1],
                region[2],
                region[3],
                region[4],
                lines,
                totalCents / 100,
                totalCents % 100,
                note == null ? "null" : "\"" + note + "\"");
    }

    static List<Long> postgresChildren(List<Long> roots) {
        List<Long> pids = new ArrayList<>();
        for (long root : roots) {
            pids.add(root);
            ProcessHandle.of(root).ifPresent(handle -> handle.descendants().forEach(child -> pids.add(child.pid())));
        }
        return pids;
    }

    /** User + system CPU seconds of the processes (fields 14 and 15 of /proc/<pid>/stat, in clock ticks). */
    static double cpuSeconds(List<Long> pids) {
        double total = 0;
        for (long pid : pids) {
            if (pid <= 0) {
                continue;
            }
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
            } catch (IOException | RuntimeException gone) {
                // a process that ended is not counted
            }
        }
        return total;
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static String truncate(String text) {
        return text.length() > 200 ? text.substring(0, 200) : text;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length - 1; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    static String toJson(Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((name, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(name).append("\":");
            if (value instanceof Number || value instanceof Boolean) {
                json.append(value);
            } else if (value instanceof List<?> list) {
                json.append('[');
                for (int i = 0; i < list.size(); i++) {
                    json.append(i == 0 ? "" : ",")
                            .append('"')
                            .append(String.valueOf(list.get(i))
                                    .replace("\\", "\\\\")
                                    .replace("\"", "\\\"")
                                    .replace("\n", " "))
                            .append('"');
                }
                json.append(']');
            } else {
                json.append('"').append(value).append('"');
            }
        });
        return json.append('}').toString();
    }
}
