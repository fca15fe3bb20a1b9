package dev.headshots.ingest.retry;

/**
 * A table used as a queue of work that any instance may claim, with a lease: the one place where the claim pattern of this
 * service is written, for every queue that shares it (reconciliation of jobs today; notification deliveries are meant to use it
 * too). A row is due when its {@code dueAt} column has passed (and it meets {@code eligible}); a claim sets {@code owner} and
 * moves {@code dueAt} to the end of the lease in one statement, {@code UPDATE … FROM (SELECT … FOR UPDATE SKIP LOCKED)}, so two
 * instances never claim the same row and nobody waits for a lock. A claim ends by {@link #settle} (only while still held), or
 * is given back by {@link #release}; the claim of an instance that died is due again once its lease has run out, and another
 * instance takes it over. The owner is {@link Leases#owner()}. The statements take {@code $1} the owner; see each for the rest.
 * (The image retry queue, {@code intake.JobStore}, follows the same pattern with statements of its own that also count
 * attempts.)
 */
public record LeaseQueue(String table, String key, String dueAt, String owner, String eligible) {

    /**
     * Claims up to {@code $3} due rows for {@code $1}, for {@code $2} seconds, the longest due first; returns the key and
     * {@code returning} (columns of the claimed row, written {@code q.column}).
     */
    public String claim(String returning) {
        return "UPDATE " + table + " q SET " + owner + " = $1, " + dueAt + " = now() + make_interval(secs => $2) FROM (SELECT "
                + key + " FROM " + table + " WHERE " + dueAt + " <= now()" + (eligible.isBlank() ? "" : " AND " + eligible)
                + " ORDER BY " + dueAt + " LIMIT $3 FOR UPDATE SKIP LOCKED) due WHERE q." + key + " = due." + key
                + " RETURNING q." + key + (returning.isBlank() ? "" : ", " + returning);
    }

    /** Ends {@code $1}'s claim on row {@code $2} with {@code assignments} (which set {@code dueAt}), if it still holds it. */
    public String settle(String assignments) {
        return "UPDATE " + table + " SET " + owner + " = NULL, " + assignments + " WHERE " + key + " = $2 AND " + owner
                + " = $1";
    }

    /** Gives back every claim of {@code $1}, due at once, for another instance to take. */
    public String release() {
        return "UPDATE " + table + " SET " + owner + " = NULL, " + dueAt + " = now() WHERE " + owner + " = $1";
    }
}
