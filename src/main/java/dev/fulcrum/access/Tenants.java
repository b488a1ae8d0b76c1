package dev.fulcrum.access;

import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Tenants: each company using one Fulcrum installation, isolated from the others down to PostgreSQL's row security. */
@Service
public class Tenants {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Tenants(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** Creates a tenant with a new id. */
    public TenantId create(String name) {
        TenantId tenant = new TenantId(Ids.timeOrdered());
        create(tenant, name);
        return tenant;
    }

    /** Creates the tenant with the given id unless it exists; returns whether it was created. */
    public boolean create(TenantId tenant, String name) {
        return RequestContext.system(tenant)
                .call(() -> transactions.execute(status -> jdbc.sql(
                                        "insert into tenants (tenant_id, name, created_at) values (?, ?, ?) on conflict do nothing")
                                .params(tenant.value(), name, Timestamp.from(clock.instant()))
                                .update()
                        == 1));
    }
}
