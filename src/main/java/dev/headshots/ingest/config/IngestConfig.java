package dev.headshots.ingest.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.headshots.ingest.copy.Encryption;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * Every setting of the service, under the prefix {@code headshots}. Each property has a default that is safe for production;
 * the local stack and the tests override only what differs.
 */
@ConfigMapping(prefix = "headshots")
public interface IngestConfig {

    /** Settings of the callback endpoint. */
    Webhook webhook();

    /** Settings of the image downloader. */
    Download download();

    /** Settings of our own object storage. */
    Storage storage();

    /** Settings of the submission of jobs to Runflow. */
    Runflow runflow();

    /** Settings of our own API under {@code /v1}. */
    Api api();

    /** Settings of the relay that publishes {@code headshots.stored} events from the outbox. */
    Outbox outbox();

    /** Settings of the checks that close the callback intake while Postgres or the bucket is down. */
    Ops ops();

    /** Settings of the durable retry queue in Postgres: backoff, deadlines, and the leases of claimed images. */
    Retry retry();

    /**
     * Base URL under which Runflow reaches this service, e.g. {@code https://headshots.example.com}; per-job callback URLs and
     * status URLs are built from it.
     */
    @WithDefault("http://localhost:8080")
    URI publicBaseUrl();

    interface Webhook {

        /**
         * Shared secrets accepted in {@code X-Webhook-Secret}; several at once allow rotation. None: this mode is off (and with
         * no {@code signing-secrets} either, every callback to the shared endpoint is refused).
         */
        Optional<List<String>> secrets();

        /**
         * Standard Webhooks signing secrets ({@code whsec_<base64>}) checked against {@code webhook-signature}; several at once
         * allow rotation. None: signatures are not checked.
         */
        Optional<List<String>> signingSecrets();

        /**
         * Runflow callback secrets ({@code plain_secret} of {@code POST /v1/callback-secrets}, used as given) checked against
         * {@code Runflow-Signature}, a hex HMAC-SHA256 of the raw body; several at once allow rotation. None: this mode is off.
         */
        Optional<List<String>> runflowSigningSecrets();

        /** How far a signed callback's {@code webhook-timestamp} may be from our clock, in the past or the future. */
        @WithDefault("5m")
        Duration signatureTolerance();

        /** Failed authentications a client address may make in a row before it is answered 429. */
        @WithDefault("10")
        int failedAuthBurst();

        /** After the burst, one more failed authentication is allowed per this interval. */
        @WithDefault("6s")
        Duration failedAuthRefill();

        /** Client addresses whose failed authentications are remembered; the least recently seen are forgotten first. */
        @WithDefault("10000")
        int failedAuthTrackedClients();

        /** Callbacks this instance forwards to Kafka per second at most; more are answered 503 with Retry-After. */
        @WithDefault("100")
        int maxAcceptedPerSecond();

        /** Time allowed for a callback's body to arrive once its headers are in; a slower sender is answered 408. */
        @WithDefault("10s")
        Duration bodyTimeout();

        /** Most image URLs accepted in one callback; at most 999, since object keys number images with three digits. */
        @WithDefault("100")
        int maxImages();

        /** Largest callback body accepted, in bytes. */
        @WithDefault("256K")
        MemorySize maxBodyBytes();

        /** Longest single image URL accepted. */
        @WithDefault("2048")
        int maxUrlLength();

        /** How long the endpoint waits for the Kafka broker's acknowledgement before answering 503. */
        @WithDefault("5s")
        Duration ackTimeout();

        /** The {@code Retry-After} sent with a 503, so that the sender comes back later. */
        @WithDefault("30s")
        Duration retryAfter();

        /**
         * How long the owner of a per-job callback token is kept after it was looked up, so that Runflow's retries and a run's
         * several events cost one lookup; only a token whose job exists is kept. 0 looks the token up on every callback.
         */
        @WithDefault("30s")
        Duration tokenCacheTtl();

