package dev.headshots.ingest.simulator;

/**
 * A request the simulator refuses: the HTTP status to answer and the message that goes into {@code {"error": "..."}}.
 */
final class Rejection extends RuntimeException {

    private final int status;

    Rejection(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
