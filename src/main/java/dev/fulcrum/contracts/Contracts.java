package dev.fulcrum.contracts;

import com.google.protobuf.Timestamp;
import dev.fulcrum.access.AuditLog;
import dev.fulcrum.contracts.internal.ActiveContracts;
import dev.fulcrum.contracts.internal.CelValues;
import dev.fulcrum.contracts.internal.CompiledContract;
import dev.fulcrum.contracts.internal.ContractSchemas;
import dev.fulcrum.contracts.internal.ContractStore;
import dev.fulcrum.contracts.internal.ContractValidation;
import dev.fulcrum.contracts.internal.ShippedContracts;
import dev.fulcrum.shared.ApiProblem;
import dev.fulcrum.shared.FieldProblem;
import dev.fulcrum.shared.RequestContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contract registry of the current tenant: the shipped version 1 of each contract, the versions the tenant stored
 * (drafts until activated), JSON Schemas generated from them, dry runs of a version over recent input, activation, and
 * each contract's quality figure. A version that would refuse input the active one accepts (a new or changed hard
 * rule, a newly required field) is activated only after a dry run has been recorded for it.
 */
@Service
public class Contracts {

    /** The most days of recent input a dry run reads. */
    public static final int MAX_DRY_RUN_DAYS = 90;
    /** The most subjects a dry run checks. */
    public static final int MAX_DRY_RUN_SUBJECTS = 10_000;
    /** The most examples a dry run reports. */
    static final int EXAMPLES = 10;
    /** The longest quality window. */
    public static final Duration MAX_QUALITY_WINDOW = Duration.ofDays(7);

    private final ShippedContracts shipped;
    private final ContractStore store;
    private final ActiveContracts active;
    private final ObjectProvider<ContractSubjects> subjects;
    private final AuditLog audit;
    private final Clock clock;

    Contracts(
            ShippedContracts shipped,
            ContractStore store,
            ActiveContracts active,
            ObjectProvider<ContractSubjects> subjects,
            AuditLog audit,
            Clock clock) {
        this.shipped = shipped;
        this.store = store;
        this.active = active;
        this.subjects = subjects;
        this.audit = audit;
        this.clock = clock;
    }

    /** One version of a contract, as listed. */
    public record Version(
            int version,
            String status,
            ContractDocument document,
            Instant createdAt,
            String createdBy,
            @Nullable Instant activatedAt,
            @Nullable Object dryRun,
            @Nullable Instant dryRunAt) {}

    /** A contract with its active version and every version, newest first (the shipped version 1 last). */
    public record Contract(String name, int activeVersion, ContractDocument active, List<Version> versions) {}

