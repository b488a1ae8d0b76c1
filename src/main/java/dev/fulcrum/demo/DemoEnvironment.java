package dev.fulcrum.demo;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * When demo data will be loaded and no webhook allow-list is configured, allows {@code 127.0.0.1} as a webhook target
 * so that the demo's subscription can deliver to Fulcrum's own sink (ADR 0093). Decides before the embedded database
 * is chosen: no datasource URL means the embedded database, as {@code EmbeddedPostgresEnvironment} decides.
 */
class DemoEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String ALLOWLIST = "fulcrum.webhooks.allowlist";

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String databaseMode =
                environment.getProperty("spring.datasource.url", "").isBlank() ? "embedded" : "external";
        if (DemoDataLoader.enabled(environment.getProperty("fulcrum.demo.enabled", ""), databaseMode)
                && environment.getProperty(ALLOWLIST, "").isBlank()) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource("fulcrumDemoWebhookSink", Map.of(ALLOWLIST, "127.0.0.1")));
        }
    }
}
