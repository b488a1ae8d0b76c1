package dev.fulcrum.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Implemented by the module whose input a contract describes (the order module for {@code order}): the fields its code
 * accepts, and its recent subjects, so that a new contract version can be dry-run over them and the contract's quality
 * figure counted. Called in a transaction of the current tenant.
 */
public interface ContractSubjects {

    /** The contract these subjects are checked against, for example {@code order}. */
    String contract();

    /** Every field path the code accepts or derives (the paths a contract version may describe). */
    Set<String> knownFields();

    /** How many subjects were committed at or after {@code since}. */
    long countSince(Instant since);

    /** The newest subjects committed at or after {@code since}, at most {@code limit}, as the view rules read. */
    List<Subject> recent(Instant since, int limit);

    /**
     * One subject.
     *
     * @param label how people know it, for example the channel's external order id
     * @param view the subject as the rules read it: maps, lists, strings, numbers, booleans and {@link Instant}s
     */
    record Subject(UUID id, String label, Map<String, Object> view) {}
}
