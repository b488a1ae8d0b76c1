package dev.fulcrum.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The clock of every test context: real UTC time plus an offset a test moves forward with {@link #advance}, instead of
 * sleeping until a period has passed, and {@link #reset}s afterwards. It replaces the application's clock: registered
 * before the context is refreshed (through {@code META-INF/spring.factories}), so the {@code @ConditionalOnMissingBean}
 * clock of {@code TimeConfiguration} stands back.
 */
public final class TestClock extends Clock implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves every test context's clock forward by {@code duration}. */
    public static void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + duration);
        }
        offset.accumulateAndGet(duration, Duration::plus);
    }

    /**
     * Puts the clock back to real time. For a test that advanced it, in a {@code finally}: parts of the application
     * still take time from PostgreSQL ({@code now()}), and later tests should not see the two disagree.
     */
    public static void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (!context.getBeanFactory().containsSingleton("testClock")) {
            context.getBeanFactory().registerSingleton("testClock", this);
        }
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return zone.equals(ZoneOffset.UTC) ? this : new InZone(zone);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }

    /** The same instants, seen in another zone. */
    private static final class InZone extends Clock {

        private final ZoneId zone;

        InZone(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new InZone(other);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }
    }
}
