package dev.fulcrum.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A console user over plain HTTP: a cookie jar, the login form, and posts that carry the page's CSRF token. */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    private final HttpClient client =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    ConsoleSession(int port) {
        this.port = port;
    }

    ConsoleSession logIn(String username, String password) {
        HttpResponse<String> response = post(
                "/login",
                "username=" + username + "&password=" + password + "&_csrf="
                        + csrfOf(get("/login").body()));
        assertThat(response.headers().firstValue("Location"))
                .as("logged in")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/orders"));
        return this;
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** Posts a form from the page at {@code pagePath}, with that page's CSRF token. */
    HttpResponse<String> submit(String pagePath, String action, String form) {
        String token = csrfOf(get(pagePath).body());
        return post(action, (form.isEmpty() ? "" : form + "&") + "_csrf=" + token);
    }

    HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Posts a form from the page at {@code pagePath} as htmx does (with {@code HX-Request: true}). */
    HttpResponse<String> submitAsHtmx(String pagePath, String action, String form) {
        String token = csrfOf(get(pagePath).body());
        return send(HttpRequest.newBuilder(uri(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true")
                .POST(HttpRequest.BodyPublishers.ofString((form.isEmpty() ? "" : form + "&") + "_csrf=" + token)));
    }

    /** Uploads one file as {@code multipart/form-data} from the page at {@code pagePath}. */
    HttpResponse<String> upload(String pagePath, String action, String field, String fileName, String content) {
        String token = csrfOf(get(pagePath).body());
        String boundary = "----fulcrum" + System.nanoTime();
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + field + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n"
                + "--" + boundary + "--\r\n";
        return send(HttpRequest.newBuilder(uri(action + "?_csrf=" + token))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String csrfOf(String page) {
        Matcher token = CSRF.matcher(page);
        assertThat(token.find()).as("the page carries a CSRF token").isTrue();
        return URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
