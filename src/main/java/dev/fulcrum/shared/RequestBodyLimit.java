package dev.fulcrum.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a request body over its cap before anything reads it: with a {@code Content-Length} over the cap the answer
 * is 413 at once; a body of unknown length (chunked) is counted while it is read and stops at the cap. Imports have a
 * cap of their own ({@code fulcrum.limits.max-import-bytes}); every other body has {@code
 * fulcrum.limits.max-request-bytes}. Without this, a JSON body of any size would be parsed into memory whole.
 */
final class RequestBodyLimit extends OncePerRequestFilter {

    /** The paths that take import files (API and console), which have the larger import cap. */
    static final Set<String> IMPORT_PATHS = Set.of("/api/v1/imports", "/imports", "/api/v1/demand/history");

    private final RequestLimits limits;
    private final ImportMemory importMemory;
    private final JsonMapper json;

    RequestBodyLimit(RequestLimits limits, ImportMemory importMemory, JsonMapper json) {
        this.limits = limits;
        this.importMemory = importMemory;
        this.json = json;
    }

    /** Thrown while reading a body of unknown length that turns out larger than its cap. */
    @SuppressWarnings("serial") // never Java-serialized
    static final class BodyTooLarge extends IOException {

        private final transient ApiProblem problem;

        BodyTooLarge(ApiProblem problem) {
            super(problem.getMessage());
            this.problem = problem;
        }

        ApiProblem problem() {
            return problem;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean isImport = "POST".equals(request.getMethod()) && IMPORT_PATHS.contains(path);
        // Uploads (multipart) are spooled to disk, not held in memory: they get the upload cap, and the page that takes
        // one checks its own file cap and answers in place (the rate card upload).
        String contentType = request.getContentType();
        boolean upload = contentType != null && contentType.startsWith("multipart/");
        DataSize cap = isImport || upload ? limits.maxImportBytes() : limits.maxRequestBytes();
        String property = isImport || upload ? "fulcrum.limits.max-import-bytes" : "fulcrum.limits.max-request-bytes";
        long length = request.getContentLengthLong();
        if (length > cap.toBytes()) {
            refuse(response, tooLarge(cap, property, length + " bytes"));
            return;
        }
        if (isImport && length > 0) {
            // The file is held in memory from here until its job has read it: reserve it before reading a byte.
            ImportMemory.Reservation reservation;
            try {
                reservation = importMemory.reserve(length);
            } catch (ApiProblem busy) {
                response.setHeader("Retry-After", "30");
                refuse(response, busy);
                return;
            }
            importMemory.beginRequest(reservation);
            try {
                chain.doFilter(request, response);
            } finally {
                importMemory.endRequest();
            }
            return;
        }
        if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
            chain.doFilter(new Counted(request, cap, property), response);
            return;
        }
        chain.doFilter(request, response);
    }

    static ApiProblem tooLarge(DataSize cap, String property, String got) {
        return ApiProblem.tooLarge(
                "body",
                "at most " + RequestLimits.readable(cap) + " per request body, got " + got + " (" + property + ")");
    }

    private void refuse(HttpServletResponse response, ApiProblem problem) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemResponses.TYPE_BASE + problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put(
                "errors",
                problem.errors().stream()
                        .map(error -> Map.of("field", error.field(), "reason", error.reason()))
                        .toList());
        response.setStatus(problem.status());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        // The unread body is not wanted: ask the client not to send more on this connection.
        response.setHeader("Connection", "close");
        json.writeValue(response.getOutputStream(), body);
    }

    /** A request whose body stops with {@link BodyTooLarge} once more than the cap has been read. */
    private static final class Counted extends HttpServletRequestWrapper {

        private final DataSize cap;
        private final String property;
        private @Nullable ServletInputStream counted;

        Counted(HttpServletRequest request, DataSize cap, String property) {
            super(request);
            this.cap = cap;
            this.property = property;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountingStream(super.getInputStream(), cap, property);
            }
            return counted;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long capBytes;
        private final DataSize cap;
        private final String property;
        private long read;

        CountingStream(ServletInputStream in, DataSize cap, String property) {
            this.in = in;
            this.cap = cap;
            this.capBytes = cap.toBytes();
            this.property = property;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > capBytes) {
                throw new BodyTooLarge(tooLarge(cap, property, "more (the body was sent without a length)"));
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
