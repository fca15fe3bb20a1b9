package dev.headshots.ingest.lease;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rows of one table that any instance may claim and then holds under a lease: the one claim mechanism of the service, used by
 * the image retry queue and the notification deliveries alike. A claim selects due rows with {@code FOR UPDATE SKIP LOCKED}
 * (two instances never claim the same row, and nobody waits for a lock) and, in the same statement, names this instance in
 * {@code lease_owner} and sets the lease's end; {@link LeaseKeeper} renews this instance's leases while it lives and gives them
 * back when it shuts down. A row whose holder died is due again once its lease has run out, so another instance takes it over.
 * <p>
 * A leased table has a column that names the holder of a claim ({@code owner}, null unless claimed; {@code lease_owner} unless
 * the table is also something else, as {@code headshot_job} is), a condition that says a row is claimed ({@code claimed}), and
 * a timestamp column that holds the end of the lease while it is claimed ({@code leaseEnd}; typically the row's next-attempt
 * time, so that a lapsed claim is simply due). {@code due} selects what may be claimed (lapsed claims included);
 * {@code onClaim} (may be blank) and {@code onRelease} are the other assignments of a claim and of a release. Every claim
 * statement takes the owner as {@code $1} and the lease in seconds as {@code $2}; the caller's parameters start at {@code $3}.
 * In claim statements the table is aliased {@code t}.
 */
public record LeasedTable(String name, List<String> keys, String owner, String claimed, String leaseEnd, String due,
        String onClaim, String onRelease) {

    /** A table whose claims are held in {@code lease_owner}. */
    public LeasedTable(String name, List<String> keys, String claimed, String leaseEnd, String due, String onClaim,
            String onRelease) {
        this(name, keys, "lease_owner", claimed, leaseEnd, due, onClaim, onRelease);
    }

    /** Extends every claim of {@code $1} to {@code $2} seconds from now. */
    String renewStatement() {
        return "UPDATE " + name + " SET " + leaseEnd + " = now() + make_interval(secs => $2) WHERE " + owner + " = $1 AND "
                + claimed;
    }

    /** Gives back every claim of {@code $1}. */
    String releaseStatement() {
        return "UPDATE " + name + " SET " + onRelease + ", " + owner + " = NULL WHERE " + owner + " = $1 AND " + claimed;
    }

    /** The statement that claims the due rows {@code claim} selects. */
    public String claimStatement(Claim claim) {
        String match = keys.stream().map(key -> "t." + key + " = due." + key).collect(Collectors.joining(" AND "));
        return "WITH due AS (SELECT " + String.join(", ", keys) + " FROM " + name + " WHERE (" + due + ")"
                + (claim.where() == null ? "" : " AND (" + claim.where() + ")")
                + " ORDER BY " + claim.orderBy() + (claim.limit() == null ? "" : " LIMIT " + claim.limit())
                + " FOR UPDATE SKIP LOCKED) "
                + "UPDATE " + name + " t SET " + owner + " = $1, " + leaseEnd + " = now() + make_interval(secs => $2)"
                + (onClaim.isBlank() ? "" : ", " + onClaim) + " FROM due" + (claim.join() == null ? "" : ", " + claim.join())
                + " WHERE " + match
                + (claim.joinOn() == null ? "" : " AND " + claim.joinOn()) + " RETURNING " + claim.returning();
    }

    /** Runs a claim statement of this table for this instance; {@code parameters} are {@code $3} on. */
    public Uni<RowSet<Row>> claim(SqlClient sql, String statement, Leases leases, Object... parameters) {
        List<Object> values = new ArrayList<>(List.of(leases.owner(), seconds(leases)));
        values.addAll(Arrays.asList(parameters));
        return sql.preparedQuery(statement).execute(Tuple.from(values));
    }

    /** Extends this instance's claims to a full lease from now; yields how many. */
    public Uni<Integer> renew(SqlClient sql, Leases leases) {
        return sql.preparedQuery(renewStatement()).execute(Tuple.of(leases.owner(), seconds(leases))).map(RowSet::rowCount);
    }

    /** Gives back this instance's claims, due at once for another instance; yields how many. */
    public Uni<Integer> release(SqlClient sql, Leases leases) {
        return sql.preparedQuery(releaseStatement()).execute(Tuple.of(leases.owner())).map(RowSet::rowCount);
    }

    private static double seconds(Leases leases) {
        return leases.length().toMillis() / 1000.0;
    }

    /**
     * What one kind of claim takes: due rows that also match {@code where} (may be null), in {@code orderBy} order, at most
     * {@code limit} (a parameter such as {@code $3}, or null for all), joined to {@code join} on {@code joinOn} (both may be
     * null) to return {@code returning}.
     */
    public record Claim(String where, String orderBy, String limit, String join, String joinOn, String returning) {
    }
}
