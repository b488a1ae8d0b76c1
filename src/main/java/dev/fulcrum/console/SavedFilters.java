package dev.fulcrum.console;

import dev.fulcrum.access.FulcrumUser;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order list's saved filters of each console user: a name and the list's query string. The console's own small
 * table ({@code console_saved_filters}); it holds only what a person chose to see, never order data.
 */
@Component
class SavedFilters {

    static final int MAX_PER_USER = 30;

    private final JdbcClient jdbc;
    private final Clock clock;

    SavedFilters(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record SavedFilter(UUID id, String name, String query) {

        public String uri() {
            return query.isEmpty() ? "/orders" : "/orders?" + query;
        }
    }

    /** The logged-in user's filters by name; empty for anyone else (an API key has none). */
    @Transactional(readOnly = true)
    List<SavedFilter> mine() {
        FulcrumUser user = ConsoleRoles.current();
        if (user == null) {
            return List.of();
        }
        return jdbc.sql("""
                select id, name, query from console_saved_filters where tenant_id = ? and lower(username) = lower(?)
                order by lower(name)""")
                .params(RequestContext.require().tenantId().value(), user.username())
                .query((rs, row) ->
                        new SavedFilter(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("query")))
                .list();
    }

    /** Saves the filter under the name, replacing the user's filter of that name. */
    @Transactional
    SavedFilter save(String name, String query) {
        FulcrumUser user = requireUser();
        String trimmed = name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 80) {
            throw ApiProblem.invalid("name", "must be 1 to 80 characters");
        }
        if (query.length() > 2000) {
            throw ApiProblem.invalid("query", "is too long (at most 2,000 characters)");
        }
        var tenant = RequestContext.require().tenantId().value();
        jdbc.sql(
                        "delete from console_saved_filters where tenant_id = ? and lower(username) = lower(?) and lower(name) = lower(?)")
                .params(tenant, user.username(), trimmed)
                .update();
        int count = jdbc.sql(
                        "select count(*) from console_saved_filters where tenant_id = ? and lower(username) = lower(?)")
                .params(tenant, user.username())
                .query(Integer.class)
                .single();
        if (count >= MAX_PER_USER) {
            throw ApiProblem.conflict(
                    "too-many-filters", "at most " + MAX_PER_USER + " saved filters: delete one first");
        }
        UUID id = Ids.timeOrdered();
        try {
            jdbc.sql("""
                    insert into console_saved_filters (tenant_id, id, username, name, query, created_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(tenant, id, user.username(), trimmed, query, Timestamp.from(clock.instant()))
                    .update();
        } catch (DuplicateKeyException raced) {
            throw ApiProblem.conflict("filter-exists", "a filter named " + trimmed + " was just saved: try again");
        }
        return new SavedFilter(id, trimmed, query);
    }

    @Transactional
    void delete(UUID id) {
        FulcrumUser user = requireUser();
        jdbc.sql("delete from console_saved_filters where tenant_id = ? and id = ? and lower(username) = lower(?)")
                .params(RequestContext.require().tenantId().value(), id, user.username())
                .update();
    }

    private static FulcrumUser requireUser() {
        FulcrumUser user = ConsoleRoles.current();
        if (user == null) {
            throw ApiProblem.forbidden("saved filters belong to console users");
        }
        return user;
    }
}
