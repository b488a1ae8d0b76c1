package dev.fulcrum.contracts.internal;

import java.util.List;
import java.util.Map;

/** Dotted field paths of a contract ({@code lines[].sku}: the {@code sku} of each line) over a subject's view. */
final class FieldPaths {

    private FieldPaths() {}

    /**
     * Whether a required path is satisfied: it has a value wherever its parent has one (a field of an optional object
     * that is absent is not missing; a field of each array element must be in every element).
     */
    static boolean present(Object root, String path) {
        return present(root, path.split("\\.", -1), 0);
    }

    private static boolean present(Object node, String[] segments, int index) {
        if (index == segments.length) {
            return true;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return false;
        }
        String segment = segments[index];
        boolean each = segment.endsWith("[]");
        Object value = map.get(each ? segment.substring(0, segment.length() - 2) : segment);
        if (value == null) {
            return index < segments.length - 1; // an absent parent is the parent's requirement, checked on its own
        }
        if (!each) {
            return present(value, segments, index + 1);
        }
        if (!(value instanceof List<?> list)) {
            return false;
        }
        for (Object element : list) {
            if (element == null || !present(element, segments, index + 1)) {
                return false;
            }
        }
        return true;
    }

    /** The path as problems name fields: {@code lines[].sku} stays as it is, being about every line. */
    static String display(String path) {
        return path;
    }
}
