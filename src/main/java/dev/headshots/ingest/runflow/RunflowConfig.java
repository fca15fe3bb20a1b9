package dev.headshots.ingest.runflow;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the submission of jobs to Runflow, under {@code headshots.runflow}. */
@ConfigMapping(prefix = "headshots.runflow")
public interface RunflowConfig {

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
