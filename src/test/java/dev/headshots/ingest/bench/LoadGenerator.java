package dev.headshots.ingest.bench;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * An open-loop load generator: requests are due at fixed intervals whatever the receiver does, and each latency is measured
 * from the request's <em>intended</em> send time, so a stalled receiver is charged for every request it delayed (coordinated
 * omission corrected, as wrk2 does). Requests go over at most {@code connections} keep-alive HTTP/1.1 connections (a fresh pool
 * per step); a request waiting for a free connection is already late, and counted so. Latencies are recorded in an HdrHistogram
 * (microseconds, 3 significant digits) on the client's single event loop.
 */
final class LoadGenerator implements AutoCloseable {

    /** Requests sent and not yet answered beyond which the generator stops sending (counted as {@code not-sent}). */
    private static final long MAX_PENDING = 10_000;
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    private final Context context = vertx.getOrCreateContext();
    private final int connections;
    private final int urls;
    private final Duration drain;
    private final CallbackBodies bodies = new CallbackBodies(42);

    LoadGenerator(int connections, int urls, Duration drain) {
        this.connections = connections;
        this.urls = urls;
        this.drain = drain;
    }

    /** Offers {@code rate} callbacks per second to {@code target} for {@code duration}, and waits for the answers. */
    RateResult run(IngestTarget target, String phase, int rate, Duration duration) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(4)
                .setConnectTimeout(2000), new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        Step step = new Step();
        Histogram lag = new Histogram(HIGHEST_MICROS, 3);
        long count = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        long sent = 0;
        long notSent = 0;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5);
        for (long i = 0; i < count; i++) {
            long intended = start + Math.round(i * 1e9 / rate);
            byte[] body = target.body(bodies, urls);
            parkUntil(intended);
            lag.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, System.nanoTime() - intended) / 1000));
            if (step.inFlight.get() >= MAX_PENDING) {
                notSent++;
                continue;
            }
            step.inFlight.incrementAndGet();
            sent++;
            context.runOnContext(v -> send(client, target, body, intended, step));
        }
        long scheduleEnd = start + duration.toNanos();
        long deadline = Math.max(System.nanoTime(), scheduleEnd) + drain.toNanos();
        while (step.inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        CompletableFuture<RateResult> result = new CompletableFuture<>();
        long notSentFinal = notSent;
        long sentFinal = sent;
        context.runOnContext(v -> result.complete(step.close(target, phase, rate, duration, start, sentFinal,
                notSentFinal, lag)));
        RateResult outcome = result.join();
        client.close().toCompletionStage().toCompletableFuture().join();
        return outcome;
    }

    private static void send(HttpClient client, IngestTarget target, byte[] body, long intended, Step step) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                .setPort(target.port()).setURI(target.path()).setIdleTimeout(10_000)
                .putHeader("Content-Type", "application/json").putHeader("X-Webhook-Secret", target.secret());
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(outcome -> step.complete(intended, outcome));
    }

    private static void parkUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    /** The answers of one step. Everything but {@link #inFlight} is touched only on the client's event loop. */
    private static final class Step {

        final AtomicLong inFlight = new AtomicLong();
        final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
        final Map<String, Long> errors = new TreeMap<>();
        long ok;
        long lastOk;
        boolean closed;

        void complete(long intended, AsyncResult<Integer> outcome) {
            inFlight.decrementAndGet();
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            if (outcome.succeeded() && outcome.result() == 200) {
                latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, now - intended) / 1000));
                ok++;
                lastOk = now;
            } else {
                errors.merge(kind(outcome), 1L, Long::sum);
            }
        }

        RateResult close(IngestTarget target, String phase, int rate, Duration duration, long start, long sent,
                long notSent, Histogram lag) {
            closed = true;
            if (inFlight.get() > 0) {
                errors.merge("unfinished", inFlight.get(), Long::sum);
            }
            if (notSent > 0) {
                errors.merge("not-sent", notSent, Long::sum);
            }
            double seconds = Math.max(duration.toNanos(), lastOk - start) / 1e9;
            return new RateResult(target.key(), phase, rate, round(seconds), sent + notSent, ok, round(ok / seconds),
                    new TreeMap<>(errors), ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9),
                    ok == 0 ? 0 : round(latency.getMaxValue() / 1000.0), ms(lag, 99));
        }

        private static String kind(AsyncResult<Integer> outcome) {
            if (outcome.succeeded()) {
                return "http-" + outcome.result();
            }
            Throwable failure = outcome.cause();
            String name = failure.getClass().getSimpleName();
            boolean timeout = failure instanceof TimeoutException || name.contains("Timeout")
                    || String.valueOf(failure.getMessage()).toLowerCase().contains("timeout");
            return timeout ? "timeout" : "io-" + name;
        }

        private static double ms(Histogram histogram, double percentile) {
            return histogram.getTotalCount() == 0 ? 0 : round(histogram.getValueAtPercentile(percentile) / 1000.0);
        }

        private static double round(double value) {
            return Math.round(value * 100) / 100.0;
        }
    }
}
