package dev.headshots.ingest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends raw bytes over a plain socket and reads one HTTP/1.1 answer: what no well-behaved HTTP client would send (invalid
 * bytes, conflicting or malformed framing, lying lengths) goes out exactly as given. The answer is read until the server closes
 * the connection or the declared length is in; a server that neither answers nor closes within {@code timeout} is reported as a
 * hang ({@link HostileResponse#HUNG}).
 */
public final class HostileClient {

    private HostileClient() {
    }

    /** One answer: its status (0 when the server closed without answering, -1 when it hung), headers and body. */
    public record HostileResponse(int status, Map<String, String> headers, byte[] body) {

        public static final int CLOSED = 0;
        public static final int HUNG = -1;

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static HostileResponse exchange(int port, byte[] request, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException closedEarly) {
                // the server may answer and close before the whole request is written (413 on Content-Length)
            }
            return read(socket.getInputStream());
        }
    }

    private static HostileResponse read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                received.write(buffer, 0, n);
                HostileResponse complete = parse(received.toByteArray(), false);
                if (complete != null) {
                    return complete;
                }
            }
        } catch (SocketTimeoutException hang) {
            HostileResponse partial = parse(received.toByteArray(), true);
            return partial == null ? new HostileResponse(HostileResponse.HUNG, Map.of(), received.toByteArray()) : partial;
        } catch (SocketException reset) {
            // a reset after (or instead of) the answer: take what arrived
        }
        HostileResponse answer = parse(received.toByteArray(), true);
        return answer == null ? new HostileResponse(HostileResponse.CLOSED, Map.of(), received.toByteArray()) : answer;
    }

    /** The final answer in {@code bytes} once complete (or, at the end of the stream, as far as it goes); else null. */
    private static HostileResponse parse(byte[] bytes, boolean ended) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return null;
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        byte[] rest = Arrays.copyOfRange(bytes, headEnd + 4, bytes.length);
        if (status >= 100 && status < 200) {
            return parse(rest, ended); // an interim answer such as 100 Continue
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        String length = headers.get("content-length");
        byte[] body = rest;
        if (length != null) {
            int declared = Integer.parseInt(length);
            if (rest.length < declared && !ended) {
                return null;
            }
            body = Arrays.copyOf(rest, Math.min(declared, rest.length));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            if (!ended && !new String(rest, StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
                return null;
            }
            body = dechunk(rest);
        } else if (!ended) {
            return null;
        }
        return new HostileResponse(status, headers, body);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0 || lineEnd + 2 + size > chunked.length) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
