package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A customer's notification handler on loopback: records every request it receives (the Standard Webhooks headers, the content
 * type, the raw body, when it arrived and when its connection ended) and answers with a scripted series of statuses (the last
 * one repeats; 200 by default). It can hold its answers until released (a receiver that never answers), and be stopped and
 * started again on the same port (a receiver that is down).
 */
public final class NotifyReceiver implements AutoCloseable {

    /** One request as received. {@code answered} is when the handler gave up or answered (null while held). */
    public record Received(String id, String timestamp, String signature, String contentType, String body, int status,
            Instant arrived, Instant answered) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrivals = new AtomicInteger();
    private final Deque<Integer> script = new ArrayDeque<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "notify-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private volatile CountDownLatch hold = new CountDownLatch(0);
    private HttpServer server;

    private NotifyReceiver(int port) {
        this.port = port;
    }

    /** Starts a receiver on 127.0.0.1 at any free port. */
    public static NotifyReceiver start() {
        NotifyReceiver receiver = new NotifyReceiver(0);
        receiver.up();
        return receiver;
    }

    public int port() {
        return server == null ? port : server.getAddress().getPort();
    }

    /** {@code http://localhost:<port><path>}. */
    public String url(String path) {
        return "http://localhost:" + port() + path;
    }

    /** Answers these statuses in turn, then the last one for every request after. */
    public synchronized NotifyReceiver answer(Integer... statuses) {
        script.clear();
        script.addAll(List.of(statuses));
        return this;
    }

    /** Holds every answer from now on until {@link #release()}. */
    public NotifyReceiver holdAnswers() {
        hold = new CountDownLatch(1);
        return this;
    }

    public void release() {
        hold.countDown();
    }

    /** Stops listening: connections are refused until {@link #up()}. */
    public synchronized void down() {
        server.stop(0);
    }

    /** Listens (again, on the same port). */
    public synchronized void up() {
        try {
            int bind = server == null ? port : server.getAddress().getPort();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), bind), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    /** Requests whose headers and body have arrived, answered or not. */
    public int arrivals() {
        return arrivals.get();
    }

    /** The requests answered (or given up) so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests for event {@code id}. */
    public List<Received> receivedFor(String id) {
        return received.stream().filter(request -> id.equals(request.id())).collect(Collectors.toList());
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrived = Instant.now();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = next();
        arrivals.incrementAndGet();
        try {
            hold.await(120, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        received.add(new Received(exchange.getRequestHeaders().getFirst("webhook-id"),
                exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                exchange.getRequestHeaders().getFirst("webhook-signature"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body, status, arrived, Instant.now()));
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException gone) {
            // the sender gave up waiting: what it did is what the test looks at
        } finally {
            exchange.close();
        }
    }

    private synchronized int next() {
        if (script.isEmpty()) {
            return 200;
        }
        return script.size() > 1 ? script.pollFirst() : script.peekFirst();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
