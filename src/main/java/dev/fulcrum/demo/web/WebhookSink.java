package dev.fulcrum.demo.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's webhook subscriber, inside Fulcrum: takes every delivery, keeps nothing but a count, and answers 204, so
 * the demo subscription shows real deliveries, signatures and latencies without sending data off the machine
 * (ADR 0093). Open without a session or key, like any webhook receiver; it reads and stores nothing.
 */
@RestController
@Hidden
class WebhookSink {

    static final String PATH = "/demo/webhook-sink";

    private final AtomicLong received = new AtomicLong();

    @PostMapping(PATH)
    ResponseEntity<Void> receive(@RequestBody(required = false) byte[] body) {
        received.incrementAndGet();
        return ResponseEntity.noContent().build();
    }

    @GetMapping(PATH)
    java.util.Map<String, Long> count() {
        return java.util.Map.of("received", received.get());
    }

    @Configuration(proxyBeanMethods = false)
    static class SinkSecurity {

        @Bean
        @Order(0)
        SecurityFilterChain demoWebhookSink(HttpSecurity http) throws Exception {
            return http.securityMatcher(PATH)
                    .csrf(csrf -> csrf.disable())
                    .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(cache -> cache.disable())
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
    }
}
