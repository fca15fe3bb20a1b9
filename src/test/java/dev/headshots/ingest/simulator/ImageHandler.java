package dev.headshots.ingest.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Serves {@code GET /images/<headshots_id>/<NNN>.jpg?X-Amz-...} like an S3 bucket behind presigned URLs. Every request for an
 * existing (job, index) is counted first, whatever its outcome; then a missing or bad signature (and any method but GET, which
 * the URL was not signed for) is 403 SignatureDoesNotMatch or AccessDenied, an expired URL 403 AccessDenied, an unknown key 404
 * NoSuchKey, each with S3's XML body. Otherwise the job's faults apply in order: a missing image is 404 NoSuchKey every time, a
 * failing image answers its fail status (500 InternalError, 503 SlowDown) for its first {@code failTimes} requests, a slow
 * image waits after its headers, and a truncated image closes the connection after half of its declared Content-Length. Slow
 * images block only their own server thread. A response whose whole body was written counts as served on the job.
 */
final class ImageHandler implements HttpHandler {

    static final String PREFIX = "/images/";
    private static final Pattern PATH = Pattern
            .compile("/images/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(\\d{1,6})\\.jpg");

    private final Jobs jobs;
    private final PresignedUrls urls;
    private final HeadshotImages images;

    ImageHandler(Jobs jobs, PresignedUrls urls, HeadshotImages images) {
        this.jobs = jobs;
        this.urls = urls;
        this.images = images;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Matcher matcher = PATH.matcher(path);
        boolean matches = matcher.matches();
        int index = matches ? Integer.parseInt(matcher.group(2)) : 0;
        Optional<SimulatedJob> job = matches ? jobs.find(UUID.fromString(matcher.group(1))) : Optional.empty();
        job = job.filter(j -> j.hasImage(index));
        int hit = job.map(j -> j.recordHit(index)).orElse(0);
        PresignedUrls.Verdict verdict = exchange.getRequestMethod().equals("GET")
                ? urls.check(path, exchange.getRequestURI().getRawQuery())
                : PresignedUrls.Verdict.BAD_SIGNATURE;
        if (verdict != PresignedUrls.Verdict.VALID) {
            Replies.s3Error(exchange, 403, verdict.code, verdict.message);
        } else if (job.isEmpty()) {
            Replies.s3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
        } else {
            serve(exchange, job.get(), index, hit);
        }
    }

    private void serve(HttpExchange exchange, SimulatedJob job, int index, int hit) throws IOException {
        Faults faults = job.faults();
        if (faults.missingImages().contains(index)) {
            Replies.s3Error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        if (faults.fails(index, hit)) {
            int status = faults.failStatus();
            Replies.s3Error(exchange, status, status == 503 ? "SlowDown" : "InternalError",
                    status == 503 ? "Please reduce your request rate." : "We encountered an internal error. Please try again.");
            return;
        }
        byte[] bytes = images.tagged(job.id().toString(), index);
        exchange.getResponseHeaders().set("Content-Type", "image/jpeg");
        exchange.getResponseHeaders().set("ETag", "\"" + Digests.md5(bytes) + "\"");
        exchange.sendResponseHeaders(200, bytes.length);
        OutputStream body = exchange.getResponseBody();
        if (faults.slowImages().contains(index)) {
            body.flush();
            pause(faults);
        }
        if (faults.truncatedImages().contains(index)) {
            body.write(bytes, 0, bytes.length / 2);
            body.flush();
            throw new TruncatedOnPurpose();
        }
        body.write(bytes);
        body.close();
        job.recordServed(index);
    }

    private static void pause(Faults faults) throws IOException {
        try {
            Thread.sleep(faults.slowDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while holding a slow image", e);
        }
    }

    /**
     * Thrown out of the handler on purpose: the JDK server answers an exception by closing the connection, which is what cuts a
     * truncated image short (closing the exchange would leave the connection open, waiting for the missing bytes).
     */
    private static final class TruncatedOnPurpose extends RuntimeException {

        TruncatedOnPurpose() {
            super("image truncated on purpose", null, false, false);
        }
    }
}
