package dev.fulcrum.pulse.internal;

import dev.fulcrum.pulse.Alert;
import dev.fulcrum.pulse.AlertRule;
import dev.fulcrum.shared.RequestContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Alert rules (one document per tenant) and the alerts they raised. */
@Repository
public class AlertStore {

    private static final TypeReference<List<AlertRule>> RULES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AlertStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The tenant's own rules; empty when it never set any (then the defaults apply). */
    public Optional<List<AlertRule>> rules() {
        return jdbc.sql("select rules from pulse_alert_rules where tenant_id = ?")
                .param(tenant())
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, RULES));
    }

    public void saveRules(List<AlertRule> rules, Instant at) {
        RequestContext context = RequestContext.require();
        jdbc.sql("""
                insert into pulse_alert_rules (tenant_id, rules, updated_at, updated_by) values (?, ?::jsonb, ?, ?)
                on conflict (tenant_id) do update
                    set rules = excluded.rules, updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                .params(tenant(), json.writeValueAsString(rules), Timestamp.from(at), context.actor())
                .update();
    }

    public List<Alert> raised() {
        return jdbc.sql("select * from pulse_alerts where tenant_id = ? and status = 'raised' order by raised_at desc")
                .param(tenant())
                .query((rs, row) -> alert(rs))
                .list();
    }

    /** The newest alerts, raised or cleared, at most {@code limit}. */
    public List<Alert> recent(int limit) {
        return jdbc.sql("select * from pulse_alerts where tenant_id = ? order by raised_at desc, id desc limit ?")
                .params(tenant(), limit)
                .query((rs, row) -> alert(rs))
                .list();
    }

    /** Records a raised alert; false when the rule has one raised already (another instance was quicker). */
    public boolean raise(Alert alert) {
        return jdbc.sql("""
                insert into pulse_alerts (tenant_id, id, rule_id, metric, channel, comparison, threshold, window_text,
                    status, raised_value, last_value, raised_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'raised', ?, ?, ?) on conflict do nothing""")
                        .params(
                                tenant(),
                                alert.id(),
                                alert.rule(),
                                alert.metric(),
                                alert.channel(),
                                alert.comparison(),
                                alert.threshold(),
                                alert.window(),
                                alert.raisedValue(),
                                alert.lastValue(),
                                Timestamp.from(alert.raisedAt()))
                        .update()
                == 1;
    }

    public void seen(UUID id, @Nullable Double value) {
        jdbc.sql("update pulse_alerts set last_value = ? where tenant_id = ? and id = ?")
                .params(value, tenant(), id)
                .update();
    }

    /** Clears a raised alert; false when it was cleared already. */
    public boolean clear(UUID id, @Nullable Double value, Instant at) {
        return jdbc.sql("""
                update pulse_alerts set status = 'cleared', last_value = ?, cleared_at = ?
                where tenant_id = ? and id = ? and status = 'raised'""").params(value, Timestamp.from(at), tenant(), id).update() == 1;
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        Timestamp cleared = rs.getTimestamp("cleared_at");
        return new Alert(
                rs.getObject("id", UUID.class),
                rs.getString("rule_id"),
                rs.getString("metric"),
                rs.getString("channel"),
                rs.getString("comparison"),
                rs.getDouble("threshold"),
                rs.getString("window_text"),
                rs.getString("status"),
                rs.getDouble("raised_value"),
                rs.getObject("last_value", Double.class),
                rs.getTimestamp("raised_at").toInstant(),
                cleared == null ? null : cleared.toInstant());
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
