package dev.headshots.ingest.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/**
 * The keyset position of {@code GET /v1/headshots}: the last job of a page, by {@code (created_at, headshots_id)}, written as
 * an opaque base64url token. The next page starts strictly after it, so pages neither skip nor repeat jobs while new jobs
 * arrive.
 */
public record PageCursor(Instant createdAt, UUID headshotsId) {

    static PageCursor after(HeadshotJob job) {
        return new PageCursor(job.createdAt, job.headshotsId);
    }

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000);
        String text = micros + "," + headshotsId;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code token}, or a 400 problem when it is not one this service wrote. */
    public static PageCursor decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            String[] parts = text.split(",", 2);
            long micros = Long.parseLong(parts[0]);
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new PageCursor(createdAt, UUID.fromString(parts[1]));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The after cursor is not valid; use the next value of a page.");
        }
    }
}
