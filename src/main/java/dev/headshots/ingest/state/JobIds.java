package dev.headshots.ingest.state;

import java.util.UUID;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/** Job ids as paths carry them. */
public final class JobIds {

    /** How the OpenAPI document describes the {@code headshotsId} path parameter. */
    public static final String PARAMETER = "The job's headshots_id; an id that is not a UUID is a job that does not exist (404)";

    private JobIds() {
    }

    /** The job id in a {@code /v1/headshots/{headshotsId}} path; one that is not a UUID is a job that does not exist (404). */
    public static UUID fromPath(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemKind.NOT_FOUND, "No job with that id.");
        }
    }
}
