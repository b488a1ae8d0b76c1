package dev.fulcrum.risk.internal;

import com.google.common.net.InetAddresses;
import dev.fulcrum.risk.RiskAssessment;
import dev.fulcrum.risk.RiskListEntry;
import dev.fulcrum.shared.RequestContext;
import java.math.BigInteger;
import java.net.InetAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code risk_lists} table: allow and deny entries by kind and normalised value, with an optional expiry. */
@Repository
public class ListStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    ListStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public RiskListEntry put(String kind, String value, String list, String reason, @Nullable Instant expiresAt) {
        Instant now = clock.instant();
        String actor = RequestContext.require().actor();
        jdbc.sql("""
                insert into risk_lists (tenant_id, kind, value, list, reason, expires_at, created_at, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (tenant_id, kind, value) do update set list = excluded.list, reason = excluded.reason,
                    expires_at = excluded.expires_at, created_at = excluded.created_at,
                    created_by = excluded.created_by""")
                .params(
                        tenant(),
                        kind,
                        value,
                        list,
                        reason,
                        expiresAt == null ? null : Timestamp.from(expiresAt),
                        Timestamp.from(now),
                        actor)
                .update();
        return new RiskListEntry(kind, value, list, reason, expiresAt, now, actor);
    }

    public Optional<RiskListEntry> find(String kind, String value) {
        return jdbc.sql("select * from risk_lists where tenant_id = ? and kind = ? and value = ?")
                .params(tenant(), kind, value)
                .query(ListStore::entry)
                .optional();
    }

    public boolean delete(String kind, String value) {
        return jdbc.sql("delete from risk_lists where tenant_id = ? and kind = ? and value = ?")
                        .params(tenant(), kind, value)
                        .update()
                > 0;
    }

    /** The entries of a kind (every kind when null), by kind and value, at most {@code limit}. */
    public List<RiskListEntry> list(@Nullable String kind, int limit) {
        return jdbc.sql("""
                select * from risk_lists where tenant_id = ? and (?::text is null or kind = ?)
                order by kind, value limit ?""")
                .params(tenant(), kind, kind, limit)
                .query(ListStore::entry)
                .list();
    }

    /**
     * The unexpired entries matching each order, in one query for the whole batch: exact values of every kind, and
     * CIDR blocks of kind {@code ip} (matched here, so that a malformed address in an order never fails a statement).
     */
    public List<List<RiskAssessment.ListMatch>> matches(List<Signals> orders) {
        Set<String> pairs = new LinkedHashSet<>();
        for (Signals order : orders) {
            for (String kind : RiskListEntry.KINDS) {
                String value = order.listValue(kind);
                if (value != null) {
                    pairs.add(kind + "\u0000" + value);
                }
            }
        }
        String[] kinds = new String[pairs.size()];
        String[] values = new String[pairs.size()];
        int i = 0;
        for (String pair : pairs) {
            String[] parts = pair.split("\u0000", 2);
            kinds[i] = parts[0];
            values[i] = parts[1];
            i++;
        }
        List<RiskListEntry> found = jdbc.sql("""
                select l.* from risk_lists l
                where l.tenant_id = ? and (l.expires_at is null or l.expires_at > ?)
                  and ((l.kind, l.value) in (select * from unnest(?::text[], ?::text[]))
                       or (l.kind = 'ip' and strpos(l.value, '/') > 0))""")
                .params(tenant(), Timestamp.from(clock.instant()), kinds, values)
                .query(ListStore::entry)
                .list();
        List<List<RiskAssessment.ListMatch>> matches = new ArrayList<>(orders.size());
        for (Signals order : orders) {
            List<RiskAssessment.ListMatch> mine = new ArrayList<>();
            for (RiskListEntry entry : found) {
                String value = order.listValue(entry.kind());
                if (value != null
                        && (value.equals(entry.value())
                                || (entry.kind().equals("ip") && inBlock(value, entry.value())))) {
                    mine.add(new RiskAssessment.ListMatch(entry.kind(), entry.value(), entry.list(), entry.reason()));
                }
            }
            matches.add(mine);
        }
        return matches;
    }

    /** Whether an address lies in a CIDR block; false for anything that is not both. */
    static boolean inBlock(String address, String block) {
        int slash = block.indexOf('/');
        if (slash < 0
                || !InetAddresses.isInetAddress(address)
                || !InetAddresses.isInetAddress(block.substring(0, slash))) {
            return false;
        }
        InetAddress ip = InetAddresses.forString(address);
        InetAddress network = InetAddresses.forString(block.substring(0, slash));
        int bits;
        try {
            bits = Integer.parseInt(block.substring(slash + 1));
        } catch (NumberFormatException notABlock) {
            return false;
        }
        byte[] a = ip.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length || bits < 0 || bits > a.length * 8) {
            return false;
        }
        int shift = a.length * 8 - bits;
        return new BigInteger(1, a).shiftRight(shift).equals(new BigInteger(1, n).shiftRight(shift));
    }

    /** Whether text is a CIDR block {@link #inBlock} can match. */
    public static boolean isBlock(String text) {
        int slash = text.indexOf('/');
        if (slash < 0 || !InetAddresses.isInetAddress(text.substring(0, slash))) {
            return false;
        }
        try {
            int bits = Integer.parseInt(text.substring(slash + 1));
            int max = InetAddresses.forString(text.substring(0, slash)).getAddress().length * 8;
            return bits >= 0 && bits <= max;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static RiskListEntry entry(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        return new RiskListEntry(
                rs.getString("kind"),
                rs.getString("value"),
                rs.getString("list"),
                rs.getString("reason"),
                expires == null ? null : expires.toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }

    private static UUID tenant() {
        return RequestContext.require().tenantId().value();
    }
}
