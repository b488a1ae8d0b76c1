package dev.fulcrum.compliance;

import dev.fulcrum.access.AuditLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where the current tenant's personal data lives and where it may go. A destination (webhook subscriber, Kafka topic)
 * declared in another region that is not allowed receives events with their personal fields masked
 * ({@link PersonalDataMasks}); see docs/guide/compliance.md. A tenant that declared nothing has no region, and nothing
 * is masked for residency.
 */
@Service
public class DataResidency {

    /** A region name: lower case, such as {@code cn}, {@code eu}, {@code us}. */
    public static final Pattern REGION = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    /** Other instances see a new declaration within this long; the instance that wrote it at once. */
    private static final Duration CACHED_FOR = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<TenantId, Cached> cache = new ConcurrentHashMap<>();

    DataResidency(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A tenant's declaration.
     *
     * @param region where its personal data lives; null: not declared
     * @param allowedTransfers the other regions personal data may go to in full ({@code *}: any)
     */
    public record Declaration(@Nullable String region, List<String> allowedTransfers) {

        public Declaration {
            allowedTransfers = List.copyOf(allowedTransfers);
        }

        /**
         * Whether personal data may go in full to a destination in {@code destinationRegion} (null: the tenant's own
         * region).
         */
        public boolean allowsTransferTo(@Nullable String destinationRegion) {
            return region == null
                    || destinationRegion == null
                    || destinationRegion.equals(region)
                    || allowedTransfers.contains(destinationRegion)
                    || allowedTransfers.contains("*");
        }
    }

    private record Cached(Declaration declaration, Instant until) {}

    /** The current tenant's declaration (cached for a few seconds). */
    @Transactional(readOnly = true)
    public Declaration current() {
        TenantId tenant = RequestContext.require().tenantId();
        Instant now = clock.instant();
        Cached cached = cache.get(tenant);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.declaration();
        }
        Declaration declaration = jdbc.sql(
                        "select region, allowed_transfers from compliance_data_residency where tenant_id = ?")
                .params(tenant.value())
                .query((rs, row) -> new Declaration(rs.getString("region"), List.of((String[])
                        rs.getArray("allowed_transfers").getArray())))
                .optional()
                .orElseGet(() -> new Declaration(null, List.of()));
        cache.put(tenant, new Cached(declaration, now.plus(CACHED_FOR)));
        return declaration;
    }

    /**
     * Declares the current tenant's region and the regions its personal data may go to.
     *
     * @throws ApiProblem 400 naming the field when a region is not a region name
     */
    @Transactional
    public Declaration declare(@Nullable String region, List<String> allowedTransfers) {
        List<FieldProblem> problems = new ArrayList<>();
        if (region == null || !REGION.matcher(region).matches()) {
            problems.add(new FieldProblem("region", "must be a region name such as cn, eu or us (" + REGION + ")"));
        }
        for (int i = 0; i < allowedTransfers.size(); i++) {
            String allowed = allowedTransfers.get(i);
            if (!allowed.equals("*") && !REGION.matcher(allowed).matches()) {
                problems.add(new FieldProblem(
                        "allowedTransfers[" + i + "]", "must be a region name such as eu, or * for any region"));
            }
        }
        if (!problems.isEmpty() || region == null) {
            throw ApiProblem.invalid(problems);
        }
        TenantId tenant = RequestContext.require().tenantId();
        List<String> allowed = allowedTransfers.stream().distinct().toList();
        jdbc.sql("""
                insert into compliance_data_residency (tenant_id, region, allowed_transfers, updated_at, updated_by)
                values (?, ?, ?, ?, ?)
                on conflict (tenant_id) do update set region = excluded.region,
                    allowed_transfers = excluded.allowed_transfers, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by""")
                .params(
                        tenant.value(),
                        region,
                        allowed.toArray(String[]::new),
                        Timestamp.from(clock.instant()),
                        RequestContext.require().actor())
                .update();
        audit.record(
                "data-residency.declared",
                "data-residency",
                tenant.toString(),
                Map.of("region", region, "allowedTransfers", allowed));
        cache.remove(tenant);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // Again after the commit: a read between the removal above and the commit may have cached the old one.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    cache.remove(tenant);
                }
            });
        }
        return new Declaration(region, allowed);
    }
}