        /** Tokens whose owner is kept at most; the least recently used are forgotten first. 0 turns the cache off. */
        @WithDefault("10000")
        int tokenCacheSize();

        /**
         * Whether {@code POST /webhooks/bench/ceiling} is served: the benchmark's ceiling, which checks a callback as the
         * callback endpoint does and answers 200 without publishing it. Off: 404. For benchmarks only, never in production.
         */
        @WithDefault("false")
        boolean benchCeiling();
    }

    interface Download {

        /** Hosts images may be fetched from: exact names, or {@code *.suffix}. */
        @WithDefault("cdn.runflow.io")
        List<String> allowedHosts();

        /**
         * Allows plain http and loopback, private, CGNAT and unique-local addresses (never metadata, link-local, multicast or
         * reserved ones), and logs a warning at startup. For the local stack and tests only.
         */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** Redirects followed per image (at most 3), each hop vetted like the first URL; 0 makes any redirect a failure. */
        @WithDefault("0")
        int maxRedirects();

        /** Downloads in flight at once in this instance, across all jobs. */
        @WithDefault("16")
        int concurrency();

        /** Time allowed to open a connection to the image host. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed from sending the request to receiving the response's status and headers. */
        @WithDefault("10s")
        Duration firstByteTimeout();

        /** Longest silence allowed on the connection while the response is read. */
        @WithDefault("15s")
        Duration idleTimeout();

        /** Time allowed for one whole image, download and upload together. */
        @WithDefault("120s")
        Duration totalTimeout();

        /** Largest image accepted, in bytes; enforced while streaming. */
        @WithDefault("25M")
        MemorySize maxImageBytes();
    }

    interface Storage {

        /** Bucket that receives the images, under {@code <headshots_id>/<NNN>.<ext>}. */
        @WithDefault("headshots")
        String bucket();

        /** Part size of the multipart uploads used for images sent without a Content-Length; S3's minimum is 5M. */
        @WithDefault("5M")
        MemorySize partSize();

        /** Encryption at rest asked of the bucket on every upload: {@code none}, {@code AES256} or {@code aws:kms}. */
        @WithDefault("none")
        @WithConverter(Encryption.ModeConverter.class)
        Encryption.Mode serverSideEncryption();

        /** KMS key (id, ARN or alias) used with {@code aws:kms}; empty (the default), the account's AWS-managed key for S3. */
        @WithDefault("")
        Optional<String> kmsKeyId();
    }

    interface Runflow {

        /** Which of Runflow's APIs a job is submitted through. */
        enum Api {
            /** {@code POST /api/v1/images/generate-headshots}: multipart photos, {@code x-api-key}, no status call. */
            LEGACY,
            /** {@code POST /v1/models/{model}/runs}: photo URLs of our bucket, Bearer key, a run that can be polled. */
            RUNS
        }

        /** Runflow's API root; jobs are sent to {@code <base-url>/api/v1/images/generate-headshots}. */
        @WithDefault("https://api.runflow.io")
        URI baseUrl();

        /** Runflow API key, sent as {@code x-api-key} (legacy) or {@code Authorization: Bearer} (runs); never logged. */
        Optional<String> apiKey();

        /** The API {@code POST /v1/headshots} submits through: {@code legacy} or {@code runs}. */
        @WithDefault("legacy")
        Api api();

        /**
         * The model a run is created for with {@code runs}, as on its page at Runflow (e.g. {@code owner/slug}). Required with
         * {@code api=runs}: the service does not start without it.
         */
        Optional<String> model();

        /** How long the presigned GET URLs of the photos that a run is given stay valid ({@code runs} only). */
        @WithDefault("1h")
        Duration photoUrlTtl();

        /** A job submitted through us with no callback after this long is reconciled: polled ({@code runs}) or timed out. */
        @WithDefault("150m")
        Duration reconcileAfter();

