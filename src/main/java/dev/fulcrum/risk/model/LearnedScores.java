package dev.fulcrum.risk.model;

import dev.fulcrum.shared.TenantId;
import java.util.Map;
import java.util.Optional;

/** The tenant's active learned model, if one was trained and activated. */
public interface LearnedScores {

    /** A probability of fraud, the model's version, and each feature's share of the score in points (0-100 scale). */
    record Scored(double probability, String modelVersion, Map<String, Double> contributions) {}

    Optional<Scored> score(TenantId tenant, Map<String, Double> features);
}
