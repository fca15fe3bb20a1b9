package dev.headshots.ingest.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local image origin that plays Runflow's CDN for the copy, backlog and big-image scenarios (JDK HTTP server on loopback,
 * 32 threads). {@code /img/<set>/<job>/<NNN>.jpg} serves image NNN of a named set of 60 distinct JPEGs of one size, and
 * {@code /big/<bytes>.jpg} streams a JPEG of that many bytes without holding it in memory. Query strings are ignored, so URLs
 * can look presigned. It counts requests and bytes served.
 */
final class BenchOrigin implements AutoCloseable {

    private static final int IMAGES_PER_SET = 60;

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(32);
    private final Map<String, List<byte[]>> sets = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    BenchOrigin(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        server.createContext("/img/", this::image);
        server.createContext("/big/", this::big);
        server.setExecutor(workers);
        server.start();
    }

    /** Makes a set of 60 distinct images of about {@code size} bytes each. */
    void addSet(String name, int size) {
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < IMAGES_PER_SET; i++) {
            images.add(new PaddedJpeg(size, name.hashCode() * 1000L + i).bytes());
        }
        sets.put(name, images);
    }

    /** The bytes of image {@code n} (1-based) of a set. */
    byte[] image(String set, int n) {
        List<byte[]> images = sets.get(set);
        return images.get((n - 1) % images.size());
    }

    String url(String set, Object job, int n) {
        return "http://localhost:" + server.getAddress().getPort() + "/img/" + set + "/" + job + "/"
                + CallbackBodies.index(n) + ".jpg";
    }

    String bigUrl(long size) {
        return "http://localhost:" + server.getAddress().getPort() + "/big/" + size + ".jpg";
    }

    long requests() {
        return requests.get();
    }

    long bytesServed() {
        return bytes.get();
    }

    private void image(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] parts = exchange.getRequestURI().getPath().split("/");
            List<byte[]> images = parts.length == 5 ? sets.get(parts[2]) : null;
            if (images == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = images.get((Integer.parseInt(parts[4].replace(".jpg", "")) - 1) % images.size());
            send(exchange, body.length, out -> out.write(body));
        }
    }

    private void big(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring("/big/".length());
            PaddedJpeg jpeg = new PaddedJpeg(Long.parseLong(name.replace(".jpg", "")), 99);
            send(exchange, jpeg.length(), jpeg::writeTo);
        }
    }

    private void send(HttpExchange exchange, long length, Body body) throws IOException {
        requests.incrementAndGet();
        exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
        exchange.sendResponseHeaders(200, length);
        try (OutputStream out = exchange.getResponseBody()) {
            body.write(out);
        }
        bytes.addAndGet(length);
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private interface Body {

        void write(OutputStream out) throws IOException;
    }
}
