import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import com.sun.net.httpserver.HttpServer;

/**
 * A quick, honest measurement of a running service on the local stack (not the benchmark harness: no baselines, no
 * coordinated-omission correction). It serves generated JPEGs from a local origin and reports:
 * <ol>
 * <li>copy: time from POSTing a 60-image callback (images of about 500 KB) to the job being COMPLETED;</li>
 * <li>ack: callback acknowledgement latency at a light, paced load (images on a host the service refuses, so that
 * copying does not compete);</li>
 * <li>backlog: RSS and heap while 500 callbacks of 60 small images are queued and drained.</li>
 * </ol>
 * Usage: {@code java deploy/local/measure/Measure.java <service-url> <secret> <service-pid>}.
 */
public class Measure {

    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8))
            .connectTimeout(Duration.ofSeconds(5)).build();
    static String service;
    static String secret;
    static long pid;

    public static void main(String[] args) throws Exception {
        service = args.length > 0 ? args[0] : "http://localhost:8080";
        secret = args.length > 1 ? args[1] : "local-dev-secret";
        pid = args.length > 2 ? Long.parseLong(args[2]) : -1;
        List<byte[]> large = images(60, 560, 0.97f);
        List<byte[]> small = images(60, 96, 0.9f);
        HttpServer origin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        origin.createContext("/img/", exchange -> {
            try (exchange) {
                String[] parts = exchange.getRequestURI().getPath().split("/");
                List<byte[]> set = parts[2].equals("large") ? large : small;
                byte[] body = set.get(Integer.parseInt(parts[4].replace(".jpg", "")) - 1);
                exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        origin.setExecutor(Executors.newFixedThreadPool(32));
        origin.start();
        int port = origin.getAddress().getPort();
        System.out.printf(Locale.ROOT, "machine: %d cores; service %s (pid %d); large images avg %d KB, small %d KB%n",
                Runtime.getRuntime().availableProcessors(), service, pid, avg(large) / 1024, avg(small) / 1024);
        System.out.printf(Locale.ROOT, "idle RSS: %d MB%n", rssMb());

        copy(port);
        ack();
        backlog(port);
        origin.stop(0);
        System.exit(0);
    }

    static void copy(int port) throws Exception {
        System.out.println("\n== copy: one callback of 60 images (~500 KB each) until COMPLETED, 3 runs");
        for (int run = 1; run <= 3; run++) {
            UUID id = UUID.randomUUID();
            List<String> urls = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                urls.add("http://localhost:" + port + "/img/large/" + id + "/" + i + ".jpg");
            }
            long start = System.nanoTime();
            int status = post(id, urls).statusCode();
            String job;
            do {
                Thread.sleep(50);
                job = get("/v1/headshots/" + id);
            } while (job == null || !job.contains("\"status\":\"COMPLETED\"") && !job.contains("\"status\":\"PARTIAL\"")
                    && !job.contains("\"status\":\"FAILED\""));
            double seconds = (System.nanoTime() - start) / 1e9;
            String server = serverSeconds(job);
            System.out.printf(Locale.ROOT, "run %d: ack %d, callback -> COMPLETED %.2f s (server-side %s s), RSS %d MB%n",
                    run, status, seconds, server, rssMb());
        }
    }

    static void ack() throws Exception {
        int count = 300;
        int perSecond = 20;
        System.out.printf(Locale.ROOT, "%n== ack: %d callbacks of 60 URLs at %d/s (paced, one connection pool)%n",
                count, perSecond);
        List<CompletableFuture<Long>> pending = new ArrayList<>();
        long interval = 1_000_000_000L / perSecond;
        long begin = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = begin + i * interval;
            while (System.nanoTime() < due) {
                Thread.onSpinWait();
            }
            UUID id = UUID.randomUUID();
            List<String> urls = new ArrayList<>();
            for (int n = 1; n <= 60; n++) {
                urls.add("https://cdn.runflow.io/headshots/" + id + "/out_" + n + ".jpg?X-Amz-Expires=86400");
            }
            long sent = System.nanoTime();
            pending.add(HTTP.sendAsync(request(id, urls), HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> response.statusCode() == 200 ? System.nanoTime() - sent : -1L));
        }
        long[] nanos = pending.stream().mapToLong(CompletableFuture::join).toArray();
        long errors = Arrays.stream(nanos).filter(n -> n < 0).count();
        long[] ok = Arrays.stream(nanos).filter(n -> n >= 0).sorted().toArray();
        System.out.printf(Locale.ROOT, "ok %d, errors %d; latency ms p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                ok.length, errors, pct(ok, 50), pct(ok, 90), pct(ok, 99), ok[ok.length - 1] / 1e6);
    }

    static void backlog(int port) throws Exception {
        int jobs = 500;
        System.out.printf(Locale.ROOT, "%n== backlog: %d callbacks x 60 small images, queued at once, then drained%n", jobs);
        ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
        List<UUID> ids = new ArrayList<>();
        long start = System.nanoTime();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                samples.add(String.format(Locale.ROOT, "%6.1f s  RSS %4d MB  heap used %4d MB", (System.nanoTime() - start) / 1e9,
                        rssMb(), heapMb()));
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        for (int j = 0; j < jobs; j++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            List<String> urls = new ArrayList<>();
            for (int i = 1; i <= 60; i++) {
                urls.add("http://localhost:" + port + "/img/small/" + id + "/" + i + ".jpg");
            }
            post(id, urls);
        }
        double queued = (System.nanoTime() - start) / 1e9;
        for (UUID id : ids) {
            String job;
            do {
                job = get("/v1/headshots/" + id);
                if (job == null || job.contains("\"status\":\"RECEIVED\"") || job.contains("\"status\":\"COPYING\"")) {
                    Thread.sleep(250);
                    job = null;
                }
            } while (job == null);
        }
        double drained = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        samples.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "all %d callbacks acknowledged after %.1f s; all %d jobs settled after %.1f s "
                + "(%.0f images/s)%n", jobs, queued, jobs, drained, jobs * 60 / drained);
    }

    static HttpResponse<String> post(UUID id, List<String> urls) throws Exception {
        return HTTP.send(request(id, urls), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest request(UUID id, List<String> urls) {
        StringBuilder body = new StringBuilder("{\"event\":\"headshots.completed\",\"headshots_id\":\"" + id
                + "\",\"image_urls\":[");
        for (int i = 0; i < urls.size(); i++) {
            body.append(i == 0 ? "" : ",").append('"').append(urls.get(i)).append('"');
        }
        body.append("]}");
        return HttpRequest.newBuilder(URI.create(service + "/webhooks/runflow/headshots"))
                .header("Content-Type", "application/json").header("X-Webhook-Secret", secret)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    static String serverSeconds(String job) {
        Matcher received = Pattern.compile("\"received_at\":\"([^\"]+)\"").matcher(job);
        Matcher completed = Pattern.compile("\"completed_at\":\"([^\"]+)\"").matcher(job);
        if (!received.find() || !completed.find()) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.2f",
                Duration.between(Instant.parse(received.group(1)), Instant.parse(completed.group(1))).toMillis() / 1e3);
    }

    static long rssMb() {
        if (pid < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static long heapMb() {
        try {
            String metrics = get("/q/metrics");
            double sum = 0;
            for (String line : metrics.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return (long) (sum / 1024 / 1024);
        } catch (Exception e) {
            return -1;
        }
    }

    static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static long avg(List<byte[]> images) {
        return images.stream().mapToLong(b -> b.length).sum() / images.size();
    }

    static List<byte[]> images(int count, int side, float quality) throws IOException {
        List<byte[]> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Random random = new Random(7L + i);
            BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    image.setRGB(x, y, random.nextInt(0xffffff));
                }
            }
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
                writer.write(null, new IIOImage(image, null, null), param);
            }
            writer.dispose();
            result.add(bytes.toByteArray());
        }
        return result;
    }
}
