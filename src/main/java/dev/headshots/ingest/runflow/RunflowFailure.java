package dev.headshots.ingest.runflow;

/**
 * Runflow did not take a job, or did not answer a call about one: it answered an error status, an unreadable answer, or nothing
 * in time. The message is safe to show to our API's caller: it never holds the API key, and Runflow's own error text is
 * shortened, stripped of control characters, and any URL in it loses its query. {@code status} is the HTTP status Runflow
 * answered, 0 when it did not answer one.
 */
public class RunflowFailure extends RuntimeException {

    private static final int MAX_QUOTE = 200;

    private final int status;

    public RunflowFailure(String message) {
        this(message, 0);
    }

    private RunflowFailure(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    /**
     * Runflow answered {@code status} with {@code body}. A URL's query is redacted from the quote: Runflow may quote the
     * presigned URLs of a run's photos back, and their query strings are credentials.
     */
    public static RunflowFailure answered(int status, String body) {
        String quote = body == null
                ? ""
                : body.replaceAll("\\p{Cntrl}", " ").strip()
                        .replaceAll("(https?://[^\\s\"'?]+)\\?[^\\s\"']*", "$1?<redacted>");
        if (quote.length() > MAX_QUOTE) {
            quote = quote.substring(0, MAX_QUOTE) + "…";
        }
        return new RunflowFailure("Runflow answered HTTP " + status + (quote.isEmpty() ? "." : ": " + quote), status);
    }

    public int status() {
        return status;
    }
}
