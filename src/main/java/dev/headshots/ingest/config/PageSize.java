package dev.headshots.ingest.config;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/** The {@code limit} query parameter of a paged list: {@code headshots.api.page-size} when absent, 400 when out of range. */
public final class PageSize {

    private PageSize() {
    }

    /** {@code limit} as a page size from 1 to {@code max}; {@code fallback} when it is absent. */
    public static int of(String limit, int fallback, int max) {
        int size;
        try {
            size = limit == null ? fallback : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > max) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "limit must be between 1 and " + max + ".");
        }
        return size;
    }
}
