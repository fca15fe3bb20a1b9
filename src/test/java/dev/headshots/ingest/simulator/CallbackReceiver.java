package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The other end of the simulator's callbacks in tests: a JDK HTTP server on loopback that records every request (body, headers,
 * arrival time) and answers the statuses queued with {@link #answer}, then 200.
 */
final class CallbackReceiver implements AutoCloseable {

    /**
     * One received callback; {@code target} is its raw path and query, {@code nanoTime} {@link System#nanoTime()} on arrival.
     */
    record Received(String method, String body, Headers headers, long nanoTime, String target) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

    private CallbackReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", this::receive);
        server.start();
    }

    static CallbackReceiver start() {
        try {
            return new CallbackReceiver();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next callbacks get these statuses, in order; later ones get 200. */
    void answer(Integer... next) {
        statuses.addAll(List.of(next));
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/webhook/headshots";
    }

    int port() {
        return server.getAddress().getPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestMethod(), body, exchange.getRequestHeaders(), System.nanoTime(),
                exchange.getRequestURI().toString()));
        Integer status = statuses.poll();
        exchange.sendResponseHeaders(status == null ? 200 : status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
