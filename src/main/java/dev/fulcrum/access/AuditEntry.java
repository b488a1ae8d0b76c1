package dev.fulcrum.access;

import java.time.Instant;
import java.util.Map;

/** One audited change: who did what to which target, when, under which request. */
public record AuditEntry(
        Instant at,
        String actor,
        String action,
        String targetType,
        String targetId,
        String requestId,
        Map<String, Object> details) {}
