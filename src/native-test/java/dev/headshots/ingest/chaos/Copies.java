package dev.headshots.ingest.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The one place that knows what "a copy in flight" is in Postgres, and how an instance is named on its claims. With durable
 * retries an image being copied is {@code COPYING} with {@code lease_owner} naming the claiming process: its
 * {@code headshots.retry.instance-id}, a dash and 8 random hex digits drawn at each start ({@code lease/Leases}). A dead
 * instance's claims are taken over once their {@code headshots.retry.lease} runs out: so the copies a SIGKILL interrupts are
 * the killed instance's leased images, counted right after the kill, and the pipeline has recovered from it once none is left.
 */
final class Copies {

    private Copies() {
    }

    /** Fails unless the packaged build has the leases this suite counts on (migration {@code V6__durable_retries.sql}). */
    static void requireLeases() {
        try (Stream<Path> migrations = Files.list(Path.of("target/classes/db/migration"))) {
            if (migrations.noneMatch(file -> read(file).contains("lease_owner"))) {
                throw new IllegalStateException("ChaosIT counts copies in flight by headshot_image.lease_owner, which this"
                        + " build does not have (durable retries, issue 5)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("package the application first (./mvnw verify)", e);
        }
    }

    /** The settings that name an instance on its claims and make its claims short-lived and its retries quick. */
    static Map<String, String> instanceProperties(String instanceId) {
        return Map.of("headshots.retry.instance-id", instanceId,
                "headshots.retry.lease", "10s",
                "headshots.retry.backoff-initial", "200ms");
    }

    /**
     * Images of {@code jobs} claimed by the process started as {@code instanceId} and not settled: its copies in flight, or a
     * dead one's leftovers. Instance ids in this suite are unique per run and start, so the owner's prefix identifies it.
     */
    static long inFlight(String instanceId, Collection<UUID> jobs) {
        return Ledger.count("SELECT count(*) FROM headshot_image WHERE status = 'COPYING' AND starts_with(lease_owner, ?)"
                + " AND headshots_id = ANY(?)", instanceId + "-", jobs);
    }

    /** Images of {@code jobs} being copied by any instance now. */
    static long inFlight(Collection<UUID> jobs) {
        return Ledger.count("SELECT count(*) FROM headshot_image WHERE status = 'COPYING' AND headshots_id = ANY(?)", jobs);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
