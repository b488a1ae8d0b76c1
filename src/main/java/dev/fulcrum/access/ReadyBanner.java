package dev.fulcrum.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Says where Fulcrum can be reached once it is ready to take orders. */
@Component
class ReadyBanner {

    private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

    @EventListener(ApplicationReadyEvent.class)
    void ready(ApplicationReadyEvent event) {
        Environment environment = event.getApplicationContext().getEnvironment();
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        log.info(
                "Fulcrum is ready. Console: http://localhost:{}/ (log in as '{}'; the password was printed at first "
                        + "start). API: http://localhost:{}/api/v1 (docs: http://localhost:{}/swagger-ui.html). Database: {}.",
                port,
                Bootstrap.ADMIN_USERNAME,
                port,
                port,
                environment.getProperty("fulcrum.database.mode", "?"));
    }
}
