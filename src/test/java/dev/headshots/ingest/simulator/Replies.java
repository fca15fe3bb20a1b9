package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;

/**
 * Writes complete responses to an exchange: Runflow's JSON ({@code {"error": "..."}} for refusals) and S3's XML error documents
 * for the image URLs. Each sets Content-Type and Content-Length and closes the exchange; a HEAD request gets the headers only.
 */
final class Replies {

    private Replies() {
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json);
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Json.object("error", message));
    }

    static void s3Error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        send(exchange, status, "application/xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code
                + "</Code><Message>" + message + "</Message><RequestId>" + requestId + "</RequestId></Error>");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
