package dev.fulcrum.channels.internal;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.channels.ConnectionType;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Channel connections of the current tenant: created, changed and read here; secrets stay inside the module. */
@Service
public class Connections {

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    Connections(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a create or update sets; on update, {@code null} keeps the current value. */
    public record Settings(
            @Nullable ConnectionType type,
            @Nullable String name,
            @Nullable String channel,
            @Nullable String secret,
            @Nullable String signatureHeader,
            @Nullable String mapping,
            @Nullable String defaultCurrency,
            @Nullable List<String> defaultTags,
            @Nullable Integer mergeWindowMinutes,
            @Nullable String outboundBaseUrl,
            @Nullable String outboundToken) {}

    @Transactional
    public StoredConnection create(Settings settings) {
        if (settings.type() == null) {
            throw ApiProblem.invalid("type", "is required: one of shopify, woocommerce, amazon, generic");
        }
        if (settings.name() == null) {
            throw ApiProblem.invalid("name", "is required");
        }
        Instant now = clock.instant();
        UUID id = Ids.timeOrdered();
        String channel = settings.channel() != null ? settings.channel() : slug(settings.name(), settings.type());
        try {
            jdbc.sql("""
                    insert into channel_connections (tenant_id, id, type, name, channel, secret, signature_header, mapping,
                        default_currency, default_tags, merge_window_minutes, outbound_base_url, outbound_token, created_at,
                        updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            tenant().value(),
                            id,
                            settings.type().wireName(),
                            settings.name(),
                            channel,
                            settings.secret(),
                            settings.signatureHeader(),
                            settings.mapping(),
                            settings.defaultCurrency(),
                            tags(settings.defaultTags()),
                            settings.mergeWindowMinutes(),
                            settings.outboundBaseUrl(),
                            settings.outboundToken(),
                            Timestamp.from(now),
                            Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException taken) {
            throw ApiProblem.conflict(
                    "channel-taken",
                    "another connection already uses channel '" + channel + "': choose another name or set channel");
        }
        audit.record("channel.connection.created", "channel-connection", id.toString(), describe(settings));
        return get(id);
    }

    @Transactional
    public StoredConnection update(UUID id, Settings settings) {
        StoredConnection current = get(id);
        if (settings.type() != null && settings.type() != current.type()) {
            throw ApiProblem.invalid("type", "cannot change: create another connection");
        }
        if (settings.channel() != null && !settings.channel().equals(current.channel())) {
            throw ApiProblem.invalid("channel", "cannot change: orders of this connection carry it");
        }
        jdbc.sql("""
                update channel_connections set name = ?, secret = ?, signature_header = ?, mapping = ?, default_currency = ?,
                    default_tags = ?, merge_window_minutes = ?, outbound_base_url = ?, outbound_token = ?, updated_at = ?
                where tenant_id = ? and id = ?""")
                .params(
                        or(settings.name(), current.name()),
                        or(settings.secret(), current.secret()),
                        emptyToNull(or(settings.signatureHeader(), current.signatureHeader())),
                        emptyToNull(or(settings.mapping(), current.mapping())),
                        emptyToNull(or(settings.defaultCurrency(), current.defaultCurrency())),
                        tags(settings.defaultTags() != null ? settings.defaultTags() : current.defaultTags()),
                        settings.mergeWindowMinutes() != null
                                ? settings.mergeWindowMinutes()
                                : current.mergeWindowMinutes(),
                        emptyToNull(or(settings.outboundBaseUrl(), current.outboundBaseUrl())),
                        or(settings.outboundToken(), current.outboundToken()),
                        Timestamp.from(clock.instant()),
                        tenant().value(),
                        id)
                .update();
        audit.record("channel.connection.updated", "channel-connection", id.toString(), describe(settings));
        return get(id);
    }

    @Transactional(readOnly = true)
    public StoredConnection get(UUID id) {
        return find(id).orElseThrow(() -> ApiProblem.notFound("channel connection " + id + " does not exist"));
    }

    @Transactional(readOnly = true)
    public Optional<StoredConnection> find(UUID id) {
        return jdbc.sql("select * from channel_connections where tenant_id = ? and id = ?")
                .params(tenant().value(), id)
                .query((rs, row) -> stored(rs))
                .optional();
    }

    @Transactional(readOnly = true)
    public List<StoredConnection> list() {
        return jdbc.sql("select * from channel_connections where tenant_id = ? order by created_at")
                .param(tenant().value())
                .query((rs, row) -> stored(rs))
                .list();
    }

    /** The connection's tenant and secret, looked up before any tenant is known (webhooks carry no API key). */
    public Optional<WebhookTarget> findForWebhook(UUID id) {
        return jdbc.sql(
                        "select tenant_id, type, name, secret, signature_header from fulcrum_find_channel_connection(?)")
                .param(id)
                .query((rs, row) -> new WebhookTarget(
                        new TenantId(rs.getObject("tenant_id", UUID.class)),
                        id,
                        ConnectionType.fromWireName(rs.getString("type")).orElseThrow(),
                        rs.getString("name"),
                        rs.getString("secret"),
                        rs.getString("signature_header")))
                .optional();
    }

    /** What verifying a webhook needs. */
    public record WebhookTarget(
            TenantId tenant,
            UUID id,
            ConnectionType type,
            String name,
            @Nullable String secret,
            @Nullable String signatureHeader) {}

    private static StoredConnection stored(ResultSet rs) throws SQLException {
        return new StoredConnection(
                new TenantId(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                ConnectionType.fromWireName(rs.getString("type")).orElseThrow(),
                rs.getString("name"),
                rs.getString("channel"),
                rs.getString("secret"),
                rs.getString("signature_header"),
                rs.getString("mapping"),
                rs.getString("default_currency"),
                Arrays.asList((String[]) rs.getArray("default_tags").getArray()),
                (Integer) rs.getObject("merge_window_minutes"),
                rs.getString("outbound_base_url"),
                rs.getString("outbound_token"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Map<String, Object> describe(Settings settings) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (settings.name() != null) {
            details.put("name", settings.name());
        }
        if (settings.secret() != null) {
            details.put("secret", "changed");
        }
        if (settings.mapping() != null) {
            details.put("mapping", settings.mapping());
        }
        if (settings.outboundBaseUrl() != null) {
            details.put("outboundBaseUrl", settings.outboundBaseUrl());
        }
        return details;
    }

    static String slug(String name, ConnectionType type) {
        String slug = name.toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-|-$", "");
        if (slug.isEmpty()) {
            slug = type.wireName();
        }
        return slug.length() > 40 ? slug.substring(0, 40) : slug;
    }

    private static String[] tags(@Nullable List<String> tags) {
        return tags == null ? new String[0] : tags.toArray(String[]::new);
    }

    private static <T> @Nullable T or(@Nullable T value, @Nullable T fallback) {
        return value != null ? value : fallback;
    }

    private static @Nullable String emptyToNull(@Nullable String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static TenantId tenant() {
        return RequestContext.require().tenantId();
    }
}
