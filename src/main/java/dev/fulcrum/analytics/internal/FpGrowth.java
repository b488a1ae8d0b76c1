package dev.fulcrum.analytics.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * FP-growth (Han, Pei and Yin, 2000): the frequent itemsets of a set of baskets, from a prefix tree of the baskets with
 * their items in descending frequency, mined by conditional trees without generating candidates. Hand-written because
 * no well-kept library under a non-GPL licence offers it (ADR 0130). Pure and single-threaded.
 */
public final class FpGrowth {

    private FpGrowth() {}

    /** Items bought together and in how many baskets; {@code items} sorted. */
    public record Itemset(List<String> items, int count) {}

    /** "Baskets with the antecedent also hold the consequent": support, confidence and lift as defined by Agrawal. */
    public record Rule(
            List<String> antecedent, String consequent, int count, double support, double confidence, double lift) {}

    /**
     * Every itemset of at most {@code maxSize} items in at least {@code minCount} of the baskets.
     *
     * @param baskets each basket's distinct items
     */
    public static List<Itemset> frequentItemsets(
            Collection<? extends Collection<String>> baskets, int minCount, int maxSize) {
        List<WeightedPath> paths = new ArrayList<>(baskets.size());
        for (Collection<String> basket : baskets) {
            paths.add(new WeightedPath(List.copyOf(new TreeSet<>(basket)), 1));
        }
        List<Itemset> found = new ArrayList<>();
        mine(Tree.of(paths, Math.max(1, minCount)), List.of(), Math.max(1, minCount), maxSize, found);
        return found;
    }

    /**
     * The rules with one item as consequent drawn from the frequent itemsets of {@code baskets} baskets, at least
     * {@code minConfidence}, strongest lift first.
     */
    public static List<Rule> rules(List<Itemset> itemsets, int baskets, double minConfidence) {
        Map<List<String>, Integer> counts = new HashMap<>();
        itemsets.forEach(itemset -> counts.put(itemset.items(), itemset.count()));
        List<Rule> rules = new ArrayList<>();
        for (Itemset itemset : itemsets) {
            if (itemset.items().size() < 2) {
                continue;
            }
            for (String consequent : itemset.items()) {
                List<String> antecedent = itemset.items().stream()
                        .filter(item -> !item.equals(consequent))
                        .toList();
                Integer antecedentCount = counts.get(antecedent);
                Integer consequentCount = counts.get(List.of(consequent));
                if (antecedentCount == null || consequentCount == null) {
                    continue; // cannot happen: every subset of a frequent itemset is frequent
                }
                double confidence = (double) itemset.count() / antecedentCount;
                if (confidence + 1e-12 < minConfidence) {
                    continue;
                }
                double lift = confidence / ((double) consequentCount / baskets);
                rules.add(new Rule(
                        antecedent, consequent, itemset.count(), (double) itemset.count() / baskets, confidence, lift));
            }
        }
        rules.sort(Comparator.comparingDouble(Rule::lift)
                .reversed()
                .thenComparing(Comparator.comparingDouble(Rule::confidence).reversed())
                .thenComparing(Comparator.comparingInt(Rule::count).reversed())
                .thenComparing(rule -> String.join(",", rule.antecedent()) + ">" + rule.consequent()));
        return rules;
    }

    private static void mine(Tree tree, List<String> suffix, int minCount, int maxSize, List<Itemset> found) {
        // Least frequent first, as in the paper; each item's conditional tree holds only the items ranked above it.
        for (int i = tree.order.size() - 1; i >= 0; i--) {
            String item = tree.order.get(i);
            List<String> itemset = new ArrayList<>(suffix);
            itemset.add(item);
            found.add(new Itemset(itemset.stream().sorted().toList(), tree.counts.getOrDefault(item, 0)));
            if (itemset.size() >= maxSize) {
                continue;
            }
            List<WeightedPath> base = new ArrayList<>();
            for (Node node = tree.heads.get(item); node != null; node = node.next) {
                List<String> prefix = new ArrayList<>();
                for (Node up = node.parent; up != null && up.item != null; up = up.parent) {
                    prefix.add(up.item);
                }
                if (!prefix.isEmpty()) {
                    base.add(new WeightedPath(prefix, node.count));
                }
            }
            Tree conditional = Tree.of(base, minCount);
            if (!conditional.order.isEmpty()) {
                mine(conditional, itemset, minCount, maxSize, found);
            }
        }
    }

    private record WeightedPath(List<String> items, int count) {}

    private static final class Node {
        final @Nullable String item;
        final @Nullable Node parent;
        final Map<String, Node> children = new HashMap<>();
        int count;

        @Nullable
        Node next;

        Node(@Nullable String item, @Nullable Node parent) {
            this.item = item;
            this.parent = parent;
        }
    }

    private static final class Tree {
        final List<String> order;
        final Map<String, Integer> counts;
        final Map<String, Node> heads = new HashMap<>();
        private final Map<String, Node> tails = new HashMap<>();

        private Tree(List<String> order, Map<String, Integer> counts) {
            this.order = order;
            this.counts = counts;
        }

        static Tree of(List<WeightedPath> paths, int minCount) {
            Map<String, Integer> counts = new HashMap<>();
            paths.forEach(path -> path.items().forEach(item -> counts.merge(item, path.count(), Integer::sum)));
            counts.values().removeIf(count -> count < minCount);
            List<String> order = counts.keySet().stream()
                    .sorted(Comparator.comparing((String item) -> counts.getOrDefault(item, 0))
                            .reversed()
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
            Map<String, Integer> rank = new LinkedHashMap<>();
            for (int i = 0; i < order.size(); i++) {
                rank.put(order.get(i), i);
            }
            Tree tree = new Tree(order, counts);
            Node root = new Node(null, null);
            for (WeightedPath path : paths) {
                List<String> items = path.items().stream()
                        .filter(rank::containsKey)
                        .sorted(Comparator.comparing(item -> rank.getOrDefault(item, 0)))
                        .toList();
                Node at = root;
                for (String item : items) {
                    Node parent = at;
                    Node child = parent.children.get(item);
                    if (child == null) {
                        child = new Node(item, parent);
                        parent.children.put(item, child);
                        tree.link(item, child);
                    }
                    child.count += path.count();
                    at = child;
                }
            }
            return tree;
        }

        private void link(String item, Node node) {
            Node tail = tails.get(item);
            if (tail == null) {
                heads.put(item, node);
            } else {
                tail.next = node;
            }
            tails.put(item, node);
        }
    }
}
