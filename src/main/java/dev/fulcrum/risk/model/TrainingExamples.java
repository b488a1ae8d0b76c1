package dev.fulcrum.risk.model;

import dev.fulcrum.shared.OrderId;
import dev.fulcrum.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Assessed orders with a recorded outcome, oldest first: what a learned score is trained on. */
public interface TrainingExamples {

    /** One labelled order: the features it was assessed with, and whether it turned out fraud or a chargeback. */
    record Example(OrderId order, Instant assessedAt, Map<String, Double> features, boolean fraud) {}

    List<Example> labelled(TenantId tenant, int limit);
}
