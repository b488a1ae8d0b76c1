package dev.fulcrum.shared;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * The one error format of the API: RFC 9457 problem details ({@code application/problem+json}) with an
 * {@code errors} member listing each bad field and why. Nothing a client sends turns into a 500.
 */
@RestControllerAdvice(annotations = RestController.class)
class ProblemResponses extends ResponseEntityExceptionHandler {

    static final String TYPE_BASE = "https://fulcrum.dev/problems/";
    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> apiProblem(ApiProblem problem) {
        return ResponseEntity.status(problem.status()).body(toDetail(problem));
    }

    @ExceptionHandler(org.springframework.dao.DuplicateKeyException.class)
    ResponseEntity<ProblemDetail> duplicate(org.springframework.dao.DuplicateKeyException duplicate) {
        return apiProblem(ApiProblem.conflict("duplicate", "a resource with the same identity already exists"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException mismatch) {
        return apiProblem(ApiProblem.invalid(mismatch.getName(), "is not a valid value: " + mismatch.getValue()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception failure) {
        String requestId =
                RequestContext.current().map(RequestContext::requestId).orElse("-");
        log.error("unexpected failure in request {}", requestId, failure);
        ProblemDetail detail = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; quote request id " + requestId + " when reporting it.");
        detail.setType(URI.create(TYPE_BASE + "internal-error"));
        return ResponseEntity.status(500).body(detail);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.BodyTooLarge tooLarge) {
                return ResponseEntity.status(413).body(toDetail(tooLarge.problem()));
            }
        }
        String reason = "is not well-formed JSON";
        if (ex.getCause() instanceof JacksonException jackson) {
            TokenStreamLocation location = jackson.getLocation();
            String original = jackson.getOriginalMessage();
            reason = "is not well-formed JSON" + (original == null ? "" : ": " + original)
                    + (location == null
                            ? ""
                            : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")");
        } else if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            reason = "is required";
        }
        return ResponseEntity.badRequest().body(toDetail(ApiProblem.invalid("body", reason)));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMaxUploadSizeExceededException(
            org.springframework.web.multipart.MaxUploadSizeExceededException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.status(413)
                .body(toDetail(ApiProblem.tooLarge(
                        "file",
                        "at most " + ex.getMaxUploadSize() + " bytes per uploaded file (spring.servlet.multipart.*)")));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return ResponseEntity.badRequest().body(toDetail(ApiProblem.invalid(ex.getParameterName(), "is required")));
    }

    static ProblemDetail toDetail(ApiProblem problem) {
        return problem.toProblemDetail();
    }
}
