package dev.fulcrum.sourcing.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.RequestContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns customer notes into tags by keywords, in Chinese and English: a note containing any keyword of a tag gets the
 * tag (English keywords match case-insensitively). Each tenant may replace the rules; until then the standard rules
 * apply.
 */
@Service
public class NoteTagger {

    /** The rules every tenant starts with. */
    public static final Map<String, List<String>> STANDARD_RULES;

    static {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        rules.put("urgent", List.of("急", "加急", "尽快", "urgent", "asap", "rush"));
        rules.put("gift", List.of("送长辈", "礼物", "送礼", "gift", "present"));
        rules.put("avoid-weekend", List.of("避开周末", "周末不收", "工作日送", "no weekend", "weekdays only"));
        rules.put("pickup", List.of("自提", "到店取", "pickup", "pick up", "collect in store"));
        STANDARD_RULES = java.util.Collections.unmodifiableMap(rules);
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    NoteTagger(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The tags the note earns under the current tenant's rules; empty for no note. */
    @Transactional(readOnly = true)
    public List<String> tags(@Nullable String note) {
        return tags(note, rules());
    }

    public static List<String> tags(@Nullable String note, Map<String, List<String>> rules) {
        if (note == null || note.isBlank()) {
            return List.of();
        }
        String text = note.toLowerCase(Locale.ROOT);
        List<String> tags = new ArrayList<>();
        rules.forEach((tag, keywords) -> {
            if (keywords.stream().anyMatch(keyword -> text.contains(keyword.toLowerCase(Locale.ROOT)))) {
                tags.add(tag);
            }
        });
        return tags;
    }

    @Transactional(readOnly = true)
    public Map<String, List<String>> rules() {
        Map<String, List<String>> rules = new LinkedHashMap<>();
        jdbc.sql("select tag, keywords from note_tag_rules where tenant_id = ? order by tag")
                .param(tenant())
                .query((rs, row) -> rules.put(
                        rs.getString(1), Arrays.asList((String[]) rs.getArray(2).getArray())))
                .list();
        return rules.isEmpty() ? STANDARD_RULES : rules;
    }

    /** Replaces the tenant's rules. */
    @Transactional
    public Map<String, List<String>> replace(Map<String, List<String>> rules) {
        jdbc.sql("delete from note_tag_rules where tenant_id = ?")
                .param(tenant())
                .update();
        rules.forEach(
                (tag, keywords) -> jdbc.sql("insert into note_tag_rules (tenant_id, tag, keywords) values (?, ?, ?)")
                        .params(tenant(), tag, keywords.toArray(String[]::new))
                        .update());
        audit.record(
                "sourcing.tagger.replaced", "sourcing-tagger", "rules", Map.of("tags", List.copyOf(rules.keySet())));
        return rules();
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
