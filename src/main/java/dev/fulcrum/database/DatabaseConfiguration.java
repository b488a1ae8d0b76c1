package dev.fulcrum.database;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.support.JdbcTransactionManager;

@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    static final String EMBEDDED_SERVER = "embeddedPostgresServer";

    @Bean
    @Primary
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new TenantTransactionManager(dataSource);
    }

    /** Stops the persistent embedded server when the application stops, after everything that uses it is closed. */
    @Bean(EMBEDDED_SERVER)
    DisposableBean embeddedPostgresServer(Environment environment) {
        String dataDirectory = environment.getProperty("fulcrum.database.embedded-data-directory");
        return () -> {
            if (dataDirectory != null) {
                EmbeddedPostgresEnvironment.stop(Path.of(dataDirectory));
            }
        };
    }

    /**
     * The embedded server starts in the background while Spring reads the configuration classes; this post-processor
     * runs after that and before any bean is created, and waits until the server accepts connections.
     */
    @Bean
    static BeanFactoryPostProcessor awaitEmbeddedPostgres() {
        return new AwaitEmbeddedPostgres();
    }

    private static final class AwaitEmbeddedPostgres implements BeanFactoryPostProcessor, PriorityOrdered {

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            EmbeddedPostgresEnvironment.awaitStarted();
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** Every data source depends on the embedded server bean, so it is destroyed before the server stops. */
    @Bean
    static BeanFactoryPostProcessor dataSourcesDependOnEmbeddedServer() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanNamesForType(DataSource.class, true, false)) {
                BeanDefinition definition = beanFactory.getBeanDefinition(name);
                List<String> dependsOn = new ArrayList<>(
                        definition.getDependsOn() == null ? List.of() : Arrays.asList(definition.getDependsOn()));
                dependsOn.add(EMBEDDED_SERVER);
                definition.setDependsOn(dependsOn.toArray(String[]::new));
            }
        };
    }
}
