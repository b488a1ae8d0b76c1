package dev.fulcrum.events.web;

import dev.fulcrum.events.CloudEvents;
import dev.fulcrum.events.EventCursor;
import dev.fulcrum.events.NewEventsSignal;
import dev.fulcrum.events.PublicEvent;
import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.RequestContext;
import dev.fulcrum.shared.RequestLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live stream: server-sent events, one per public event, each a CloudEvents JSON document with the log cursor as
 * its SSE id, so a reconnecting client ({@code Last-Event-ID}) resumes where it stopped. {@code /api/v1/stream} is for
 * API keys, {@code /console/stream} for signed-in console users (session cookie, EventSource works as is).
 */
@RestController
@Tag(name = "Events")
class StreamController {

    private static final long HEARTBEAT_MILLIS = 15_000;
    private static final long STREAM_MILLIS = 30 * 60_000;
    private static final long QUICK_LOOK_MILLIS = 20;
    private static final int QUICK_LOOKS = 50;

    private final PublicEventLog log;
    private final CloudEvents cloudEvents;
    private final NewEventsSignal signal;
    private final ExecutorService streams = Executors.newVirtualThreadPerTaskExecutor();

    /** Streams open on this instance now; each holds a thread that reads the log until the client goes away. */
    private final AtomicInteger openStreams = new AtomicInteger();

    private final RequestLimits limits;

    StreamController(PublicEventLog log, CloudEvents cloudEvents, NewEventsSignal signal, RequestLimits limits) {
        this.limits = limits;
        this.log = log;
        this.cloudEvents = cloudEvents;
        this.signal = signal;
    }

    @GetMapping(
            path = {"/api/v1/stream", "/console/stream"},
            produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Live stream of public events (server-sent events)",
            description =
                    "Optional `types` (comma separated short names or CloudEvents types) and `orderId`. Starts at the "
                            + "newest event unless `Last-Event-ID` (or `after`) names a cursor. Each SSE message: `id` = cursor, "
                            + "`event` = short type (order.paid), `data` = the CloudEvents JSON document. A comment line is sent "
                            + "every 15 s; the server closes the stream after 30 minutes and the client reconnects. At "
                            + "most fulcrum.limits.max-streams (200) streams are open per instance; beyond, 503 "
                            + "streams-busy.")
    SseEmitter stream(
            @RequestParam(required = false) @Nullable String types,
            @RequestParam(required = false) @Nullable String orderId,
            @RequestParam(required = false) @Nullable String after,
            @RequestHeader(name = "Last-Event-ID", required = false) @Nullable String lastEventId) {
        List<String> wanted = types == null || types.isBlank()
                ? List.of()
                : Arrays.stream(types.split(","))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .toList();
        UUID order = null;
        if (orderId != null && !orderId.isBlank()) {
            try {
                order = UUID.fromString(orderId.strip());
            } catch (IllegalArgumentException notAnId) {
                throw ApiProblem.invalid("orderId", "is not an order id");
            }
        }
        String resume = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
        EventCursor start = resume == null || resume.isBlank() ? log.head() : EventCursor.parse(resume);
        RequestContext context = RequestContext.require();
        if (openStreams.incrementAndGet() > limits.maxStreams()) {
            openStreams.decrementAndGet();
            throw ApiProblem.unavailable(
                    "streams-busy",
                    "stream",
                    "at most " + limits.maxStreams() + " open streams per instance, all in use "
                            + "(fulcrum.limits.max-streams): retry later");
        }
        SseEmitter emitter = new SseEmitter(STREAM_MILLIS);
        AtomicBoolean open = new AtomicBoolean(true);
        emitter.onCompletion(() -> open.set(false));
        emitter.onTimeout(() -> open.set(false));
        emitter.onError(failure -> open.set(false));
        UUID orderFilter = order;
        try {
            streams.execute(() -> {
                try {
                    context.run(() -> follow(emitter, open, start, wanted, orderFilter));
                } finally {
                    openStreams.decrementAndGet();
                }
            });
        } catch (RuntimeException notStarted) {
            openStreams.decrementAndGet();
            throw notStarted;
        }
        return emitter;
    }

    private void follow(
            SseEmitter emitter, AtomicBoolean open, EventCursor start, List<String> types, @Nullable UUID orderId) {
        EventCursor cursor = start;
        long seen = signal.committed();
        long lastSent = System.currentTimeMillis();
        // After a commit was signalled, the log may not show it yet: it reads only below the oldest running
        // transaction, and another one (any tenant's) may still run. Look again shortly instead of after a second.
        int quickLooks = 0;
        try {
            emitter.send(SseEmitter.event().comment("following from " + cursor));
            while (open.get()) {
                List<PublicEvent> events = log.read(cursor, 100, types, orderId);
                for (PublicEvent event : events) {
                    String document = new String(
                            cloudEvents.serialize(context().tenantId(), event, null), StandardCharsets.UTF_8);
                    emitter.send(SseEmitter.event()
                            .id(event.cursor())
                            .name(event.type())
                            .data(document));
                    cursor = EventCursor.parse(event.cursor());
                    lastSent = System.currentTimeMillis();
                }
                if (events.isEmpty()) {
                    long committed = signal.awaitAfter(seen, quickLooks > 0 ? QUICK_LOOK_MILLIS : 1000);
                    quickLooks = committed > seen ? QUICK_LOOKS : Math.max(0, quickLooks - 1);
                    seen = committed;
                    if (System.currentTimeMillis() - lastSent > HEARTBEAT_MILLIS) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                        lastSent = System.currentTimeMillis();
                    }
                }
            }
        } catch (IOException | IllegalStateException gone) {
            emitter.completeWithError(gone);
        } catch (InterruptedException interrupted) {
            emitter.complete();
        }
    }

    private static RequestContext context() {
        return RequestContext.require();
    }
}
