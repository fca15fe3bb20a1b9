package dev.headshots.ingest.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a buffered {@code multipart/form-data} body (RFC 7578) into its parts. The boundary comes from the Content-Type's
 * {@code boundary} parameter, quoted or not; a part's name and file name come from its Content-Disposition. A body without the
 * boundary, a part without headers or a body with no closing delimiter is {@link Malformed}; what the parts mean is the
 * caller's business.
 */
final class MultipartReader {

    /** One part: its form field name, its file name if it is a file, its own Content-Type if given, and its bytes. */
    record Part(String name, Optional<String> filename, Optional<String> contentType, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static final class Malformed extends RuntimeException {

        Malformed(String message) {
            super(message);
        }
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private MultipartReader() {
    }

    /** The {@code boundary} parameter of a multipart Content-Type, unquoted. */
    static Optional<String> boundary(String contentType) {
        return Optional.ofNullable(parameters(contentType).get("boundary")).filter(b -> !b.isEmpty() && b.length() <= 70);
    }

    static List<Part> parse(String boundary, byte[] body) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        if (at < 0 || at > 0 && indexOf(body, separator, 0) != at - 2) {
            throw new Malformed("the body does not contain the boundary");
        }
        List<Part> parts = new ArrayList<>();
        at += delimiter.length;
        while (!startsWith(body, at, new byte[]{'-', '-'})) {
            if (!startsWith(body, at, CRLF)) {
                throw new Malformed("a boundary is not followed by CRLF");
            }
            int headersEnd = indexOf(body, HEADER_END, at);
            int next = headersEnd < 0 ? -1 : indexOf(body, separator, headersEnd + HEADER_END.length - 2);
            if (headersEnd < 0 || next < 0) {
                throw new Malformed("a part is not terminated by the boundary");
            }
            String headers = new String(body, at + 2, headersEnd - at - 2, StandardCharsets.UTF_8);
            int start = headersEnd + HEADER_END.length;
            parts.add(part(headers, Arrays.copyOfRange(body, Math.min(start, next), next)));
            at = next + separator.length;
        }
        return parts;
    }

    private static Part part(String headerBlock, byte[] content) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : headerBlock.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Malformed("a part header is not 'Name: value'");
            }
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String disposition = headers.get("content-disposition");
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new Malformed("a part has no Content-Disposition: form-data header");
        }
        Map<String, String> parameters = parameters(disposition);
        if (!parameters.containsKey("name")) {
            throw new Malformed("a part has no name");
        }
        return new Part(parameters.get("name"), Optional.ofNullable(parameters.get("filename")),
                Optional.ofNullable(headers.get("content-type")), content);
    }

    /** The {@code ;}-separated parameters of a header value, names lower-cased, quoted values unquoted. */
    static Map<String, String> parameters(String headerValue) {
        Map<String, String> parameters = new LinkedHashMap<>();
        int i = headerValue.indexOf(';');
        while (i >= 0 && i < headerValue.length()) {
            int equals = headerValue.indexOf('=', i);
            if (equals < 0) {
                break;
            }
            String name = headerValue.substring(i + 1, equals).trim().toLowerCase(Locale.ROOT);
            StringBuilder value = new StringBuilder();
            int j = equals + 1;
            while (j < headerValue.length() && headerValue.charAt(j) == ' ') {
                j++;
            }
            if (j < headerValue.length() && headerValue.charAt(j) == '"') {
                for (j++; j < headerValue.length() && headerValue.charAt(j) != '"'; j++) {
                    char c = headerValue.charAt(j);
                    value.append(c == '\\' && j + 1 < headerValue.length() ? headerValue.charAt(++j) : c);
                }
                j = headerValue.indexOf(';', j);
            } else {
                int end = headerValue.indexOf(';', j);
                value.append(headerValue, j, end < 0 ? headerValue.length() : end);
                j = end;
            }
            parameters.putIfAbsent(name, value.toString().trim());
            i = j;
        }
        return parameters;
    }

    private static boolean startsWith(byte[] body, int at, byte[] prefix) {
        return at + prefix.length <= body.length && Arrays.equals(body, at, at + prefix.length, prefix, 0, prefix.length);
    }

    static int indexOf(byte[] body, byte[] needle, int from) {
        outer : for (int i = Math.max(0, from); i <= body.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (body[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
