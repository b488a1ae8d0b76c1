package dev.fulcrum.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Demo data comes with the embedded database, never with an external one, unless the setting says otherwise. */
class DemoDataLoaderTests {

    @Test
    void loadsWithTheEmbeddedDatabaseByDefault() {
        assertThat(DemoDataLoader.enabled("", "embedded")).isTrue();
        assertThat(DemoDataLoader.enabled("  ", "embedded")).isTrue();
    }

    @Test
    void doesNotLoadWithAnExternalDatabaseByDefault() {
        assertThat(DemoDataLoader.enabled("", "external")).isFalse();
    }

    @Test
    void theSettingOverridesEitherDefault() {
        assertThat(DemoDataLoader.enabled("false", "embedded")).isFalse();
        assertThat(DemoDataLoader.enabled("true", "external")).isTrue();
        assertThat(DemoDataLoader.enabled("TRUE", "external")).isTrue();
    }
}
