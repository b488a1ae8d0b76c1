// A webhook subscriber for the B5 crash drill: a JDK HttpServer that answers 200 to every POST and appends the
// CloudEvents id of each delivery to a file (one line each, repeats kept: delivery is at least once).
//
//   java bench/WebhookRecorder.java <port> <file>
import com.sun.net.httpserver.HttpServer;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class WebhookRecorder {

    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        PrintWriter out = new PrintWriter(new FileWriter(args[1], true), true);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher id = ID.matcher(body);
            if (id.find()) {
                synchronized (out) {
                    out.println(id.group(1));
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.err.println("webhook recorder listening on 127.0.0.1:" + port + ", writing " + args[1]);
    }
}
