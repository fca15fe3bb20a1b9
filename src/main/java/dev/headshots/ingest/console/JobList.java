package dev.headshots.ingest.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.headshots.ingest.state.JobStatus;
import io.vertx.mutiny.sqlclient.Row;

/**
 * The jobs list as its template shows it: the rows, the filter it was asked with, the link of the next page, and whether any
 * job on it is still moving (then the page refreshes itself, from {@code refresh}).
 */
record JobList(List<JobRow> rows, boolean admin, String status, String q, String tenant, List<String> statuses, String next,
        boolean live, String refresh, boolean paged) {

    /** One job of the list. */
    record JobRow(String id, String tenant, String reference, String status, String chip, long stored, long failed,
            String total, String age, String callbackToDone, String created) {

        static JobRow of(Row row, Instant now) {
            String status = row.getString("status");
            Instant created = instant(row, "created_at");
            Instant received = instant(row, "received_at");
            Instant completed = instant(row, "completed_at");
            Integer total = row.getInteger("image_count");
            return new JobRow(row.getUUID("headshots_id").toString(), row.getString("tenant_id"),
                    row.getString("client_reference_id"), status, status.toLowerCase(), row.getLong("stored"),
                    row.getLong("failed"), total == null ? "–" : total.toString(),
                    Words.duration(Duration.between(created, now)),
                    received == null || completed == null ? "–" : Words.duration(Duration.between(received, completed)),
                    Words.time(created));
        }

        boolean terminal() {
            return JobStatus.valueOf(status).isTerminal();
        }
    }

    /** The query string of a list with this filter, starting {@code after} (null: the first page). */
    static String query(String status, String q, String tenant, String after) {
        StringBuilder query = new StringBuilder();
        append(query, "status", status);
        append(query, "q", q);
        append(query, "tenant", tenant);
        append(query, "after", after);
        return query.isEmpty() ? "" : "?" + query.substring(1);
    }

    /** The URL of the rows alone of a list with this filter, which the page fetches to refresh itself. */
    static String rowsOf(String status, String q, String tenant, String after) {
        String query = query(status, q, tenant, after);
        return "/console/jobs" + (query.isEmpty() ? "?" : query + "&") + "part=" + JobsResource.ROWS;
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null && !value.isBlank()) {
            query.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    static Instant instant(Row row, String column) {
        var at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }
}