    /** Every contract, each with its active version's number and document. */
    @Transactional(readOnly = true)
    public List<Map<String, Object>> list() {
        Set<String> names = new java.util.TreeSet<>();
        shipped.all().forEach(document -> names.add(document.name()));
        names.addAll(store.names());
        List<Map<String, Object>> contracts = new ArrayList<>();
        for (String name : names) {
            active.find(name).ifPresent(contract -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", name);
                entry.put("kind", contract.document().kind());
                entry.put("title", contract.document().title());
                entry.put("owner", contract.document().owner());
                entry.put("activeVersion", contract.version());
                entry.put("fields", contract.document().fields().size());
                entry.put("rules", contract.document().rules().size());
                contracts.add(entry);
            });
        }
        return contracts;
    }

    /**
     * A contract with its versions.
     *
     * @throws ApiProblem 404 when there is no such contract
     */
    @Transactional(readOnly = true)
    public Contract get(String name) {
        CompiledContract current = active.require(name);
        List<Version> versions = new ArrayList<>();
        boolean storedActive = false;
        for (ContractStore.StoredVersion stored : store.versions(name)) {
            storedActive |= stored.status().equals("active");
            versions.add(new Version(
                    stored.version(),
                    stored.status(),
                    stored.document(),
                    stored.createdAt(),
                    stored.createdBy(),
                    stored.activatedAt(),
                    stored.dryRun(),
                    stored.dryRunAt()));
        }
        Optional<ContractDocument> original = shipped.find(name);
        if (original.isPresent()) {
            versions.add(new Version(
                    1,
                    storedActive ? "retired" : "active",
                    original.get(),
                    Instant.EPOCH,
                    "fulcrum",
                    null,
                    null,
                    null));
        }
        return new Contract(name, current.version(), current.document(), versions);
    }

    /**
     * One version's document; 1 is the shipped one.
     *
     * @throws ApiProblem 404 when the contract or version does not exist
     */
    @Transactional(readOnly = true)
    public ContractDocument document(String name, int version) {
        if (version == 1) {
            return shipped.find(name).orElseThrow(() -> ApiProblem.notFound("contract " + name + " has no version 1"));
        }
        return store.find(name, version)
                .orElseThrow(() -> ApiProblem.notFound("contract " + name + " has no version " + version))
                .document();
    }

    /** The JSON Schema of the active version, or of the given one. */
    @Transactional(readOnly = true)
    public Map<String, Object> schema(String name, @Nullable Integer version) {
        if (version == null) {
            CompiledContract current = active.require(name);
            return ContractSchemas.of(current.document(), current.version());
        }
        return ContractSchemas.of(document(name, version), version);
    }

    /**
     * Stores a new version as a draft, after checking it: both languages everywhere, known fields, rules that compile.
     *
     * @throws ApiProblem 400 naming every problem; 404 when there is no contract of that name to version
     */
    @Transactional
    public Version put(String name, @Nullable ContractDocument document) {
        active.require(name);
        Set<String> known = subjectsOf(name).map(ContractSubjects::knownFields).orElse(null);
        List<FieldProblem> problems = ContractValidation.problems(name, document, known);
        if (!problems.isEmpty() || document == null) {
            throw ApiProblem.invalid(problems);
        }
        Instant now = clock.instant();
        int version = store.insertNext(name, document, RequestContext.require().actor(), now);
        audit.record("contract.saved", "contract", name + "/" + version, Map.of("status", "draft"));
        return versionOf(name, version);
    }

    /**
     * Dry-runs a version over the subjects of the last {@code days} days (at most {@code limit}): how many it would
     * refuse (and how many of those the active version accepts) and flag, with examples; the result is recorded on the
     * version.
     *
     * @throws ApiProblem 400 for a window or limit out of bounds; 404 for an unknown version; 409 when nothing
     *     supplies the contract's input
     */
    @Transactional
    public Map<String, Object> dryRun(String name, int version, int days, int limit) {
        if (days < 1 || days > MAX_DRY_RUN_DAYS) {
            throw ApiProblem.invalid("days", "must be from 1 to " + MAX_DRY_RUN_DAYS);
        }
        if (limit < 1 || limit > MAX_DRY_RUN_SUBJECTS) {
            throw ApiProblem.invalid("limit", "must be from 1 to " + MAX_DRY_RUN_SUBJECTS);
        }
        CompiledContract current = active.require(name);
        CompiledContract candidate = active.compile(version, document(name, version));
        ContractSubjects source = subjectsOf(name)
                .orElseThrow(() -> ApiProblem.conflict(
                        "no-contract-input", "no module supplies recent input for contract " + name));
        Instant now = clock.instant();
        Timestamp at = CelValues.timestamp(now);
        List<ContractSubjects.Subject> recent = source.recent(now.minus(Duration.ofDays(days)), limit);
        int refused = 0;
        int newlyRefused = 0;
        int flagged = 0;
        List<Map<String, Object>> examples = new ArrayList<>();
        for (ContractSubjects.Subject subject : recent) {
            CompiledContract.Verdict verdict = candidate.check(subject.view(), at);
            if (verdict.refused()) {
                refused++;
                if (!current.check(subject.view(), at).refused()) {
                    newlyRefused++;
                }
            } else if (!verdict.soft().isEmpty()) {
                flagged++;
            }
            List<ContractViolation> failures = new ArrayList<>(verdict.hard());
            failures.addAll(verdict.soft());
            if (!failures.isEmpty() && examples.size() < EXAMPLES) {
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("id", subject.id().toString());
                example.put("label", subject.label());
                example.put("outcome", verdict.refused() ? "refused" : "flagged");
                example.put("violations", failures);
                examples.add(example);
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("contract", name);
        result.put("version", version);
        result.put("activeVersion", current.version());
        result.put("days", days);
        result.put("checked", recent.size());
        result.put("truncated", recent.size() >= limit);
        result.put("refused", refused);
        result.put("newlyRefused", newlyRefused);
        result.put("flagged", flagged);
        result.put("examples", examples);
        result.put("ranAt", now.toString());
        if (version > 1) {
            store.recordDryRun(name, version, result, now);
        }
        return result;
    }

    /**
     * Makes a version the one intake uses; 1 goes back to the shipped version. A version stricter than the active one
     * needs a recorded dry run first.
     *
     * @throws ApiProblem 404 for an unknown version; 409 when a stricter version has not been dry-run
     */
    @Transactional
    public Contract activate(String name, int version) {
        CompiledContract current = active.require(name);
        ContractDocument candidate = document(name, version);
        List<String> stricter = stricterThan(candidate, current.document());
        if (version > 1 && !stricter.isEmpty()) {
            ContractStore.StoredVersion stored = store.find(name, version).orElseThrow();
            if (stored.dryRunAt() == null) {
                throw ApiProblem.conflict(
                        "dry-run-required",
                        "version " + version + " of contract " + name
                                + " may refuse input the active version accepts (" + String.join(", ", stricter)
                                + "): dry-run it first with POST /api/v1/contracts/" + name + "/versions/" + version
                                + "/dry-run");
            }
        }
        store.activate(name, version, clock.instant());
        active.forget(name);
        audit.record("contract.activated", "contract", name + "/" + version, Map.of());
        return get(name);
    }

    /**
     * The share of subjects over the window that passed every soft rule, against the contract's threshold.
     *
     * @throws ApiProblem 400 for a window that is not a duration from PT1M to P7D
     */
    @Transactional(readOnly = true)
    public Map<String, Object> quality(String name, Duration window) {
        if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(MAX_QUALITY_WINDOW) > 0) {
            throw ApiProblem.invalid("window", "must be from PT1M to P7D");
        }
        CompiledContract current = active.require(name);
        Instant now = clock.instant();
        Instant since = now.minus(window);
        Optional<ContractSubjects> source = subjectsOf(name);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("contract", name);
        result.put("window", window.toString());
        result.put("from", since.toString());
        result.put("to", now.toString());
        ContractDocument.Quality threshold = current.document().quality();
        result.put("threshold", threshold == null ? null : threshold.minimumSoftPassRatio());
        if (source.isEmpty()) {
            result.put("checked", null);
            result.put("flagged", null);
            result.put("quality", null);
            result.put("met", null);
            return result;
        }
        long checked = source.get().countSince(since);
        long flagged = Math.min(checked, store.flaggedSince(name, since));
        Double quality = checked == 0 ? null : (double) (checked - flagged) / checked;
        result.put("checked", checked);
        result.put("flagged", flagged);
        result.put("quality", quality);
        result.put("met", (quality == null || threshold == null) ? null : quality >= threshold.minimumSoftPassRatio());
        return result;
    }

    /**
     * Why the candidate may refuse what the active version accepts: each hard rule that is new or changed, and each
     * field that became required. Empty when it refuses nothing more.
     */
    static List<String> stricterThan(ContractDocument candidate, ContractDocument current) {
        Set<String> currentHard = new HashSet<>();
        current.rules().stream()
                .filter(ContractDocument.Rule::hard)
                .forEach(rule -> currentHard.add(rule.name() + "\u0000" + rule.expression()));
        Set<String> currentRequired = new HashSet<>();
        current.fields().stream()
                .filter(ContractDocument.Field::required)
                .forEach(field -> currentRequired.add(field.path()));
        List<String> reasons = new ArrayList<>();
        for (ContractDocument.Rule rule : candidate.rules()) {
            if (rule.hard() && !currentHard.contains(rule.name() + "\u0000" + rule.expression())) {
                reasons.add("hard rule " + rule.name());
            }
        }
        for (ContractDocument.Field field : candidate.fields()) {
            if (field.required() && !currentRequired.contains(field.path())) {
                reasons.add("required field " + field.path());
            }
        }
        return reasons;
    }

    private Version versionOf(String name, int version) {
        return get(name).versions().stream()
                .filter(one -> one.version() == version)
                .findFirst()
                .orElseThrow();
    }

    private Optional<ContractSubjects> subjectsOf(String name) {
        return subjects.orderedStream()
                .filter(source -> source.contract().equals(name))
                .findFirst();
    }
}
