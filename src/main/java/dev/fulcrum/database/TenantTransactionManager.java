package dev.fulcrum.database;

import dev.fulcrum.shared.RequestContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Opens every transaction with the tenant of the current {@link RequestContext} as the transaction-local setting
 * {@code fulcrum.tenant_id}. Row-level security policies compare each row's {@code tenant_id} with it, so a query
 * that forgets its tenant filter still sees only its own tenant's rows, and a transaction without a tenant sees none.
 */
@SuppressWarnings("serial") // never Java-serialized
class TenantTransactionManager extends JdbcTransactionManager {

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        RequestContext context = RequestContext.current().orElse(null);
        if (context == null) {
            // The setting is transaction-local, so a transaction without a tenant starts without one: no round trip.
            return;
        }
        String tenant = context.tenantId().toString();
        try (PreparedStatement statement =
                connection.prepareStatement("select set_config('fulcrum.tenant_id', ?, true)")) {
            statement.setString(1, tenant);
            statement.execute();
        }
    }
}
