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
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final Clock clock;

    IdempotencyKeys(
            JdbcClient jdbc,
            org.springframework.jdbc.core.JdbcTemplate jdbcTemplate,
            JsonMapper json,
            PlatformTransactionManager transactionManager,
            Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
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
        check(key);
        String requestHash = digest(requestBody);
        try {
            return transactions.execute(status -> find(scope, key, requestHash).orElseGet(() -> {
                StoredResponse response = create.get();
                jdbc.sql("""
                        insert into idempotency_keys (tenant_id, scope, key, request_hash, response_status, response_body,
                            created_at)
                        values (?, ?, ?, ?, ?, ?::jsonb, ?)""")
                        .params(
                                tenant(),
                                scope,
                                key,
                                requestHash,
                                response.status(),
                                json.writeValueAsString(response.body()),
                                Timestamp.from(clock.instant()))
                        .update();
                return response;
            }));
        } catch (DuplicateKeyException concurrentRequestWithSameKey) {
            return transactions.execute(status -> find(scope, key, requestHash).orElseThrow());
        }
    }

    /** A key as stored: the digest of the first request's body and its response. */
    public record StoredKey(String requestHash, StoredResponse response) {}

    /** A key to store with the response of the request that first used it. */
    public record NewKey(String key, String requestHash, StoredResponse response) {}

    /** The SHA-256 digest requests are compared by. */
    public static String digest(String requestBody) {
        return Digests.sha256Hex(requestBody);
    }

    /** Refuses a key that is blank or longer than 255 characters. */
    public static void check(String key) {
        if (key.isBlank() || key.length() > 255) {
            throw ApiProblem.invalid("Idempotency-Key", "must be 1 to 255 characters");
        }
    }

    /** The stored keys among {@code keys} with their responses, in the current transaction (one query). */
    public java.util.Map<String, StoredKey> findAll(String scope, java.util.Collection<String> keys) {
        java.util.Map<String, StoredKey> found = new java.util.HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        jdbc.sql("""
                select key, request_hash, response_status, response_body from idempotency_keys
                where tenant_id = ? and scope = ? and key = any (?)""").params(tenant(), scope, keys.toArray(String[]::new)).query(rs -> {
            found.put(
                    rs.getString("key"),
                    new StoredKey(
                            rs.getString("request_hash"),
                            new StoredResponse(
                                    rs.getInt("response_status"), json.readTree(rs.getString("response_body")))));
        });
        return found;
    }

    /**
     * Stores keys with their responses in the current transaction, as one JDBC batch; a key stored meanwhile by
     * another transaction fails the whole transaction with a {@link DuplicateKeyException}.
     */
    public void storeAll(String scope, java.util.List<NewKey> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        java.util.UUID tenant = tenant();
        jdbcTemplate.batchUpdate(
                """
                insert into idempotency_keys (tenant_id, scope, key, request_hash, response_status, response_body,
                    created_at)
                values (?, ?, ?, ?, ?, ?::jsonb, ?)""",
                keys.stream()
                        .map(key -> new Object[] {
                            tenant,
                            scope,
                            key.key(),
                            key.requestHash(),
                            key.response().status(),
                            json.writeValueAsString(key.response().body()),
                            now
                        })
                        .toList());
    }

    private Optional<StoredResponse> find(String scope, String key, String requestHash) {
        StoredKey stored = findAll(scope, java.util.List.of(key)).get(key);
        if (stored == null) {
            return Optional.empty();
        }
        if (!stored.requestHash().equals(requestHash)) {
            throw reused(key);
        }
        return Optional.of(stored.response());
    }

    /** The refusal of a key sent again with another body (422). */
    public static ApiProblem reused(String key) {
        return ApiProblem.unprocessable(
                "idempotency-key-reused", "Idempotency-Key " + key + " was already used with a different request body");
    }

    private static java.util.UUID tenant() {
        return RequestContext.require().tenantId().value();
    }

    /** A response to replay: HTTP status and JSON body. */
    public record StoredResponse(int status, JsonNode body) {}
}