        /** A job still without an outcome this long after its submission becomes {@code TIMED_OUT}. */
        @WithDefault("6h")
        Duration callbackDeadline();

        /** Wait before the second poll of a run that is not finished; it doubles per poll, with jitter. */
        @WithDefault("1m")
        Duration pollBackoffInitial();

        /** Upper bound of the wait between two polls of one run. */
        @WithDefault("15m")
        Duration pollBackoffMax();

        /** How often each instance looks for jobs to reconcile, and for photos to delete. */
        @WithDefault("30s")
        Duration reconcileInterval();

        /** Most jobs one instance claims for reconciliation at a time. */
        @WithDefault("16")
        int reconcileBatchSize();

        /** Time allowed to open a connection to Runflow. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** Time allowed for Runflow to answer a submission, photos upload included. */
        @WithDefault("60s")
        Duration readTimeout();

        /** Most photos accepted in one submission. */
        @WithDefault("10")
        int maxPhotos();

        /** Largest photo accepted in a submission; {@code quarkus.http.limits.max-body-size} must cover all of them. */
        @WithDefault("10M")
        MemorySize maxPhotoBytes();
    }

    interface Api {

        /** Keys accepted in {@code X-Api-Key} under {@code /v1}; several at once allow rotation. None: every call is 401. */
        Optional<List<String>> keys();

        /** How long the presigned image URLs returned by the job API stay valid. */
        @WithDefault("15m")
        Duration urlTtl();

        /** Jobs per page of {@code GET /v1/headshots} when {@code limit} is not given. */
        @WithDefault("20")
        int pageSize();

        /** Largest {@code limit} accepted by {@code GET /v1/headshots}. */
        @WithDefault("100")
        int maxPageSize();
    }

    interface Outbox {

        /** How often the relay looks for unpublished events, besides running whenever a job finishes. */
        @WithDefault("5s")
        Duration interval();

        /** Events published per transaction. */
        @WithDefault("64")
        int batchSize();

        /** How long one event may wait for the broker's acknowledgement before the batch is retried later. */
        @WithDefault("10s")
        Duration sendTimeout();
    }

    interface Ops {

        /** How often Postgres and the bucket are probed; a callback is refused with 503 while the last probe found one down. */
        @WithDefault("2s")
        Duration probeInterval();

        /** Time a probe may take before its dependency counts as down. */
        @WithDefault("1s")
        Duration probeTimeout();
    }

    interface Retry {

        /**
         * This instance's name on the claims it holds ({@code lease_owner}), by default the host name (the pod's name in
         * Kubernetes). A random suffix drawn at each start is always added, so that a restarted process (a container restarted
         * in the same pod) never mistakes the claims of the one that died for its own.
         */
        @WithDefault("${HOSTNAME:headshots-ingest}")
        String instanceId();

        /**
         * How long a claim on an image lasts unless renewed; the holder renews it every third of this. A claim of an instance
         * that died is taken over once it runs out.
         */
        @WithDefault("30s")
        Duration lease();

        /** How often each instance looks for due retries and for claims to take over. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most images claimed in one look; never more than the download slots free at that moment. */
        @WithDefault("32")
        int batchSize();

        /** Delay before the first retry; it doubles on each further attempt, with jitter. */
        @WithDefault("1s")
        Duration backoffInitial();

        /** Upper bound of the delay between two attempts. Transient failures are retried until the URL's deadline. */
        @WithDefault("5m")
        Duration backoffMax();

        /**
         * Attempts, the first included, after which an image whose URL answers 403 before its deadline is {@code FAILED} (a 403
         * after the deadline makes it {@code EXPIRED} at once).
         */
        @WithDefault("3")
        int forbiddenAttempts();

        /**
         * The deadline of a source URL that does not state its own expiry ({@code X-Amz-Date} + {@code X-Amz-Expires}, or
         * {@code Expires}), counted from when the callback was received. Runflow documents 24 h.
         */
        @WithDefault("24h")
        Duration urlLifetime();
    }
}
