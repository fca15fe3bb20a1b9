package dev.headshots.ingest.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.headshots.ingest.support.Database;

/**
 * Reads what the service recorded in the local stack's Postgres, for many jobs at once (over JDBC, as {@code support/Database}
 * does for one value): job statuses, the images that are not stored, outbox events not yet sent, and notifications not yet
 * delivered. A collection of job ids is bound as a {@code uuid[]}.
 */
final class Ledger {

    /** Terminal statuses; TIMED_OUT is not one (a late callback still takes the job on), and no chaos job may end in it. */
    static final Set<String> TERMINAL = Set.of("COMPLETED", "PARTIAL", "FAILED", "CANCELLED");

    /** A job as recorded: its status and how many callback records were processed for it. */
    record Job(String status, int deliveries) {

        boolean terminal() {
            return TERMINAL.contains(status);
        }
    }

    private Ledger() {
    }

    static Map<UUID, Job> jobs(Collection<UUID> ids) {
        Map<UUID, Job> jobs = new HashMap<>();
        query("SELECT headshots_id, status, deliveries FROM headshot_job WHERE headshots_id = ANY(?)", rows -> jobs.put(
                rows.getObject(1, UUID.class), new Job(rows.getString(2), rows.getInt(3))), ids);
        return jobs;
    }

    /** For each job with any, its images that are not {@code STORED}: index → status. */
    static Map<UUID, Map<Integer, String>> unstoredImages(Collection<UUID> ids) {
        Map<UUID, Map<Integer, String>> images = new HashMap<>();
        query("SELECT headshots_id, idx, status FROM headshot_image WHERE status <> 'STORED' AND headshots_id = ANY(?)",
                rows -> images.computeIfAbsent(rows.getObject(1, UUID.class), id -> new TreeMap<>()).put(rows.getInt(2),
                        rows.getString(3)),
                ids);
        return images;
    }

    static long terminalJobs(Collection<UUID> ids) {
        return count("SELECT count(*) FROM headshot_job WHERE status IN ('COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED')"
                + " AND headshots_id = ANY(?)", ids);
    }

    /**
     * Jobs still claimed for reconciliation ({@code reconcile_owner}) or timed out: after a chaos run every job had its
     * callback, so none may be either (a claim left by a killed instance would be taken over, never kept).
     */
    static long reconcileLeftovers(Collection<UUID> ids) {
        return count("SELECT count(*) FROM headshot_job WHERE (reconcile_owner IS NOT NULL OR status = 'TIMED_OUT')"
                + " AND headshots_id = ANY(?)", ids);
    }

    /**
     * Jobs that are DELETING or DELETED, or have a row in the erasure queue ({@code job_erasure}): a chaos run asks for no
     * erasure, so a killed instance must never leave a job in either state, nor a callback take a job there.
     */
    static long erasureLeftovers(Collection<UUID> ids) {
        return count("SELECT count(*) FROM headshot_job j WHERE (j.status IN ('DELETING', 'DELETED')"
                + " OR EXISTS (SELECT 1 FROM job_erasure e WHERE e.headshots_id = j.headshots_id))"
                + " AND j.headshots_id = ANY(?)", ids);
    }

    static long unsentEvents(Collection<UUID> ids) {
        return count("SELECT count(*) FROM outbox_event WHERE sent_at IS NULL AND record_key = ANY(?::text[])", ids);
    }

    /** Jobs among {@code ids} whose notification to the tenant's handler is not delivered (none decided counts too). */
    static long undeliveredNotifications(Collection<UUID> ids) {
        return ids.size() - count("SELECT count(DISTINCT headshots_id) FROM notification WHERE status = 'DELIVERED'"
                + " AND headshots_id = ANY(?)", ids);
    }

    /** The attempts of the delivered notifications of {@code ids}: more than one per job means a retry or a take-over. */
    static long notificationAttempts(Collection<UUID> ids) {
        return count("SELECT coalesce(sum(attempts), 0) FROM notification WHERE headshots_id = ANY(?)", ids);
    }

    static long count(String sql, Object... parameters) {
        long[] count = new long[1];
        query(sql, rows -> count[0] = rows.getLong(1), parameters);
        return count[0];
    }

    private interface RowReader {

        void read(ResultSet rows) throws SQLException;
    }

    private static void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(Database.URL,
                "headshots", "headshots"); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i] instanceof Collection<?> ids
                        ? connection.createArrayOf("uuid", ids.toArray())
                        : parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
