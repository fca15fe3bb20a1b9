package dev.headshots.ingest.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/**
 * The keyset position of {@code GET /v1/headshots}: the last job of a page, by {@code (created_at, headshots_id)}, and the
 * tenant whose list it is, written as an opaque base64url token. The next page starts strictly after it, so pages neither skip
 * nor repeat jobs while new jobs arrive. A cursor is good for its own tenant only: another tenant's use of it is a 400, like
 * any cursor this service did not write. A cursor without a tenant (written before tenants existed) is the tenant
 * {@code default}'s.
 */
public record PageCursor(Instant createdAt, UUID headshotsId, String tenantId) {

    private static final String LEGACY_TENANT = "default";

    /** A cursor of the tenant {@code default}, as written before tenants existed. */
    public PageCursor(Instant createdAt, UUID headshotsId) {
        this(createdAt, headshotsId, null);
    }

    static PageCursor after(HeadshotJob job) {
        return new PageCursor(job.createdAt, job.headshotsId, job.tenantId);
    }

    public String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L), createdAt.getNano() / 1_000);
        String text = micros + "," + headshotsId + (tenantId == null ? "" : "," + tenantId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor in {@code token} for {@code tenant}'s list, or a 400 problem when it is not one this service wrote for it. */
    public static PageCursor decode(String token, String tenant) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            String[] parts = text.split(",", 3);
            long micros = Long.parseLong(parts[0]);
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            String owner = parts.length == 3 ? parts[2] : LEGACY_TENANT;
            if (!owner.equals(tenant)) {
                throw new IllegalArgumentException("a cursor of another tenant");
            }
            return new PageCursor(createdAt, UUID.fromString(parts[1]), owner);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "The after cursor is not valid; use the next value of a page.");
        }
    }
}
