package dev.fulcrum.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The schema stays ready to be distributed by tenant (ADR 0131), read from the catalogue (information_schema shows a
 * role only the tables it may use): every table is a tenant's, keyed and constrained with
 * its {@code tenant_id} and fenced by row-level security, except the few global tables named here with the reason they
 * are global. A new table, key, unique index, foreign key or security-definer function that breaks this fails the
 * test until it is fixed or, if it must be global, added below with its reason (and to the ADR).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchemaDistributionTests {

    /** Tables without a tenant: in a distributed deployment they stay on the coordinator (ADR 0131). */
    private static final Map<String, String> GLOBAL_TABLES = Map.of(
            "flyway_schema_history", "Flyway's record of migrations",
            "event_relay_positions", "the Kafka relay's cursor over the whole event log, one per deployment",
            "scheduled_tasks",
                    "db-scheduler's job table: partitions of forecast runs, claimed by any instance (ADR 0125)");

    /**
     * Keys and unique indexes without the tenant, on tables that are looked up before the tenant is known (reference
     * tables in a distributed deployment) or that a framework owns.
     */
    private static final Map<String, String> GLOBAL_KEYS = Map.of(
            "flyway_schema_history.flyway_schema_history_pk", "Flyway",
            "event_relay_positions.event_relay_positions_pkey", "the relay's cursor",
            "users.users_username_key", "a login names the user before the tenant is known",
            "api_keys.api_keys_prefix_key", "an API key names itself before the tenant is known",
            "tenants.tenants_slug_key", "the tenants table itself (a reference table)",
            "event_publication.event_publication_id_key", "Spring Modulith's publication registry, keyed by its id",
            "scheduled_tasks.scheduled_tasks_pkey", "db-scheduler's job table, keyed by task name and instance");

    /** Tables without row-level security, besides the global ones. */
    private static final Set<String> WITHOUT_ROW_SECURITY = Set.of("event_publication");

    /**
     * The only ways past row-level security: functions that run as the owner, each returning only what its caller is
     * for (ADR 0131 lists what each becomes in a distributed deployment). A new one must be reviewed and added here.
     */
    private static final Set<String> SECURITY_DEFINER_FUNCTIONS = Set.of(
            "fulcrum_claim_due_flow_deadlines",
            "fulcrum_claim_pulse_tenants",
            "fulcrum_claim_due_risk_reviews",
            "fulcrum_claim_due_rollout_guards",
            "fulcrum_claim_due_approvals",
            "fulcrum_due_outbound_deliveries",
            "fulcrum_fail_stalled_imports",
            "fulcrum_find_api_key",
            "fulcrum_find_channel_connection",
            "fulcrum_find_user",
            "fulcrum_list_tenants",
            "fulcrum_next_due_delivery",
            "fulcrum_relay_read",
            "fulcrum_tenant_status",
            "fulcrum_tenants_with_due_deliveries",
            "fulcrum_tenants_with_order_changes_since",
            "fulcrum_tenants_with_rule_work",
            "fulcrum_tenants_with_expired_reservations");

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyTableBelongsToATenantButTheNamedGlobalOnes() {
        List<String> withoutTenant = jdbc.sql("""
                select c.relname from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p')
                  and not exists (select 1 from pg_attribute a
                                  where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
                order by 1""")
                .query((row, number) -> java.util.Objects.requireNonNull(row.getString(1)))
                .list();
        assertThat(withoutTenant)
                .as("tables without tenant_id (ADR 0131: add tenant_id, or name the table as global with its reason)")
                .containsExactlyInAnyOrderElementsOf(GLOBAL_TABLES.keySet());
    }

    @Test
    void everyKeyUniqueIndexAndForeignKeyIncludesTheTenant() {
        List<String> withoutTenant = jdbc.sql("""
                select i.indrelid::regclass::text || '.' || i.indexrelid::regclass::text
                from pg_index i
                join pg_class t on t.oid = i.indrelid
                join pg_namespace n on n.oid = t.relnamespace
                where n.nspname = 'public' and i.indisunique
                  and not exists (select 1 from unnest(i.indkey) k
                                  join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k
                                  where a.attname = 'tenant_id')
                union all
                select c.conrelid::regclass::text || '.' || c.conname
                from pg_constraint c
                join pg_namespace n on n.oid = c.connamespace
                where n.nspname = 'public' and c.contype = 'f'
                  and not exists (select 1 from unnest(c.conkey) k
                                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k
                                  where a.attname = 'tenant_id')
                order by 1""")
                .query((row, number) -> java.util.Objects.requireNonNull(row.getString(1)))
                .list();
        assertThat(withoutTenant)
                .as("primary keys, unique constraints and indexes, and foreign keys without tenant_id (ADR 0131)")
                .containsExactlyInAnyOrderElementsOf(GLOBAL_KEYS.keySet());
    }

    @Test
    void everyTenantTableIsFencedByRowLevelSecurity() {
        List<String> unfenced = jdbc.sql("""
                select c.relname from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                where n.nspname = 'public' and c.relkind in ('r', 'p')
                  and (not c.relrowsecurity or not exists (select 1 from pg_policy p where p.polrelid = c.oid))
                order by 1""")
                .query((row, number) -> java.util.Objects.requireNonNull(row.getString(1)))
                .list();
        assertThat(unfenced)
                .as("tables without row-level security and a policy: a query could read across tenants")
                .containsExactlyInAnyOrderElementsOf(union(GLOBAL_TABLES.keySet(), WITHOUT_ROW_SECURITY));
    }

    @Test
    void theWaysPastRowLevelSecurityAreTheReviewedOnes() {
        List<String> definers = jdbc.sql("""
                select p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                where n.nspname = 'public' and p.prosecdef order by 1""")
                .query((row, number) -> java.util.Objects.requireNonNull(row.getString(1)))
                .list();
        assertThat(definers)
                .as("security-definer functions (they read past row-level security; review, then list in ADR 0131)")
                .containsExactlyInAnyOrderElementsOf(SECURITY_DEFINER_FUNCTIONS);
    }

    private static Set<String> union(Set<String> first, Set<String> second) {
        java.util.Set<String> both = new java.util.TreeSet<>(first);
        both.addAll(second);
        return both;
    }
}
