package dev.fulcrum.analytics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** FP-growth against the textbook example and against counting every candidate by brute force. */
class FpGrowthTests {

    @Test
    void findsTheItemsetsOfTheTextbookExample() {
        // Han, Kamber and Pei, Data Mining, table 6.1: nine baskets, minimum count 2.
        List<List<String>> baskets = List.of(
                List.of("I1", "I2", "I5"),
                List.of("I2", "I4"),
                List.of("I2", "I3"),
                List.of("I1", "I2", "I4"),
                List.of("I1", "I3"),
                List.of("I2", "I3"),
                List.of("I1", "I3"),
                List.of("I1", "I2", "I3", "I5"),
                List.of("I1", "I2", "I3"));
        Map<List<String>, Integer> found = asMap(FpGrowth.frequentItemsets(baskets, 2, 3));
        assertThat(found).containsEntry(List.of("I1", "I2", "I5"), 2);
        assertThat(found).containsEntry(List.of("I1", "I2", "I3"), 2);
        assertThat(found).containsEntry(List.of("I2", "I4"), 2);
        assertThat(found).containsEntry(List.of("I1", "I2"), 4);
        assertThat(found).containsEntry(List.of("I2"), 7);
        assertThat(found).doesNotContainKey(List.of("I3", "I5"));
        assertThat(found).hasSize(13);
    }

    @Test
    void agreesWithBruteForceOnRandomBaskets() {
        Random random = new Random(16);
        List<Set<String>> baskets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Set<String> basket = new HashSet<>();
            int size = 1 + random.nextInt(5);
            while (basket.size() < size) {
                basket.add("S" + (int) Math.floor(Math.abs(random.nextGaussian()) * 4));
            }
            baskets.add(basket);
        }
        Map<List<String>, Integer> found = asMap(FpGrowth.frequentItemsets(baskets, 15, 3));
        Map<List<String>, Integer> expected = new HashMap<>();
        List<String> items =
                baskets.stream().flatMap(Set::stream).distinct().sorted().toList();
        for (int a = 0; a < items.size(); a++) {
            count(baskets, List.of(items.get(a)), expected);
            for (int b = a + 1; b < items.size(); b++) {
                count(baskets, List.of(items.get(a), items.get(b)), expected);
                for (int c = b + 1; c < items.size(); c++) {
                    count(baskets, List.of(items.get(a), items.get(b), items.get(c)), expected);
                }
            }
        }
        expected.values().removeIf(n -> n < 15);
        assertThat(found).isEqualTo(expected);
    }

    @Test
    void rulesCarrySupportConfidenceAndLift() {
        List<List<String>> baskets =
                List.of(List.of("A", "B"), List.of("A", "B"), List.of("A"), List.of("B"), List.of("C"));
        List<FpGrowth.Rule> rules = FpGrowth.rules(FpGrowth.frequentItemsets(baskets, 1, 2), 5, 0.5);
        FpGrowth.Rule aToB = rules.stream()
                .filter(rule -> rule.antecedent().equals(List.of("A"))
                        && rule.consequent().equals("B"))
                .findFirst()
                .orElseThrow();
        assertThat(aToB.support()).isCloseTo(0.4, within(1e-12));
        assertThat(aToB.confidence()).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(aToB.lift()).isCloseTo((2 / 3.0) / (3 / 5.0), within(1e-12));
    }

    private static void count(List<Set<String>> baskets, List<String> itemset, Map<List<String>, Integer> into) {
        int n = (int)
                baskets.stream().filter(basket -> basket.containsAll(itemset)).count();
        if (n > 0) {
            into.put(itemset, n);
        }
    }

    private static Map<List<String>, Integer> asMap(List<FpGrowth.Itemset> itemsets) {
        Map<List<String>, Integer> map = new HashMap<>();
        itemsets.forEach(
                itemset -> assertThat(map.put(itemset.items(), itemset.count())).isNull());
        return map;
    }
}
