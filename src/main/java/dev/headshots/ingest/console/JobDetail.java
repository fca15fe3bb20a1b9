package dev.headshots.ingest.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.headshots.ingest.job.ImageLinks;
import dev.headshots.ingest.lifecycle.Cancellations;
import dev.headshots.ingest.notify.NotificationView;
import dev.headshots.ingest.state.JobStatus;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A job as its page shows it: counts, the tiles of its images (a presigned URL of our bucket for a stored one, why in words for
 * any other), the timeline, the notification's state, and the actions that apply to it now. {@code live} while the job is still
 * moving: the page then fetches {@link Pages#job$live} once a second and fills the tiles in.
 */
record JobDetail(String id, String tenant, String reference, String status, String chip, boolean live, long stored,
        long failed, int total, List<Tile> tiles, List<Step> timeline, Notice notification, List<Event> events,
        List<Action> actions, String failure) {

    /** An event written for the job: its type, when it was written, and when it was published (empty: not yet). */
    record Event(String type, String written, String published) {

        static Event of(Row event) {
            return new Event(event.getString("type"), Words.time(JobList.instant(event, "created_at")),
                    Words.time(JobList.instant(event, "sent_at")));
        }
    }

    /** One image's tile. */
    record Tile(int index, String state, String label, String url, String reason, int attempts, String nextAttempt,
            String bytes) {
    }

    /** One step of the timeline; {@code at} empty when it has not happened. */
    record Step(String name, String at, String detail) {
    }

    /** The job's latest notification to its tenant's handler. */
    record Notice(String event, String status, int attempts, String lastAnswer, String nextAttempt, String delivered,
            int redeliveries) {

        static Notice of(NotificationView view) {
            String answer = view.lastStatusCode() != null
                    ? "HTTP " + view.lastStatusCode()
                    : view.lastError() == null ? "" : view.lastError();
            return new Notice(view.eventType(), view.status(), view.attempts(), answer, Words.time(view.nextAttemptAt()),
                    Words.time(view.deliveredAt()), view.redeliveries());
        }
    }

    /** An action the job allows: the page that confirms it. */
    record Action(String label, String href) {
    }

    static JobDetail of(Row job, List<Row> images, NotificationView notification, List<Row> events, ImageLinks links) {
        String id = job.getUUID("headshots_id").toString();
        String status = job.getString("status");
        JobStatus state = JobStatus.valueOf(status);
        Instant now = Instant.now();
        List<Tile> tiles = images.stream().map(image -> tile(image, job.getString("bucket"), links, now)).toList();
        long failed = job.getLong("failed");
        List<Action> actions = actions(id, state, failed, notification != null);
        Integer total = job.getInteger("image_count");
        return new JobDetail(id, job.getString("tenant_id"), job.getString("client_reference_id"), status,
                status.toLowerCase(), !state.isTerminal(), job.getLong("stored"), failed, total == null ? 0 : total, tiles,
                timeline(job), notification == null ? null : Notice.of(notification),
                events.stream().map(Event::of).toList(),
                actions,
                failure(job.getString("failure_code"), job.getString("failure_message")));
    }

    /** The actions that apply to the job now, in the order the page lists them. */
    private static List<Action> actions(String id, JobStatus status, long failed, boolean notified) {
        List<Action> actions = new ArrayList<>();
        if (status.isTerminal() && failed > 0) {
            actions.add(new Action("Replay the failed images", "/console/jobs/" + id + "/replay"));
        }
        if (status.isTerminal() && notified) {
            actions.add(new Action("Redeliver the notification", "/console/jobs/" + id + "/redeliver"));
        }
        if (Cancellations.CANCELLABLE.contains(status)) {
            actions.add(new Action("Cancel the job", "/console/jobs/" + id + "/cancel"));
        }
        if (!status.isErased()) {
            actions.add(new Action("Erase the job", "/console/jobs/" + id + "/erase"));
        }
        return actions;
    }

    /** Why Runflow failed the job, as the page shows it; null when it gave neither a code nor a message. */
    private static String failure(String code, String message) {
        if (code == null && message == null) {
            return null;
        }
        return "Runflow reported: " + (code == null ? "" : code + " ") + (message == null ? "" : message);
    }

    private static Tile tile(Row image, String bucket, ImageLinks links, Instant now) {
        int index = image.getInteger("idx");
        String state = image.getString("status");
        Instant next = JobList.instant(image, "next_attempt_at");
        Instant deadline = JobList.instant(image, "deadline");
        Long bytes = image.getLong("bytes");
        if (state.equals("STORED")) {
            return new Tile(index, "stored", "Stored", links.url(bucket, image.getString("object_key")), "",
                    image.getInteger("attempts"), "", bytes == null ? "" : bytes / 1024 + " KiB");
        }
        return new Tile(index, state.toLowerCase(), label(state), null,
                Words.why(state, image.getString("error"), image.getString("error_detail"),
                        deadline != null && deadline.isBefore(now)),
                image.getInteger("attempts"), state.equals("RETRYING") ? Words.time(next) : "", "");
    }

    private static String label(String state) {
        return switch (state) {
            case "PENDING" -> "Pending";
            case "COPYING" -> "Copying";
            case "RETRYING" -> "Retrying";
            case "FAILED" -> "Failed";
            case "EXPIRED" -> "Expired";
            default -> state;
        };
    }

    private static List<Step> timeline(Row job) {
        Instant submitted = JobList.instant(job, "submitted_at");
        Instant received = JobList.instant(job, "received_at");
        Instant completed = JobList.instant(job, "completed_at");
        Instant timedOut = JobList.instant(job, "timed_out_at");
        int deliveries = job.getInteger("deliveries");
        int replays = job.getInteger("replays");
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("Submitted to Runflow", Words.time(submitted),
                submitted == null ? "Not submitted through this service." : ""));
        if (timedOut != null) {
            steps.add(new Step("Timed out waiting for Runflow", Words.time(timedOut), ""));
        }
        steps.add(new Step("Callback received", Words.time(received), deliveries == 0
                ? ""
                : deliveries + (deliveries == 1 ? " delivery" : " deliveries") + " of the callback"));
        steps.add(new Step("Copying", Words.time(received), ""));
        steps.add(new Step("Done", Words.time(completed), received == null || completed == null
                ? ""
                : "callback to done: " + Words.duration(Duration.between(received, completed))
                        + (replays == 0 ? "" : "; replayed " + replays + (replays == 1 ? " time" : " times"))));
        return steps;
    }
}
