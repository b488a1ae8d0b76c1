package dev.fulcrum.database;

import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.Digests;
import dev.fulcrum.shared.RequestContext;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Honours the {@code Idempotency-Key} header on creates: the first request with a key runs and its response is stored
 * in the same transaction as what it created; a repeat with the same key and body gets that stored response; a
 * repeat with another body is refused (422). Keys are per tenant and per endpoint.
 */
@Service
public class IdempotencyKeys {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IdempotencyKeys(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Runs {@code create} once per key.
     *
     * @param scope the endpoint, for example {@code POST /api/v1/orders}
     * @param requestBody the body as received, compared by its SHA-256 digest
     * @param create produces the response status and body; runs inside the transaction that stores the key
     */
    public StoredResponse run(String scope, String key, String requestBody, Supplier<StoredResponse> create) {
        if (key.isBlank() || key.length() > 255) {
            throw ApiProblem.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
        String requestHash = Digests.sha256Hex(requestBody);
        try {
            return transactions.execute(status -> find(scope, key, requestHash).orElseGet(() -> {
                StoredResponse response = create.get();
                jdbc.sql("""
                        insert into idempotency_keys (tenant_id, scope, key, request_hash, response_status, response_body,
                            created_at)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                        .params(tenant(), scope, key, requestHash, response.status(),
                                json.writeValueAsString(response.body()), Timestamp.from(clock.instant()))
                        .update();
                return response;
            }));
        } catch (DuplicateKeyException concurrentRequestWithSameKey) {
            return transactions.execute(status -> find(scope, key, requestHash).orElseThrow());
        }
    }

    private Optional<StoredResponse> find(String scope, String key, String requestHash) {
        return jdbc.sql("""
                select request_hash, response_status, response_body from idempotency_keys
                where tenant_id = ? and scope = ? and key = ?""")
                .params(tenant(), scope, key)
                .query((rs, row) -> {
                    if (!rs.getString("request_hash").equals(requestHash)) {
                        throw ApiProblem.unprocessable("idempotency-key-reused",
                                "Idempotency-Key " + key + " was already used with a different request body");
                    }
                    return new StoredResponse(rs.getInt("response_status"), json.readTree(rs.getString("response_body")));
                })
                .optional();
    }

    private static java.util.UUID tenant() {
        return RequestContext.require().tenantId().value();
    }

    /** A response to replay: HTTP status and JSON body. */
    public record StoredResponse(int status, JsonNode body) {
    }
}
