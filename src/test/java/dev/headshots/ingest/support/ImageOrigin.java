package dev.headshots.ingest.support;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP origin for tests: serves generated JPEGs at {@code /img/<tag>/<n>.jpg}, counts the requests per path, and injects
 * faults (error statuses for a number of requests, no Content-Length, a wrong media type, a held response, a redirect, other
 * bytes). Each image index has distinct bytes, so a mixed-up key or a truncated copy shows up in a SHA-256 comparison.
 */
public final class ImageOrigin implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(32);
    private final List<byte[]> images;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    private ImageOrigin(int imageCount, int side) throws IOException {
        this.images = generate(imageCount, side);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.createContext("/img/", this::serve);
        server.setExecutor(workers);
        server.start();
    }

    /** Starts an origin with {@code imageCount} distinct JPEGs of {@code side}×{@code side} pixels. */
    public static ImageOrigin start(int imageCount, int side) {
        try {
            return new ImageOrigin(imageCount, side);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public String url(String tag, int index) {
        return "http://localhost:" + port() + path(tag, index) + "?X-Amz-Expires=86400&X-Amz-Signature=secret" + index;
    }

    /** A URL that states its own expiry as S3 SigV4 does: signed at {@code signedAt}, valid for {@code lifetime}. */
    public String url(String tag, int index, Instant signedAt, Duration lifetime) {
        return "http://localhost:" + port() + path(tag, index) + "?X-Amz-Date=" + AMZ_DATE.format(signedAt)
                + "&X-Amz-Expires=" + lifetime.toSeconds() + "&X-Amz-Signature=secret" + index;
    }

    public List<String> urls(String tag, int count) {
        List<String> urls = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            urls.add(url(tag, i));
        }
        return urls;
    }

    /** The bytes served for image {@code index} (1-based) of any tag. */
    public byte[] bytes(int index) {
        return images.get((index - 1) % images.size());
    }

    public String sha256(int index) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(index)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int hits(String tag, int index) {
        AtomicInteger count = hits.get(path(tag, index));
        return count == null ? 0 : count.get();
    }

    public int hits(String tag) {
        String prefix = "/img/" + tag + "/";
        return hits.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToInt(e -> e.getValue().get()).sum();
    }

    public void fault(String tag, int index, Fault fault) {
        faults.put(path(tag, index), fault);
    }

    private static String path(String tag, int index) {
        return "/img/" + tag + "/" + index + ".jpg";
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Fault fault = faults.get(path);
            if (fault != null && fault.hold != null) {
                awaitQuietly(fault.hold);
            }
            if (fault != null && fault.failuresLeft.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(fault.status, -1);
                return;
            }
            if (fault != null && fault.location != null) {
                exchange.getResponseHeaders().set("Location", fault.location);
                exchange.sendResponseHeaders(fault.status, -1);
                return;
            }
            int index = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.')));
            byte[] body = fault != null && fault.body != null
                    ? fault.body
                    : fault != null && fault.size > 0 ? synthetic(fault.size) : bytes(index);
            String type = fault != null && fault.contentType != null ? fault.contentType : "image/jpeg";
            exchange.getResponseHeaders().set("Content-Type", type);
            boolean chunked = fault != null && fault.chunked;
            exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (fault != null && fault.stallAfter > 0) {
                    out.write(body, 0, fault.stallAfter);
                    out.flush();
                    awaitQuietly(fault.stall);
                    out.write(body, fault.stallAfter, body.length - fault.stallAfter);
                } else {
                    out.write(body);
                }
            }
        }
    }

    /** A body of {@code size} deterministic bytes that starts like a JPEG, for images larger than the generated ones. */
    public static byte[] synthetic(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        body[0] = (byte) 0xff;
        body[1] = (byte) 0xd8;
        body[2] = (byte) 0xff;
        return body;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<byte[]> generate(int count, int side) throws IOException {
        List<byte[]> result = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            result.add(jpeg(new Random(1000L + i), side));
        }
        return result;
    }

    private static byte[] jpeg(Random random, int side) throws IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int base = random.nextInt(0xffffff);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, base ^ (random.nextInt(0x3f3f3f) + (x * y & 0xff)));
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    /** A fault injected on one path. */
    public static final class Fault {

        final AtomicInteger failuresLeft = new AtomicInteger();
        int status = 500;
        boolean chunked;
        String contentType;
        CountDownLatch hold;
        int size;
        String location;
        byte[] body;
        int stallAfter;
        CountDownLatch stall;

        /** Answers {@code status} to the next {@code times} requests, then serves the image. */
        public static Fault failing(int status, int times) {
            Fault fault = new Fault();
            fault.status = status;
            fault.failuresLeft.set(times);
            return fault;
        }

        /** Answers {@code status} to every request. */
        public static Fault always(int status) {
            return failing(status, Integer.MAX_VALUE);
        }

        /** Serves the image without a Content-Length (chunked transfer encoding). */
        public static Fault chunked() {
            Fault fault = new Fault();
            fault.chunked = true;
            return fault;
        }

        /** Serves {@link ImageOrigin#synthetic(int)} bytes of {@code size} with their Content-Length. */
        public static Fault sized(int size) {
            Fault fault = new Fault();
            fault.size = size;
            return fault;
        }

        /** Serves {@link ImageOrigin#synthetic(int)} bytes of {@code size} without a Content-Length. */
        public static Fault chunked(int size) {
            Fault fault = chunked();
            fault.size = size;
            return fault;
        }

        /**
         * Serves {@link ImageOrigin#synthetic(int)} bytes of {@code size} without a Content-Length, stopping after
         * {@code stallAfter} bytes until {@code latch} opens: a copy caught in the middle of its multipart upload.
         */
        public static Fault stalled(int size, int stallAfter, CountDownLatch latch) {
            Fault fault = chunked(size);
            fault.stallAfter = stallAfter;
            fault.stall = latch;
            return fault;
        }

        /** Serves the image with another media type. */
        public static Fault contentType(String type) {
            Fault fault = new Fault();
            fault.contentType = type;
            return fault;
        }

        /** Answers every request with redirect {@code status} to {@code location}, which may be relative. */
        public static Fault redirect(int status, String location) {
            Fault fault = new Fault();
            fault.status = status;
            fault.location = location;
            return fault;
        }

        /** Serves {@code body} instead of the image (as {@code image/jpeg}), with its Content-Length or chunked. */
        public static Fault body(byte[] body, boolean chunked) {
            Fault fault = new Fault();
            fault.body = body;
            fault.chunked = chunked;
            return fault;
        }

        /** Holds every request until {@code latch} opens, then answers {@code status}. */
        public static Fault heldThen(CountDownLatch latch, int status) {
            Fault fault = always(status);
            fault.hold = latch;
            return fault;
        }

        /** Holds every request until {@code latch} opens. */
        public static Fault held(CountDownLatch latch) {
            Fault fault = new Fault();
            fault.hold = latch;
            return fault;
        }
    }
}
