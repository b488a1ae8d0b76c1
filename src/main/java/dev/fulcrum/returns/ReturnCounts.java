package dev.fulcrum.returns;

import dev.fulcrum.shared.RequestContext;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How many of the tenant's returns give each reason, for the console's returns queue. Read-only; a return that names
 * a reason on two lines counts once for it.
 */
@Service
public class ReturnCounts {

    private final JdbcClient jdbc;

    ReturnCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Reason to number of returns with at least one line of that reason, by reason name. */
    @Transactional(readOnly = true)
    public Map<String, Integer> byReason() {
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.sql("""
                        select line ->> 'reason', count(distinct id)
                        from returns, jsonb_array_elements(lines) as line
                        where tenant_id = ?
                        group by 1""").params(RequestContext.require().tenantId().value()).query(rs -> {
            counts.put(rs.getString(1), rs.getInt(2));
        });
        return counts;
    }
}
