package dev.headshots.ingest.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a callback's image URL is an absolute http(s) URL with a host, made only of printable ASCII, as {@link URI} parses
 * it. Parsing 60 presigned URLs with {@link URI} was most of the CPU time of accepting a callback (JFR: about 60% of the
 * service's samples at 3,000 callbacks/s), so a single pass first accepts the shape that presigned URLs have: {@code http} or
 * {@code https}, {@code ://}, a DNS host name, an optional port, then a path and query of characters that {@link URI} allows
 * there, with well-formed {@code %XX} escapes. Everything else (IP literals, user-info, fragments, unusual characters) is
 * decided by {@link URI} itself, so the answer is always {@link URI}'s; {@code HttpUrlCheckTest} compares the two.
 */
final class HttpUrlCheck {

    /** Characters allowed in a path or query without escaping: RFC 2396 unreserved, reserved but '#', and '%' checked apart. */
    private static final boolean[] PATH_OR_QUERY = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            PATH_OR_QUERY[c] = true;
            PATH_OR_QUERY[Character.toUpperCase(c)] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            PATH_OR_QUERY[c] = true;
        }
        for (char c : "-_.!~*'()/;:@&=+$,?".toCharArray()) {
            PATH_OR_QUERY[c] = true;
        }
    }

    private HttpUrlCheck() {
    }

    static boolean isHttpUrl(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        return isPresignedShape(text) || parsesAsHttp(text);
    }

    /** The slow path: printable ASCII, and {@link URI} finds an absolute http(s) URL with a host. */
    static boolean parsesAsHttp(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return uri.isAbsolute() && (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * The fast path: true only for {@code http(s)://host[:port][/path][?query]} where the host is a DNS name by RFC 2396's
     * rules (labels of letters, digits and inner hyphens, the last one starting with a letter), which {@link URI} always
     * accepts. False means "not this shape", not "invalid".
     */
    static boolean isPresignedShape(String text) {
        int at = schemeEnd(text);
        if (at < 0) {
            return false;
        }
        at = hostEnd(text, at);
        if (at < 0) {
            return false;
        }
        if (at < text.length() && text.charAt(at) == ':') {
            int digits = at + 1;
            while (digits < text.length() && isDigit(text.charAt(digits))) {
                digits++;
            }
            // URI reads the port as an int and, when it cannot, treats the authority as a registry name without a host.
            if (digits == at + 1 || digits - at - 1 > 5) {
                return false;
            }
            at = digits;
        }
        if (at < text.length() && text.charAt(at) != '/' && text.charAt(at) != '?') {
            return false;
        }
        return pathAndQuery(text, at);
    }

    /** The index after {@code http://} or {@code https://} (any case), or -1. */
    private static int schemeEnd(String text) {
        if (text.regionMatches(true, 0, "https://", 0, 8)) {
            return 8;
        }
        return text.regionMatches(true, 0, "http://", 0, 7) ? 7 : -1;
    }

    /** The index after a DNS host name starting at {@code start}, or -1 if there is none there. */
    private static int hostEnd(String text, int start) {
        int at = start;
        boolean lastLabelStartsWithLetter = false;
        while (true) {
            int label = at;
            while (at < text.length() && (isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '-')) {
                at++;
            }
            if (at == label || text.charAt(label) == '-' || text.charAt(at - 1) == '-') {
                return -1;
            }
            lastLabelStartsWithLetter = !isDigit(text.charAt(label));
            if (at < text.length() && text.charAt(at) == '.' && at + 1 < text.length()
                    && isLetterOrDigit(text.charAt(at + 1))) {
                at++;
            } else {
                break;
            }
        }
        return lastLabelStartsWithLetter ? at : -1;
    }

    private static boolean pathAndQuery(String text, int start) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !PATH_OR_QUERY[c]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetterOrDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
