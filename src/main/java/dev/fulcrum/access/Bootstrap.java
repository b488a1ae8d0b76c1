package dev.fulcrum.access;

import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.TenantId;
import java.security.SecureRandom;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * First start: creates the default tenant, the {@code admin} user and an admin API key, and prints the password and
 * key once. {@code FULCRUM_BOOTSTRAP_ADMIN_PASSWORD} and {@code FULCRUM_BOOTSTRAP_API_KEY} choose them instead.
 */
@Component
@Order(0)
class Bootstrap implements ApplicationRunner {

    static final String ADMIN_USERNAME = "admin";
    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final Tenants tenants;
    private final Users users;
    private final ApiKeys apiKeys;
    private final TransactionTemplate transactions;
    private final String configuredPassword;
    private final String configuredKey;

    Bootstrap(
            Tenants tenants,
            Users users,
            ApiKeys apiKeys,
            PlatformTransactionManager transactionManager,
            @Value("${fulcrum.bootstrap.admin-password:}") String configuredPassword,
            @Value("${fulcrum.bootstrap.api-key:}") String configuredKey) {
        this.tenants = tenants;
        this.users = users;
        this.apiKeys = apiKeys;
        this.transactions = new TransactionTemplate(transactionManager);
        this.configuredPassword = configuredPassword;
        this.configuredKey = configuredKey;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!tenants.create(TenantId.DEFAULT, "Default")) {
            return;
        }
        String password = configuredPassword.isBlank() ? randomPassword() : configuredPassword;
        ApiKeys.CreatedApiKey key = RequestContext.system(TenantId.DEFAULT)
                .call(() -> transactions.execute(status -> {
                    users.create(ADMIN_USERNAME, "Administrator", password, "admin");
                    return configuredKey.isBlank()
                            ? apiKeys.create("bootstrap admin key", List.of(Scopes.ADMIN))
                            : apiKeys.createWithSecret("bootstrap admin key", List.of(Scopes.ADMIN), configuredKey);
                }));
        log.info(
                """

                ================================================================================
                 First start: created the default tenant.
                 Console user : {}
                 Password     : {}
                 Admin API key: {}
                 These are shown once. Keep them somewhere safe.
                ================================================================================""",
                ADMIN_USERNAME,
                configuredPassword.isBlank() ? password : "(from FULCRUM_BOOTSTRAP_ADMIN_PASSWORD)",
                configuredKey.isBlank() ? key.key() : "(from FULCRUM_BOOTSTRAP_API_KEY)");
    }

    static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
