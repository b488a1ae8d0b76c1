package dev.fulcrum.channels.internal;

import dev.fulcrum.events.PublicEventLog;
import dev.fulcrum.shared.Ids;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records a payload that failed its signature as the public event {@code channel.signature-rejected}, with where it
 * came from but without its body: an unauthenticated body is not trusted enough to keep.
 */
@Component
public class SignatureRejections {

    private final PublicEventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SignatureRejections(PublicEventLog events, PlatformTransactionManager transactionManager, Clock clock) {
        this.events = events;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public void record(
            Connections.WebhookTarget target,
            String remoteAddress,
            @Nullable String topic,
            @Nullable String deliveryId,
            @Nullable String origin,
            int bodyBytes) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connectionId", target.id().toString());
        data.put("connection", target.name());
        data.put("type", target.type().wireName());
        data.put("remoteAddress", remoteAddress);
        data.put("topic", topic);
        data.put("deliveryId", deliveryId);
        data.put("origin", origin);
        data.put("bodyBytes", bodyBytes);
        RequestContext.system(target.tenant())
                .run(() -> transactions.executeWithoutResult(status -> events.append(
                        Ids.timeOrdered(), "channel.signature-rejected", null, null, clock.instant(), data)));
    }
}
