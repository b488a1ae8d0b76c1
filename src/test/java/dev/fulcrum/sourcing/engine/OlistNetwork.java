package dev.fulcrum.sourcing.engine;

import dev.fulcrum.shared.LocationId;
import dev.fulcrum.shared.Sku;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A realistic network from the Olist public e-commerce data set (Brazil): sellers become locations at their postal
 * prefix's coordinates, products keep their real weights, destinations are real postal-prefix coordinates. Stock is
 * random (seeded). Falls back to a synthetic network when {@code ../shared/data/catalog-olist} is absent.
 */
public final class OlistNetwork {

    public static final Path DATA = Path.of("../shared/data/catalog-olist");
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    public final List<double[]> sellerPoints = new ArrayList<>();
    public final List<double[]> destinations = new ArrayList<>();
    public final List<Integer> productWeights = new ArrayList<>();
    public final boolean real;

    private OlistNetwork(boolean real) {
        this.real = real;
    }

    public static boolean available() {
        return Files.isDirectory(DATA) && Files.exists(DATA.resolve("olist_sellers_dataset.csv"));
    }

    /** Loads the data set, or builds a synthetic network of the same shape when it is absent. */
    public static OlistNetwork load() {
        if (!available()) {
            System.err.println("Olist data not found at " + DATA.toAbsolutePath() + ": using a synthetic network");
            OlistNetwork synthetic = new OlistNetwork(false);
            Random random = new Random(1);
            for (int i = 0; i < 3000; i++) {
                synthetic.sellerPoints.add(
                        new double[] {-30 + random.nextDouble() * 28, -55 + random.nextDouble() * 20});
                synthetic.destinations.add(
                        new double[] {-30 + random.nextDouble() * 28, -55 + random.nextDouble() * 20});
                synthetic.productWeights.add(100 + random.nextInt(5000));
            }
            return synthetic;
        }
        OlistNetwork network = new OlistNetwork(true);
        Map<String, double[]> points = new HashMap<>();
        rows("olist_geolocation_dataset.csv").forEach(cells -> {
            try {
                double[] point = {Double.parseDouble(cells[1]), Double.parseDouble(cells[2])};
                if (points.putIfAbsent(cells[0], point) == null) {
                    network.destinations.add(point);
                }
            } catch (RuntimeException skipped) {
                // a malformed row of the public data set
            }
        });
        rows("olist_sellers_dataset.csv").forEach(cells -> {
            double[] point = points.get(cells[1].replaceFirst("^0+", ""));
            if (point == null) {
                point = points.get(cells[1]);
            }
            if (point != null) {
                network.sellerPoints.add(point);
            }
        });
        rows("olist_products_dataset.csv").forEach(cells -> {
            try {
                network.productWeights.add(Integer.parseInt(cells[5]));
            } catch (RuntimeException noWeight) {
                // products without a recorded weight are left out
            }
        });
        return network;
    }

    private static Stream<String[]> rows(String file) {
        try {
            return Files.readAllLines(DATA.resolve(file)).stream()
                    .skip(1)
                    .map(line -> line.replace("\"", "").split(",", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} seller locations, each stocking a random half of {@code skus} SKUs. */
    public List<Site> sites(int count, int skus, Random random) {
        List<Site> sites = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            double[] point = sellerPoints.get((s * 7919) % sellerPoints.size());
            Map<String, Integer> stock = new HashMap<>();
            for (int k = 0; k < skus; k++) {
                if (random.nextBoolean()) {
                    stock.put("SKU-" + k, random.nextInt(30));
                }
            }
            sites.add(new Site(
                    new LocationId(String.format("SELLER-%04d", s)),
                    "warehouse",
                    point[0],
                    point[1],
                    "BR",
                    null,
                    SAO_PAULO,
                    Set.of(),
                    false,
                    random.nextDouble() * 0.5,
                    1.5 + random.nextDouble(),
                    0.2,
                    2 + random.nextInt(6),
                    LocalTime.of(15 + random.nextInt(4), 0),
                    Sites.MON_TO_FRI,
                    Set.of(),
                    null,
                    Sites.skus(stock),
                    Map.of()));
        }
        return sites;
    }

    /** An order of {@code lines} distinct SKUs with real product weights to a real destination. */
    public EngineOrder order(String id, int lines, int skus, Instant at, Random random) {
        List<EngineOrder.Line> orderLines = new ArrayList<>();
        List<Integer> picked = new ArrayList<>();
        while (picked.size() < Math.min(lines, skus)) {
            int sku = random.nextInt(skus);
            if (!picked.contains(sku)) {
                picked.add(sku);
            }
        }
        for (int sku : picked) {
            orderLines.add(new EngineOrder.Line(
                    orderLines.size() + 1,
                    new Sku("SKU-" + sku),
                    1 + random.nextInt(2),
                    productWeights.get(random.nextInt(productWeights.size())),
                    List.of(),
                    List.of()));
        }
        double[] destination = destinations.get(random.nextInt(destinations.size()));
        return new EngineOrder(
                id,
                orderLines,
                new EngineOrder.Destination("BR", null, null, destination[0], destination[1]),
                at,
                null,
                false,
                java.util.Currency.getInstance("BRL"));
    }
}
