package dev.fulcrum.events.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code fulcrum.webhooks} (environment {@code FULCRUM_WEBHOOKS_*}).
 *
 * @param allowlist hosts or addresses that may be targeted although they are loopback, private or link-local
 *        ({@code FULCRUM_WEBHOOKS_ALLOWLIST=127.0.0.1,localhost}); empty by default
 * @param initialBackoff the wait before the second attempt; each further wait doubles, with jitter
 * @param maxBackoff the longest wait between two attempts
 * @param retryWindow how long after its first attempt a delivery is retried before it is marked dead
 * @param pausePeriod how long a subscription may fail continuously before it is paused
 * @param pollInterval how often the dispatcher looks for due retries when no new event wakes it
 * @param connectTimeout connection timeout per attempt
 * @param requestTimeout response timeout per attempt
 */
@ConfigurationProperties("fulcrum.webhooks")
record WebhookProperties(
        List<String> allowlist,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration retryWindow,
        Duration pausePeriod,
        Duration pollInterval,
        Duration connectTimeout,
        Duration requestTimeout) {

    WebhookProperties {
        allowlist = allowlist == null
                ? List.of()
                : allowlist.stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList();
        initialBackoff = initialBackoff == null ? Duration.ofSeconds(5) : initialBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofHours(1) : maxBackoff;
        retryWindow = retryWindow == null ? Duration.ofHours(24) : retryWindow;
        pausePeriod = pausePeriod == null ? Duration.ofDays(3) : pausePeriod;
        pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
        requestTimeout = requestTimeout == null ? Duration.ofSeconds(5) : requestTimeout;
    }
}
