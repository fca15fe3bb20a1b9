package dev.headshots.ingest.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The benchmark's own corner of the shared local stack, so that nothing it does reaches other users of the stack: Kafka topics
 * of its own (created fresh for each run, deleted after it), a bucket of its own (emptied before and after), and, made by the
 * shell script, a database of its own. Addresses come from the variables of {@code deploy/local/stack env}.
 */
final class BenchStack implements AutoCloseable {

    static final String BUCKET = "headshots-bench";
    static final String DATABASE = "headshots_bench";
    /** Written by the ingest instance, never consumed: the ingest scenario measures the acknowledgement path alone. */
    static final String INGEST_TOPIC = "bench.ingest.callbacks";
    /** Read by the ingest instance's consumers, and always empty. */
    static final String IDLE_TOPIC = "bench.idle.callbacks";
    /** Written and consumed by the pipeline instance (copy, big image, backlog). */
    static final String PIPELINE_TOPIC = "bench.callbacks";
    static final String DLQ_TOPIC = "bench.callbacks.dlq";
    private static final List<String> TOPICS = List.of(INGEST_TOPIC, IDLE_TOPIC, PIPELINE_TOPIC, DLQ_TOPIC);

    private final String bootstrap = env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
    private final S3AsyncClient s3 = S3AsyncClient.builder()
            .endpointOverride(URI.create(env("QUARKUS_S3_ENDPOINT_OVERRIDE", "http://127.0.0.1:9090")))
            .forcePathStyle(true)
            .region(Region.of(env("QUARKUS_S3_AWS_REGION", "us-east-1")))
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    env("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "local-access-key"),
                    env("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "local-secret-key"))))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder().maxConcurrency(64)
                    .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
            .build();

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    S3AsyncClient s3() {
        return s3;
    }

    String bootstrap() {
        return bootstrap;
    }

    /** Deletes the benchmark's topics if a previous run left them, and creates them empty. */
    void freshTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<String> old = TOPICS.stream().filter(existing::contains).toList();
            if (!old.isEmpty()) {
                admin.deleteTopics(old).all().get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (String topic : TOPICS) {
                NewTopic fresh = new NewTopic(topic, topic.equals(DLQ_TOPIC) ? 1 : 3, (short) 1)
                        .configs(Map.of("retention.ms", "3600000", "segment.bytes", "67108864"));
                while (true) {
                    try {
                        admin.createTopics(List.of(fresh)).all().get();
                        break;
                    } catch (ExecutionException e) {
                        // A topic just deleted can still be on its way out for a moment.
                        if (!(e.getCause() instanceof TopicExistsException) || System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(500);
                    }
                }
            }
        }
    }

    /** Deletes the benchmark's topics and its consumer group. */
    void dropTopics(String group) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            admin.deleteTopics(TOPICS.stream().filter(existing::contains).toList()).all().get();
            admin.deleteConsumerGroups(List.of(group)).all().get();
        } catch (ExecutionException | RuntimeException e) {
            System.err.println("bench: cleaning up Kafka: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates the benchmark's bucket if needed, and empties it. */
    void freshBucket() {
        try {
            s3.createBucket(b -> b.bucket(BUCKET)).join();
        } catch (CompletionException e) {
            boolean exists = e.getCause() instanceof BucketAlreadyOwnedByYouException
                    || e.getCause() instanceof BucketAlreadyExistsException
                    || e.getCause() instanceof S3Exception s3e && s3e.statusCode() == 409;
            if (!exists) {
                throw e;
            }
        }
        emptyBucket();
    }

    /** Deletes every object of the benchmark's bucket, 1000 per request; returns how many there were. */
    long emptyBucket() {
        long deleted = 0;
        while (true) {
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(BUCKET).maxKeys(1000)).join();
            if (page.contents().isEmpty()) {
                return deleted;
            }
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            s3.deleteObjects(b -> b.bucket(BUCKET).delete(Delete.builder().objects(keys).quiet(true).build())).join();
            deleted += keys.size();
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    @Override
    public void close() {
        s3.close();
    }
}
