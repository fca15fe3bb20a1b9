package dev.headshots.ingest.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.headshots.ingest.runflow.CallbackTokens;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The jobs of the closed loop's {@code token} target: {@code count} jobs of the tenant {@code default}, {@code SUBMITTED} with
 * a per-job callback URL as {@code POST /v1/headshots} records them (a random 43-character token, only its SHA-256 stored),
 * written straight into the benchmark's database, since the benchmark has no Runflow to submit to. wrk's script reads the file
 * {@link #write} makes, one {@code TOKEN JOB_ID} per line, and sends each request as the callback of one of them.
 */
final class TokenJobs {

    private static final String INSERT = """
            INSERT INTO headshot_job (headshots_id, status, deliveries, photo_count, submitted_at, created_at,
                                      callback_token_sha256, runflow_api, tenant_id, bucket, key_prefix)
            SELECT $1, 'SUBMITTED', 0, 1, now(), now(), $2, 'legacy', t.id, t.bucket, t.key_prefix
            FROM tenant t WHERE t.id = 'default'""";

    record Job(String token, UUID id) {
    }

    private TokenJobs() {
    }

    /** Records {@code count} jobs in the benchmark's database and writes them to {@code file}; returns the file. */
    static Path write(Path file, int count, CallbackBodies bodies) {
        List<Job> jobs = new ArrayList<>(count);
        CallbackTokens tokens = new CallbackTokens();
        for (int i = 0; i < count; i++) {
            jobs.add(new Job(tokens.generate(), bodies.nextId()));
        }
        record(jobs);
        StringBuilder lines = new StringBuilder();
        jobs.forEach(job -> lines.append(job.token()).append(' ').append(job.id()).append('\n'));
        try {
            return Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void record(List<Job> jobs) {
        String[] hostPort = ServiceInstance.pg().split(":");
        PgConnectOptions connect = new PgConnectOptions().setHost(hostPort[0]).setPort(Integer.parseInt(hostPort[1]))
                .setDatabase(BenchStack.DATABASE)
                .setUser(BenchStack.env("QUARKUS_DATASOURCE_USERNAME", "headshots"))
                .setPassword(BenchStack.env("QUARKUS_DATASOURCE_PASSWORD", "headshots"));
        Vertx vertx = Vertx.vertx();
        try {
            Pool pool = PgBuilder.pool().connectingTo(connect).using(vertx).build();
            List<Tuple> rows = jobs.stream().map(job -> Tuple.of(job.id(), CallbackTokens.digest(job.token()))).toList();
            pool.preparedQuery(INSERT).executeBatch(rows).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            pool.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot record the token target's jobs in " + BenchStack.DATABASE, e);
        } finally {
            vertx.close();
        }
    }
}
