package dev.headshots.ingest.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscriber;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.core.Vertx;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The copy baselines, with none of the service's bookkeeping (no Kafka, no Postgres, no checks, no hashing, no retries), both
 * putting into the bucket with the same AWS SDK async (Netty) client as the service. The <em>direct</em> copier is the ceiling:
 * it fetches with a Vert.x HTTP client, as the service does, and streams each response's chunks straight into {@code PutObject}
 * ({@code Content-Length} from the origin), non-blocking, with {@code concurrency} images in flight like the service's download
 * slots. The <em>sequential</em> one is the naive script: the JDK HTTP client downloads an image whole into memory, then it is
 * uploaded, one image at a time.
 */
final class DirectCopier {

    private final S3AsyncClient s3;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Vertx vertx = Vertx.vertx();
    private final io.vertx.mutiny.core.http.HttpClient client = vertx
            .createHttpClient(new HttpClientOptions().setMaxPoolSize(64));

    DirectCopier(S3AsyncClient s3) {
        this.s3 = s3;
        // Outside Quarkus, Mutiny's context-propagation interceptor registers SmallRye's ContextManagerProvider lazily, and
        // 16 threads doing so at once fail with "ContextManagerProvider already set". This JVM propagates no context.
        Infrastructure.clearInterceptors();
    }

    /** Copies every job's images to {@code <prefix>/<job>/<NNN>.jpg}; {@code streaming} false is the naive copier. */
    CopyResult copy(String name, List<List<String>> jobs, String prefix, int concurrency, boolean streaming)
            throws Exception {
        ExecutorService slots = Executors.newFixedThreadPool(concurrency);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger stored = new AtomicInteger();
        AtomicLongArray jobDone = new AtomicLongArray(jobs.size());
        List<Future<?>> copies = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int j = 0; j < jobs.size(); j++) {
                for (int n = 1; n <= jobs.get(j).size(); n++) {
                    int job = j;
                    String url = jobs.get(j).get(n - 1);
                    String key = prefix + "/" + job + "/" + CallbackBodies.index(n) + ".jpg";
                    copies.add(slots.submit(() -> {
                        long length = streaming ? stream(url, key) : whole(url, key);
                        bytes.addAndGet(length);
                        stored.incrementAndGet();
                        jobDone.accumulateAndGet(job, System.nanoTime(), Math::max);
                        return null;
                    }));
                }
            }
            for (Future<?> copy : copies) {
                try {
                    copy.get();
                } catch (Exception e) {
                    System.err.println("bench: " + name + " copy failed: " + e.getCause());
                }
            }
        } finally {
            slots.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Double> jobSeconds = new ArrayList<>();
        for (int j = 0; j < jobs.size(); j++) {
            jobSeconds.add((jobDone.get(j) - start) / 1e9);
        }
        return CopyResult.of(name, jobs.size(), copies.size(), stored.get(), bytes.get(), seconds, jobSeconds,
                Map.of(stored.get() == copies.size() ? "COMPLETED" : "PARTIAL", jobs.size()));
    }

    private long stream(String url, String key) {
        URI uri = URI.create(url);
        return client.request(HttpMethod.GET, uri.getPort(), uri.getHost(), uri.getRawPath())
                .chain(request -> request.send())
                .chain(response -> {
                    if (response.statusCode() != 200) {
                        return Uni.createFrom().failure(new IOException("origin answered " + response.statusCode()));
                    }
                    long length = Long.parseLong(response.getHeader("Content-Length"));
                    Multi<ByteBuffer> chunks = response.toMulti()
                            .map(chunk -> chunk.getDelegate().getByteBuf().nioBuffer());
                    return Uni.createFrom()
                            .completionStage(() -> s3.putObject(request(key, length), new Streamed(chunks, length)))
                            .replaceWith(length);
                })
                .await().indefinitely();
    }

    private long whole(String url, String key) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(response.statusCode(), url);
        byte[] image = response.body();
        s3.putObject(request(key, image.length), AsyncRequestBody.fromBytes(image)).join();
        return image.length;
    }

    private static PutObjectRequest request(String key, long length) {
        return PutObjectRequest.builder().bucket(BenchStack.BUCKET).key(key).contentType("image/jpeg")
                .contentLength(length).build();
    }

    /** Releases the Vert.x instance of the direct copier. */
    void close() {
        vertx.closeAndAwait();
    }

    /** A download's chunks as a request body of known length, read once. */
    private record Streamed(Multi<ByteBuffer> chunks, long length) implements AsyncRequestBody {

        @Override
        public Optional<Long> contentLength() {
            return Optional.of(length);
        }

        @Override
        public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
            FlowAdapters.toPublisher(chunks).subscribe(subscriber);
        }
    }

    private static void check(int status, String url) throws IOException {
        if (status != 200) {
            throw new IOException("origin answered " + status);
        }
    }
}
