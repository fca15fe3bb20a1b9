package dev.headshots.ingest.console;

/**
 * A console page that cannot be shown as asked, as a value: the HTTP status and a sentence for the operator. Mapped to an HTML
 * error page by {@link ConsoleErrors}; the console never answers with a problem document, which is the API's family.
 */
public class ConsoleProblem extends RuntimeException {

    private final int status;

    public ConsoleProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static ConsoleProblem notFound(String message) {
        return new ConsoleProblem(404, message);
    }

    public static ConsoleProblem forbidden(String message) {
        return new ConsoleProblem(403, message);
    }

    public static ConsoleProblem conflict(String message) {
        return new ConsoleProblem(409, message);
    }

    public int status() {
        return status;
    }
}
