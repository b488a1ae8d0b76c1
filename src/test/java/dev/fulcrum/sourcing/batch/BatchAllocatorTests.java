package dev.fulcrum.sourcing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchAllocatorTests {

    private final BatchAllocator allocator = new BatchAllocator();

    @Test
    void equalsTheExhaustiveOptimumOnEnumerableInstances() {
        Random random = new Random(11);
        for (int round = 0; round < 25; round++) {
            Instance instance = Instance.random(random, 3 + random.nextInt(4), 3, 2, 3);
            BatchAllocator.Allocation exact =
                    BatchAllocator.exhaustive(instance.orders, instance.stock, instance.capacity);
            BatchAllocator.Allocation solved =
                    allocator.solve(instance.orders, instance.stock, instance.capacity, Duration.ofSeconds(10));
            BatchAllocator.Allocation cpSat =
                    allocator.solveCpSat(instance.orders, instance.stock, instance.capacity, Duration.ofSeconds(10), 1);

            assertThat(solved.status()).isEqualTo("OPTIMAL");
            assertThat(solved.gapPercent()).isZero();
            assertThat(solved.objective()).as("round %d", round).isEqualTo(exact.objective());
            assertThat(solved.allocatedOrders()).isEqualTo(exact.allocatedOrders());
            assertThat(cpSat.objective()).as("CP-SAT, round %d", round).isEqualTo(exact.objective());
            assertThat(instance.respects(solved.chosen())).isTrue();
        }
    }

    @Test
    void reportsItsGapOnALargeInstanceCutShortByTheTimeLimit() {
        Instance instance = Instance.random(new Random(3), 3000, 60, 12, 6);
        BatchAllocator.Allocation solved =
                allocator.solve(instance.orders, instance.stock, instance.capacity, Duration.ofSeconds(5));

        assertThat(solved.status()).isIn("OPTIMAL", "FEASIBLE", "GREEDY");
        assertThat(solved.gapPercent()).isBetween(0.0, 100.0);
        assertThat(solved.bound()).isLessThanOrEqualTo(solved.objective() + 1e-6);
        assertThat(instance.respects(solved.chosen())).isTrue();
    }

    /** Orders with a few choices over shared scarce stock and capacity. */
    record Instance(
            List<BatchAllocator.OrderChoices> orders,
            Map<BatchAllocator.StockKey, Integer> stock,
            Map<String, Integer> capacity) {

        static Instance random(Random random, int orderCount, int locations, int skus, int choicesPerOrder) {
            Map<BatchAllocator.StockKey, Integer> stock = new HashMap<>();
            Map<String, Integer> capacity = new HashMap<>();
            for (int l = 0; l < locations; l++) {
                for (int k = 0; k < skus; k++) {
                    stock.put(
                            new BatchAllocator.StockKey("L" + l, "K" + k),
                            random.nextInt(3) * Math.max(1, orderCount / 20));
                }
                if (random.nextBoolean()) {
                    capacity.put("L" + l, 1 + random.nextInt(Math.max(1, orderCount / locations + 1)));
                }
            }
            List<BatchAllocator.OrderChoices> orders = new ArrayList<>();
            for (int o = 0; o < orderCount; o++) {
                List<BatchAllocator.Choice> choices = new ArrayList<>();
                String sku = "K" + random.nextInt(skus);
                for (int c = 0; c < choicesPerOrder; c++) {
                    String location = "L" + random.nextInt(locations);
                    Map<BatchAllocator.StockKey, Integer> units =
                            Map.of(new BatchAllocator.StockKey(location, sku), 1 + random.nextInt(2));
                    choices.add(new BatchAllocator.Choice(5 + random.nextInt(3000) / 100.0, units));
                }
                orders.add(new BatchAllocator.OrderChoices("O" + o, choices, 1000));
            }
            return new Instance(orders, stock, capacity);
        }

        boolean respects(int[] chosen) {
            Map<BatchAllocator.StockKey, Integer> used = new HashMap<>();
            Map<String, Integer> orders = new HashMap<>();
            for (int o = 0; o < chosen.length; o++) {
                if (chosen[o] < 0) {
                    continue;
                }
                BatchAllocator.Choice choice = this.orders.get(o).choices().get(chosen[o]);
                choice.units().forEach((key, units) -> used.merge(key, units, Integer::sum));
                choice.locations().forEach(location -> orders.merge(location, 1, Integer::sum));
            }
            return used.entrySet().stream().allMatch(e -> e.getValue() <= stock.getOrDefault(e.getKey(), 0))
                    && orders.entrySet().stream()
                            .allMatch(
                                    e -> !capacity.containsKey(e.getKey()) || e.getValue() <= capacity.get(e.getKey()));
        }
    }
}
