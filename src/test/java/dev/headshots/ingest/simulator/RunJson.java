package dev.headshots.ingest.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JSON of the runs platform, as Runflow's documentation shows it: the callback envelope
 * ({@code event, run_id, status, output, duration_ms, created_at, completed_at, metadata}, in that order, timestamps written
 * the way Python's {@code isoformat()} writes them, with a {@code +00:00} offset, never {@code Z}), the run record of
 * {@code GET /v1/runs/{id}}, and the delivery history of {@code GET /v1/runs/{id}/callback}. Also the {@code Runflow-Signature}
 * of a body: the lowercase hex HMAC-SHA256 keyed with the secret's UTF-8 bytes, as Runflow's Node example computes it.
 */
final class RunJson {

    private static final Map<String, String> EVENTS = Map.of("succeeded", "run.completed", "failed", "run.failed",
            "canceled", "run.cancelled", "partial_succeeded", "run.partial_succeeded");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private RunJson() {
    }

    /** The callback of a run that is over, frozen now. */
    static String envelope(SimulatedJob job) {
        SimulatedRun run = job.run();
        return Json.object("event", EVENTS.get(run.statusCode()), "run_id", job.id(), "status", run.statusCode(),
                "output", run.output(), "duration_ms", durationMs(run), "created_at", isoformat(run.createdAt()),
                "completed_at", isoformat(run.completedAt()), "metadata", run.metadata());
    }

    /** The run record; {@code withOutput} false hides the output of a finished run (a fault). */
    static String run(SimulatedJob job, boolean withOutput) {
        SimulatedRun run = job.run();
        return Json.object("id", job.id(), "model_id", run.model(), "target_type", "model", "status_code", run.statusCode(),
                "input", Json.map("input_images", run.inputUrls()), "output", withOutput ? run.output() : null,
                "duration_ms", run.terminal() ? durationMs(run) : null, "created_at", isoformat(run.createdAt()),
                "started_at", isoformat(run.createdAt()), "completed_at", isoformat(run.completedAt()),
                "callback_url", job.callbackUrl() == null ? null : job.callbackUrl().toString(), "metadata", run.metadata(),
                "failure_code", run.failureCode(), "failure_message", run.failureMessage(),
                "failure_stage_code", run.failureCode() == null ? null : "execution");
    }

    /** The delivery history of a run, oldest first. */
    static String deliveries(SimulatedJob job) {
        return Json.value(job.run().deliveries().stream().map(delivery -> delivery(job, delivery)).toList());
    }

    static Map<String, Object> delivery(SimulatedJob job, SimulatedRun.Delivery delivery) {
        List<SimulatedRun.Attempt> attempts = delivery.attempts();
        return Json.map("id", delivery.id(), "run_id", job.id(), "callback_url",
                job.callbackUrl() == null ? null : job.callbackUrl().toString(), "is_automatic", delivery.automatic(),
                "status_code", delivery.status(), "failure_detail", delivery.failureDetail(), "attempt_count",
                attempts.size(), "created_at", isoformat(delivery.createdAt()), "attempts",
                attempts.stream().map(attempt -> Json.map("attempt_number", attempt.number(), "status_code",
                        attempt.statusCode() < 0 ? null : attempt.statusCode(), "response_time_ms",
                        attempt.responseTimeMs(), "error_message", attempt.errorMessage(), "request_id",
                        attempt.requestId(), "created_at", isoformat(attempt.createdAt()))).toList());
    }

    /** {@code 2026-05-06T10:00:00.123456+00:00}, or without the fraction when it is zero, as Python writes it. */
    static String isoformat(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        int micros = utc.getNano() / 1000;
        return SECONDS.format(utc) + (micros == 0 ? "" : String.format(".%06d", micros)) + "+00:00";
    }

    static String sign(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Long durationMs(SimulatedRun run) {
        return run.completedAt() == null ? null : Duration.between(run.createdAt(), run.completedAt()).toMillis();
    }
}
