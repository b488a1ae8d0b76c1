package dev.fulcrum.contracts;

import com.google.protobuf.Timestamp;
import dev.fulcrum.contracts.internal.ActiveContracts;
import dev.fulcrum.contracts.internal.CelValues;
import dev.fulcrum.contracts.internal.CompiledContract;
import dev.fulcrum.contracts.internal.ContractStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks subjects at intake against the active version of their contract, and records the soft-rule flags. Built for
 * the intake path: the active version's rules are compiled once and cached (see ADR 0141), so checking a batch runs no
 * SQL at all, and recording its flags is one set-based insert, only when a soft rule failed. Call in the tenant's
 * transaction.
 */
@Service
public class ContractChecks {

    private final ActiveContracts active;
    private final ContractStore store;
    private final Clock clock;

    ContractChecks(ActiveContracts active, ContractStore store, Clock clock) {
        this.active = active;
        this.store = store;
        this.clock = clock;
    }

    /** A subject's failures: hard ones refuse it, soft ones flag it. */
    public record Verdict(List<ContractViolation> hard, List<ContractViolation> soft) {

        static final Verdict PASSED = new Verdict(List.of(), List.of());

        public boolean refused() {
            return !hard.isEmpty();
        }
    }

    /** The verdicts of a batch, in subject order, under the contract version that was active. */
    public record Verdicts(String contract, int version, List<Verdict> verdicts) {

        public Verdict get(int index) {
            return verdicts.get(index);
        }
    }

    /**
     * Checks each subject (its view: maps, lists, strings, numbers, booleans and instants) against the active version
     * of the contract. A contract that does not exist passes everything, as version 0.
     */
    public Verdicts check(String contract, List<? extends Map<String, ?>> subjects) {
        Optional<CompiledContract> compiled = active.find(contract);
        if (compiled.isEmpty()) {
            return new Verdicts(
                    contract,
                    0,
                    subjects.stream().map(subject -> Verdict.PASSED).toList());
        }
        Timestamp now = CelValues.timestamp(clock.instant());
        List<Verdict> verdicts = new ArrayList<>(subjects.size());
        for (Map<String, ?> subject : subjects) {
            CompiledContract.Verdict verdict = compiled.get().check(subject, now);
            verdicts.add(
                    verdict.hard().isEmpty() && verdict.soft().isEmpty()
                            ? Verdict.PASSED
                            : new Verdict(verdict.hard(), verdict.soft()));
        }
        return new Verdicts(contract, compiled.get().version(), verdicts);
    }

    /**
     * Records the soft-rule failures of the subjects that were committed, in one statement; nothing when none failed.
     *
     * @param flags per subject id, the soft rules it failed
     */
    public void recordFlags(String contract, int version, Map<UUID, List<ContractViolation>> flags) {
        if (flags.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        Instant now = clock.instant();
        store.insertFlags(contract, version, flags, now);
    }

    /** The soft rules the subject failed at intake, under any contract; empty when it passed them all. */
    @Transactional(readOnly = true)
    public List<ContractFlag> flagsOf(UUID subject) {
        return store.flagsOf(subject);
    }
}
