package dev.fulcrum.rollout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What changed between two versions of a definition, as JSON: every added, removed or changed value with its JSON
 * Pointer (RFC 6901) path, objects compared by field and arrays by position. Used by the version diff endpoints of
 * flows and sourcing profiles (and open to rules).
 */
public final class VersionDiff {

    private VersionDiff() {}

    /** One difference: {@code added} (only in the second), {@code removed} (only in the first) or {@code changed}. */
    public record Change(
            String path,
            String op,
            @Nullable JsonNode from,
            @Nullable JsonNode to) {}

    /** The differences from {@code from} to {@code to}, in document order; empty when they are equal. */
    public static List<Change> between(JsonNode from, JsonNode to) {
        List<Change> changes = new ArrayList<>();
        compare("", from, to, changes);
        return List.copyOf(changes);
    }

    private static void compare(String path, JsonNode from, JsonNode to, List<Change> changes) {
        if (from.equals(to)) {
            return;
        }
        if (from.isObject() && to.isObject()) {
            Set<String> names = new LinkedHashSet<>(from.propertyNames());
            names.addAll(to.propertyNames());
            for (String name : names) {
                String at = path + "/" + name.replace("~", "~0").replace("/", "~1");
                JsonNode before = from.get(name);
                JsonNode after = to.get(name);
                if (before == null || before.isNull()) {
                    if (after != null && !after.isNull()) {
                        changes.add(new Change(at, "added", null, after));
                    }
                } else if (after == null || after.isNull()) {
                    changes.add(new Change(at, "removed", before, null));
                } else {
                    compare(at, before, after, changes);
                }
            }
            return;
        }
        if (from.isArray() && to.isArray()) {
            int common = Math.min(from.size(), to.size());
            for (int i = 0; i < common; i++) {
                compare(path + "/" + i, from.get(i), to.get(i), changes);
            }
            for (int i = common; i < from.size(); i++) {
                changes.add(new Change(path + "/" + i, "removed", from.get(i), null));
            }
            for (int i = common; i < to.size(); i++) {
                changes.add(new Change(path + "/" + i, "added", null, to.get(i)));
            }
            return;
        }
        changes.add(new Change(path.isEmpty() ? "/" : path, "changed", from, to));
    }
}
