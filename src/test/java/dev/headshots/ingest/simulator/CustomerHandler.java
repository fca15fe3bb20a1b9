package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.headshots.ingest.security.WebhookSignature;

/**
 * A customer's notification handler, as the demo runs it: listens on loopback, verifies each request's Standard Webhooks
 * signature with the secret the admin API showed ({@code --secret whsec_...}), prints what arrived and the verdict, and answers
 * 204 when the signature is valid, 401 otherwise. Run with
 * {@code java -cp target/test-classes:target/classes dev.headshots.ingest.simulator.CustomerHandler --port 8088 --secret whsec_...}.
 */
public final class CustomerHandler {

    private CustomerHandler() {
    }

    public static void main(String[] args) throws IOException {
        int port = 8088;
        String secret = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--secret" -> secret = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (secret == null) {
            throw new IllegalArgumentException("--secret whsec_... is required");
        }
        WebhookSignature verifier = new WebhookSignature(List.of(secret), Duration.ofMinutes(5), Clock.systemUTC());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> handle(exchange, verifier));
        server.start();
        System.out.println("customer handler listening on http://localhost:" + port + "/");
    }

    private static void handle(HttpExchange exchange, WebhookSignature verifier) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        var headers = exchange.getRequestHeaders();
        WebhookSignature.Verdict verdict = verifier.verify(headers.getFirst("webhook-id"),
                headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"), body);
        int status = verdict == WebhookSignature.Verdict.VALID ? 204 : 401;
        System.out.printf("%s %s %s%n  webhook-id: %s%n  webhook-timestamp: %s%n  webhook-signature: %s%n"
                + "  Content-Type: %s%n  body: %d bytes, %s%n  signature: %s -> answered %d%n", Instant.now(),
                exchange.getRequestMethod(), exchange.getRequestURI(), headers.getFirst("webhook-id"),
                headers.getFirst("webhook-timestamp"), headers.getFirst("webhook-signature"),
                headers.getFirst("Content-Type"), body.length,
                new String(body, StandardCharsets.UTF_8).replaceAll("^(.{160}).*$", "$1…"), verdict, status);
        System.out.flush();
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }
}
