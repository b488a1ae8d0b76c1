package dev.fulcrum.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The clock of the application under test: real UTC time moved on by whatever a test adds with {@link #advance}, so
 * that a test reaches a deadline without sleeping. Every test that advances it resets it afterwards ({@link #reset}),
 * so the tests sharing the application context see real time.
 */
public final class TestClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the clock on by {@code amount}. */
    public void advance(Duration amount) {
        offset.accumulateAndGet(amount, Duration::plus);
    }

    /** Back to real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Clock.systemUTC().instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock seen in another zone: the same instants, moved on with it. */
    @Override
    public Clock withZone(ZoneId zone) {
        TestClock source = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return source.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return source.withZone(other);
            }
        };
    }

    /** Makes the test clock the application's one clock in every Spring Boot test (found by component scanning). */
    @Configuration(proxyBeanMethods = false)
    static class TestClockConfiguration {

        @org.springframework.context.annotation.Bean
        @Primary
        TestClock testClock() {
            return new TestClock();
        }
    }
}
