package dev.headshots.ingest.problem;

/** Every kind of problem the service answers with, its HTTP status and its stable type URN. */
public enum ProblemKind {

    MALFORMED_JSON(400, "Malformed JSON"), AMBIGUOUS_PATH(400, "Ambiguous path"), BAD_REQUEST(400, "Bad request"), UNAUTHORIZED(
            401, "Unauthorized"), FORBIDDEN(403,
                    "Forbidden"), NOT_FOUND(404, "Not found"), METHOD_NOT_ALLOWED(405, "Method not allowed"), NOT_ACCEPTABLE(
                            406,
                            "Not acceptable"), REQUEST_TIMEOUT(408, "Request timeout"), CONFLICT(409,
                                    "Conflict"), PAYLOAD_TOO_LARGE(
                                            413,
                                            "Payload too large"), UNSUPPORTED_MEDIA_TYPE(415,
                                                    "Unsupported media type"), VALIDATION_FAILED(422,
                                                            "Validation failed"), TOO_MANY_REQUESTS(
                                                                    429, "Too many requests"), INTERNAL_ERROR(500,
                                                                            "Internal error"), UPSTREAM_FAILED(502,
                                                                                    "Runflow failed"), UNAVAILABLE(503,
                                                                                            "Service unavailable");

    private final int status;
    private final String title;

    ProblemKind(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return "urn:headshots:problem:" + name().toLowerCase().replace('_', '-');
    }
}
