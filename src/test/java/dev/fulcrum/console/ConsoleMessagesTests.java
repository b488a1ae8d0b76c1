package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fulcrum.order.Hold;
import dev.fulcrum.order.OrderStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every console text exists in English and in 简体中文, including every status and hold type. */
class ConsoleMessagesTests {

    private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([a-zA-Z.]+)}");

    private final Properties english = load("i18n/messages.properties");
    private final Properties chinese = load("i18n/messages_zh_CN.properties");

    @Test
    void bothLanguagesHaveTheSameTexts() {
        assertThat(chinese.stringPropertyNames()).isEqualTo(english.stringPropertyNames());
        assertThat(chinese.stringPropertyNames())
                .allSatisfy(key -> assertThat(chinese.getProperty(key)).isNotBlank());
    }

    @Test
    void everyStatusAndHoldTypeHasAName() {
        Arrays.stream(OrderStatus.values())
                .forEach(status -> assertThat(english).containsKey("status." + status.wireName()));
        Hold.TYPES.forEach(type -> assertThat(english).containsKey("hold." + type));
        Stream.of("placed", "paid", "held", "released", "cancelled", "shipped", "delivered")
                .forEach(action -> assertThat(english).containsKey("action.order." + action));
    }

    @Test
    void everySubscriptionHealthAndDeliveryStatusHasAName() {
        Stream.of("healthy", "degraded", "failing", "paused")
                .forEach(health -> assertThat(english).containsKey("subscription.health." + health));
        SubscriptionPages.DELIVERY_STATUSES.forEach(
                status -> assertThat(english).containsKey("delivery." + status));
    }

    @Test
    void everyTextATemplateAsksForExists() throws IOException {
        Set<String> used = new HashSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates/console"))) {
            for (Path template : templates.filter(Files::isRegularFile).toList()) {
                Matcher key = TEMPLATE_KEY.matcher(Files.readString(template));
                while (key.find()) {
                    used.add(key.group(1));
                }
            }
        }
        assertThat(used).isNotEmpty();
        assertThat(english.stringPropertyNames()).containsAll(used);
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = ConsoleMessagesTests.class.getClassLoader().getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return properties;
    }
}
