package dev.headshots.ingest.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the callback endpoint, under {@code headshots.webhook}. */
@ConfigMapping(prefix = "headshots.webhook")
public interface WebhookConfig {

    /**
     * Shared secrets accepted in {@code X-Webhook-Secret}; several at once allow rotation. None: this mode is off (and with no
     * {@code signing-secrets} either, every callback to the shared endpoint is refused).
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

    /**
     * A run envelope ({@code run.*}) whose {@code completed_at} is longer ago than this is refused (422) as a replay: its
     * {@code Runflow-Signature} has no timestamp of its own. Less than the 7 days a tombstone is kept at least, so that a
     * replay of an erased job's callback always meets its tombstone; at most 6d.
     */
    @WithDefault("72h")
    Duration runMaxAge();

    /** Failed authentications a client address may make in a row before it is answered 429. */
    @WithDefault("10")
    int failedAuthBurst();

    /** After the burst, one more failed authentication is allowed per this interval. */
    @WithDefault("6s")
    Duration failedAuthRefill();

    /**
     * Clients (IPv4 addresses, IPv6 /48s) whose failed authentications are remembered; one whose allowance refilled is
     * forgotten to make room, and while all of them still have failures to serve the others share one allowance.
     */
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

    /** Tokens whose owner is kept at most; beyond that, those least likely to be asked for again are dropped. 0: no cache. */
    @WithDefault("10000")
    int tokenCacheSize();

    /**
     * Whether {@code POST /webhooks/bench/ceiling} is served: the benchmark's ceiling, which checks a callback as the callback
     * endpoint does and answers 200 without publishing it. Off: 404. For benchmarks only, never in production.
     */
    @WithDefault("false")
    boolean benchCeiling();
}
