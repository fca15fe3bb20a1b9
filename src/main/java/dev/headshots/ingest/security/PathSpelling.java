package dev.headshots.ingest.security;

import java.util.Optional;

/**
 * The one spelling of a path that every layer reads alike. A request path (as sent, before any decoding) is accepted only when
 * it is made of non-empty segments of RFC 3986 {@code pchar}s, other than {@code ;} and {@code %}, none of them {@code .} or
 * {@code ..}. Then decoding, matrix-parameter stripping and dot-segment removal all leave it as it is, so a guard that matches
 * the path and the resource that the framework picks for it read the same string. Everything else is refused, never normalised:
 * no route of the service has a segment that needs a {@code ;}, an escape or a dot, so another spelling can only be an attempt
 * to be read two ways. A trailing slash and letter case are left alone: every layer matches them the same way.
 */
public final class PathSpelling {

    private static final String SUB_DELIMS_BUT_SEMICOLON = "!$&'()*+,=";

    private PathSpelling() {
    }

    /** Why {@code path} is refused, or empty when it is in its one spelling. */
    public static Optional<String> refusal(String path) {
        if (path == null || !path.startsWith("/")) {
            return Optional.of("The request target is not an absolute path.");
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            boolean last = end < 0;
            String segment = path.substring(start, last ? path.length() : end);
            Optional<String> wrong = segmentRefusal(segment, last);
            if (wrong.isPresent()) {
                return wrong;
            }
            if (last) {
                break;
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    private static Optional<String> segmentRefusal(String segment, boolean last) {
        if (segment.isEmpty()) {
            return last ? Optional.empty() : Optional.of("The path has an empty segment (//).");
        }
        if (segment.equals(".") || segment.equals("..")) {
            return Optional.of("The path has a dot segment (. or ..).");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == ';') {
                return Optional.of("The path has a matrix parameter (;).");
            }
            if (c == '%') {
                return Optional.of("The path has a percent-encoded character; send it as it is.");
            }
            if (!isPlainPathCharacter(c)) {
                return Optional.of("The path has a character that is not allowed in a path.");
            }
        }
        return Optional.empty();
    }

    private static boolean isPlainPathCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
                || c == '~' || c == ':' || c == '@' || SUB_DELIMS_BUT_SEMICOLON.indexOf(c) >= 0;
    }
}
