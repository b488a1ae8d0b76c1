package dev.fulcrum.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A webhook subscriber on localhost for tests: records every request and answers with the status the test chooses. */
public final class WebhookReceiver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @SuppressWarnings("ArrayRecordComponent") // what a test received, never compared
    public record Received(byte[] body, Map<String, List<String>> headers, int answered) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<JsonNode, Integer> answer = event -> 200;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(
                    new InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = answer.apply(JSON.readTree(body));
            received.add(new Received(body, Map.copyOf(exchange.getRequestHeaders()), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public void answer(Function<JsonNode, Integer> answer) {
        this.answer = answer;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> accepted() {
        return received.stream().filter(r -> r.answered() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
