package dev.fulcrum.shared;

import java.util.List;

/**
 * A refusal the API reports as RFC 9457 problem details: an HTTP status, a stable problem type, a human readable
 * detail and, for bad input, every offending field with its reason.
 */
@SuppressWarnings("serial") // never Java-serialized
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final List<FieldProblem> errors;

    public ApiProblem(int status, String type, String title, String detail, List<FieldProblem> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem invalid(List<FieldProblem> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().reason()
                : errors.size() + " fields are invalid";
        return new ApiProblem(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ApiProblem invalid(String field, String reason) {
        return invalid(List.of(new FieldProblem(field, reason)));
    }

    /**
     * A request over one of the stated caps (body bytes, rows of an uploaded file): 413 naming the field and a reason
     * that says the cap and what was sent, for example {@code at most 50000 rows per rate card, got 50001}.
     */
    public static ApiProblem tooLarge(String field, String reason) {
        return new ApiProblem(
                413, "too-large", "Content too large", field + ": " + reason, List.of(new FieldProblem(field, reason)));
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, List.of());
    }

    public static ApiProblem conflict(String type, String detail) {
        return new ApiProblem(409, type, "Conflict", detail, List.of());
    }

    public static ApiProblem unprocessable(String type, String detail) {
        return new ApiProblem(422, type, "Unprocessable request", detail, List.of());
    }

    /** This problem as an RFC 9457 problem detail, ready to be written as {@code application/problem+json}. */
    public org.springframework.http.ProblemDetail toProblemDetail() {
        org.springframework.http.ProblemDetail detail = org.springframework.http.ProblemDetail.forStatusAndDetail(
                org.springframework.http.HttpStatusCode.valueOf(status), getMessage());
        detail.setType(java.net.URI.create("https://fulcrum.dev/problems/" + type));
        detail.setTitle(title);
        if (!errors.isEmpty()) {
            detail.setProperty(
                    "errors",
                    errors.stream()
                            .map(error -> error.rule() == null
                                    ? java.util.Map.of("field", error.field(), "reason", error.reason())
                                    : java.util.Map.of(
                                            "field", error.field(), "reason", error.reason(), "rule", error.rule()))
                            .toList());
        }
        return detail;
    }

    /** The server cannot take the request now (overloaded or stopping); the client may retry later. */
    public static ApiProblem unavailable(String type, String detail) {
        return new ApiProblem(503, type, "Service unavailable", detail, List.of());
    }

    /** Like {@link #unavailable(String, String)}, naming the field the refusal is about. */
    public static ApiProblem unavailable(String type, String field, String reason) {
        return new ApiProblem(
                503, type, "Service unavailable", field + ": " + reason, List.of(new FieldProblem(field, reason)));
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Unauthorized", detail, List.of());
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Forbidden", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** The detail; never null, as every constructor takes one. */
    @Override
    public String getMessage() {
        return java.util.Objects.requireNonNull(super.getMessage());
    }
}
