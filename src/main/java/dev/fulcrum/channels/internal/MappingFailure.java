package dev.fulcrum.channels.internal;

import dev.fulcrum.shared.FieldProblem;
import java.util.List;

/** A payload that is authentic but cannot be mapped: every reason, each with the path in the payload it concerns. */
@SuppressWarnings("serial") // never Java-serialized
public class MappingFailure extends RuntimeException {

    private final List<FieldProblem> problems;

    public MappingFailure(List<FieldProblem> problems) {
        super(
                problems.isEmpty()
                        ? "cannot map the payload"
                        : problems.getFirst().field() + ": "
                                + problems.getFirst().reason());
        this.problems = List.copyOf(problems);
    }

    public MappingFailure(String field, String reason) {
        this(List.of(new FieldProblem(field, reason)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }
}
