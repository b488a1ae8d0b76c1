package dev.fulcrum.demo;

import dev.fulcrum.shared.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Loads the demo data into the default tenant once the application is ready (so after the access bootstrap has
 * created that tenant), in the background so that readiness does not wait for it.
 */
@Component
class DemoDataLoader {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final DemoData demoData;
    private final Environment environment;

    DemoDataLoader(DemoData demoData, Environment environment) {
        this.demoData = demoData;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void loadWhenEnabled() {
        if (!enabled(
                environment.getProperty("fulcrum.demo.enabled", ""),
                environment.getProperty("fulcrum.database.mode", ""))) {
            return;
        }
        Thread.ofVirtual().name("demo-data").start(() -> {
            long started = System.nanoTime();
            try {
                int placed = demoData.load(TenantId.DEFAULT);
                if (placed > 0) {
                    log.info(
                            "Demo data: loaded the demo shop and placed {} orders in the default tenant in {} ms "
                                    + "(turn off with FULCRUM_DEMO_ENABLED=false).",
                            placed,
                            (System.nanoTime() - started) / 1_000_000);
                }
            } catch (RuntimeException failure) {
                log.warn("Demo data could not be loaded; Fulcrum works without it", failure);
            }
        });
    }

    /**
     * Whether to load demo data: {@code fulcrum.demo.enabled} decides when set ({@code true}/{@code false}); unset or
     * blank, demo data comes with the embedded database and never with an external one.
     */
    static boolean enabled(String setting, String databaseMode) {
        String value = setting.strip();
        if (value.isEmpty()) {
            return "embedded".equals(databaseMode);
        }
        return Boolean.parseBoolean(value);
    }
}
