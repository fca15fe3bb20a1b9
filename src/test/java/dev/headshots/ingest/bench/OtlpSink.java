package dev.headshots.ingest.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * An OTLP endpoint that takes every export and drops it, so that the benchmark measures what tracing costs the service
 * (creating, batching, serialising and sending its spans) and nothing a collector would add. It answers OTLP/gRPC (HTTP/2 with
 * prior knowledge, Quarkus's default protocol) with an empty {@code Export…ServiceResponse} and {@code grpc-status: 0}, and
 * OTLP/HTTP with an empty 200, and counts the requests and bytes it was sent, so that a run can show that spans did go out.
 */
final class OtlpSink implements AutoCloseable {

    /** An empty protobuf message in a gRPC frame: no compression, length 0. */
    private static final Buffer EMPTY_GRPC_MESSAGE = Buffer.buffer(new byte[5]);

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    OtlpSink(int port) {
        this.server = vertx.createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(true))
                .requestHandler(this::drop);
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    private void drop(HttpServerRequest request) {
        request.handler(chunk -> bytes.addAndGet(chunk.length()));
        request.endHandler(done -> {
            requests.incrementAndGet();
            String type = request.getHeader("content-type");
            if (type != null && type.startsWith("application/grpc")) {
                request.response().putHeader("content-type", "application/grpc").write(EMPTY_GRPC_MESSAGE);
                request.response().putTrailer("grpc-status", "0").end();
            } else {
                request.response().putHeader("content-type", "application/x-protobuf").end();
            }
        });
    }

    /** What the service exported: requests and bytes received. */
    Map<String, Long> received() {
        return Map.of("requests", requests.get(), "bytes", bytes.get());
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the sink only ever dropped data; nothing to lose
        }
    }
}
