package dev.headshots.ingest.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything a {@link RunflowSimulator} is started with, immutable. {@link #builder()} starts from the defaults of the real
 * Runflow (a 5 s stand-in for the hours a job takes, 60 images, URLs valid for 24 h, at most 10 photos of 10 MiB, callback
 * retries from 1 s doubling to 30 s over 8 attempts) on an ephemeral port; {@link SimulatorFlags} builds one from command-line
 * flags. {@code host} is both the address the server binds to and the host written into image URLs; {@code clock} signs and
 * checks the image URLs, so a test can move it to expire them; {@code log} receives one line per event and never a secret.
 * {@code callbackVia} spreads callbacks over several instances of the service, {@code faultPlan} gives a stream of jobs a known
 * mix of faults, and {@code smallImages} makes the served images small. For the runs platform: {@code callbackSecrets} sign
 * callbacks (with the newest), {@code model} is the one model runs are created for, and {@code outputsShape} writes images as
 * {@code output.outputs[].url}.
 */
public record SimulatorSettings(int port, String host, String apiKey, Duration callbackDelay, int imagesPerJob,
        Duration urlTtl, Optional<String> webhookSecret, int maxPhotos, long maxPhotoBytes, boolean idField,
        Duration callbackBackoff, Duration callbackMaxBackoff, int callbackMaxAttempts, Faults defaultFaults, Clock clock,
        Consumer<String> log, List<String> callbackVia, Optional<FaultPlan> faultPlan, boolean smallImages,
        List<String> callbackSecrets, String model, boolean outputsShape) {

    public SimulatorSettings {
        callbackVia = List.copyOf(callbackVia);
        callbackSecrets = List.copyOf(callbackSecrets);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction from the defaults; every setter returns this builder. */
    public static final class Builder {

        private int port;
        private String host = "localhost";
        private String apiKey = "local-runflow-key";
        private Duration callbackDelay = Duration.ofSeconds(5);
        private int imagesPerJob = 60;
        private Duration urlTtl = Duration.ofHours(24);
        private Optional<String> webhookSecret = Optional.empty();
        private int maxPhotos = 10;
        private long maxPhotoBytes = 10L * 1024 * 1024;
        private boolean idField;
        private Duration callbackBackoff = Duration.ofSeconds(1);
        private Duration callbackMaxBackoff = Duration.ofSeconds(30);
        private int callbackMaxAttempts = 8;
        private Faults defaultFaults = Faults.none();
        private Clock clock = Clock.systemUTC();
        private Consumer<String> log = System.out::println;
        private List<String> callbackVia = List.of();
        private Optional<FaultPlan> faultPlan = Optional.empty();
        private boolean smallImages;
        private List<String> callbackSecrets = List.of();
        private String model = "runflow/headshots";
        private boolean outputsShape;

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder callbackDelay(Duration callbackDelay) {
            this.callbackDelay = callbackDelay;
            return this;
        }

        public Builder imagesPerJob(int imagesPerJob) {
            this.imagesPerJob = imagesPerJob;
            return this;
        }

        public Builder urlTtl(Duration urlTtl) {
            this.urlTtl = urlTtl;
            return this;
        }

        public Builder webhookSecret(String webhookSecret) {
            this.webhookSecret = Optional.ofNullable(webhookSecret);
            return this;
        }

        public Builder maxPhotos(int maxPhotos) {
            this.maxPhotos = maxPhotos;
            return this;
        }

        public Builder maxPhotoBytes(long maxPhotoBytes) {
            this.maxPhotoBytes = maxPhotoBytes;
            return this;
        }

        /** Answer a submission with {@code {"id": ...}} instead of {@code {"headshots_id": ...}}. */
        public Builder idField(boolean idField) {
            this.idField = idField;
            return this;
        }

        /** The wait before the second callback attempt; it doubles per attempt up to {@code max}. */
        public Builder callbackBackoff(Duration initial, Duration max) {
            this.callbackBackoff = initial;
            this.callbackMaxBackoff = max;
            return this;
        }

        public Builder callbackMaxAttempts(int callbackMaxAttempts) {
            this.callbackMaxAttempts = callbackMaxAttempts;
            return this;
        }

        /** The faults of every job for which no {@link RunflowSimulator#nextJobFaults} is queued. */
        public Builder defaultFaults(Faults defaultFaults) {
            this.defaultFaults = defaultFaults;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder log(Consumer<String> log) {
            this.log = log;
            return this;
        }

        /**
         * Sends each callback attempt to the next of these {@code host:port} authorities in turn, instead of the one in the
         * job's callback URL (whose path and query are kept), as an ingress in front of several instances would; a connection
         * error or a non-2xx answer is retried on the next one after the usual backoff. Empty: the URL as given.
         */
        public Builder callbackVia(List<String> authorities) {
            this.callbackVia = List.copyOf(authorities);
            return this;
        }

        /** The faults of jobs with no queued {@link Faults}, by their ordinal; replaces {@link #defaultFaults} when set. */
        public Builder faultPlan(FaultPlan plan) {
            this.faultPlan = Optional.ofNullable(plan);
            return this;
        }

        /** Serve 192×256 headshots (about 10–30 KB) instead of 768×1024 ones, for runs with many thousands of images. */
        public Builder smallImages(boolean smallImages) {
            this.smallImages = smallImages;
            return this;
        }

        /**
         * The callback secrets registered at this Runflow, oldest first, as {@code POST /v1/callback-secrets} made them: a
         * run's callbacks are signed ({@code Runflow-Signature}) with the newest. None: callbacks are not signed.
         */
        public Builder callbackSecrets(List<String> secrets) {
            this.callbackSecrets = List.copyOf(secrets);
            return this;
        }

        /** The model whose runs this Runflow creates ({@code POST /v1/models/<model>/runs}); other models are 404. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /**
         * Write a run's images as {@code output.outputs[].url} (the normalised output of Runflow's image models) instead of
         * {@code output.image_urls}.
         */
        public Builder outputsShape(boolean outputsShape) {
            this.outputsShape = outputsShape;
            return this;
        }

        public SimulatorSettings build() {
            if (imagesPerJob < 1 || maxPhotos < 1 || maxPhotoBytes < 1 || callbackMaxAttempts < 1) {
                throw new IllegalArgumentException("image, photo and attempt counts must be positive");
            }
            if (callbackVia.stream().anyMatch(authority -> !authority.matches("[A-Za-z0-9.-]+:\\d{1,5}"))) {
                throw new IllegalArgumentException("callback-via takes host:port authorities, got " + callbackVia);
            }
            return new SimulatorSettings(port, host, apiKey, callbackDelay, imagesPerJob, urlTtl, webhookSecret, maxPhotos,
                    maxPhotoBytes, idField, callbackBackoff, callbackMaxBackoff, callbackMaxAttempts, defaultFaults, clock,
                    log, callbackVia, faultPlan, smallImages, callbackSecrets, model, outputsShape);
        }
    }
}
