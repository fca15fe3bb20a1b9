package dev.headshots.ingest.security;

/**
 * Makes a URL fit for logs, API answers and metric labels: the query string (a presigned URL's signature and credentials), the
 * fragment and any user-info are replaced by {@code <redacted>}, control characters are dropped and the result is shortened, so
 * {@code https://cdn.runflow.io/h/out_001.jpg?X-Amz-Signature=…} becomes
 * {@code https://cdn.runflow.io/h/out_001.jpg?<redacted>}. It works on the text alone, so even a URL no parser accepts comes
 * out redacted.
 */
public final class Redaction {

    /** What stands in for a removed secret. */
    public static final String REDACTED = "<redacted>";
    private static final int MAX_LENGTH = 256;

    private Redaction() {
    }

    public static String url(String url) {
        if (url == null) {
            return "null";
        }
        String text = url.replaceAll("\\p{Cntrl}", "");
        int secret = indexOfAny(text, '?', '#');
        String base = withoutUserInfo(secret < 0 ? text : text.substring(0, secret));
        if (base.length() > MAX_LENGTH) {
            base = base.substring(0, MAX_LENGTH) + "…";
        }
        return secret < 0 ? base : base + text.charAt(secret) + REDACTED;
    }

    /** {@code base} (a URL without query or fragment) with whatever precedes the host's last {@code @} redacted. */
    private static String withoutUserInfo(String base) {
        int start = base.indexOf("//");
        if (start < 0) {
            return base;
        }
        int end = base.indexOf('/', start + 2);
        String authority = end < 0 ? base.substring(start + 2) : base.substring(start + 2, end);
        int at = authority.lastIndexOf('@');
        return at < 0 ? base : base.substring(0, start + 2) + REDACTED + base.substring(start + 2 + at);
    }

    private static int indexOfAny(String text, char... characters) {
        for (int i = 0; i < text.length(); i++) {
            for (char character : characters) {
                if (text.charAt(i) == character) {
                    return i;
                }
            }
        }
        return -1;
    }
}
