package dev.headshots.ingest.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.headshots.ingest.security.SigningSecret;
import dev.headshots.ingest.security.WebhookSignature;
import dev.headshots.ingest.webhook.RunflowSignature;

/**
 * One request of the hostile corpus ({@code src/test/resources/hostile/**.http}; the format is described in that folder's
 * README.md): directives in leading {@code #} lines, then the request line and headers, a blank line, and the raw body. The
 * request is rendered to the exact bytes to send, with its placeholders expanded, Content-Length computed, and a Standard
 * Webhooks signature made over the final body when asked for.
 */
public record HostileCase(String name, String description, List<Integer> expected, boolean problem, boolean raw,
        boolean chunked, OptionalLong clock, String signedBody, List<String> head, byte[] body) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z-]+)(?::([^}]*))?}}");
    private static final int CHUNK = 8192;

    /** Reads a case file; {@code name} is its path under the corpus folder. */
    public static HostileCase read(Path file, String name) {
        try {
            return parse(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HostileCase parse(String name, byte[] file) {
        int split = indexOf(file, "\n\n".getBytes(StandardCharsets.US_ASCII));
        if (split < 0) {
            throw new IllegalArgumentException(name + ": no blank line after the headers");
        }
        byte[] body = Arrays.copyOfRange(file, split + 2, file.length);
        if (body.length > 0 && body[body.length - 1] == '\n') {
            body = Arrays.copyOf(body, body.length - 1);
        }
        List<String> description = new ArrayList<>();
        Map<String, String> directives = new LinkedHashMap<>();
        List<String> head = new ArrayList<>();
        for (String line : new String(file, 0, split, StandardCharsets.ISO_8859_1).split("\n")) {
            if (!head.isEmpty() || !line.startsWith("#")) {
                head.add(line);
            } else if (line.matches("# [a-z-]+:.*")) {
                directives.put(line.substring(2, line.indexOf(':')), line.substring(line.indexOf(':') + 1).trim());
            } else {
                description.add(line.substring(1).trim());
            }
        }
        String expect = directives.get("expect");
        if (expect == null || head.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs a '# expect:' line and a request line");
        }
        return new HostileCase(name, String.join(" ", description),
                Arrays.stream(expect.split("[ ,]+")).map(Integer::valueOf).toList(),
                !directives.getOrDefault("problem", "yes").startsWith("no"),
                directives.containsKey("raw"), directives.containsKey("chunked"),
                directives.containsKey("clock")
                        ? OptionalLong.of(Long.parseLong(directives.get("clock")))
                        : OptionalLong.empty(),
                directives.get("signed-body"), List.copyOf(head), body);
    }

    /** The bytes to send, for a server on {@code port}; placeholders take fresh values on every call. */
    public byte[] render(int port, Map<String, String> fixed) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        fixed.forEach((key, value) -> values.put(key, value.getBytes(StandardCharsets.US_ASCII)));
        values.put("uuid", UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII));
        values.put("msgid", ("msg_" + UUID.randomUUID().toString().replace("-", "")).getBytes(StandardCharsets.US_ASCII));
        Function<String, byte[]> expand = text -> expand(text.getBytes(StandardCharsets.ISO_8859_1), values);
        byte[] payload = expand(body, values);
        List<String> lines = new ArrayList<>();
        for (String line : head) {
            lines.add(new String(expand.apply(line), StandardCharsets.ISO_8859_1));
        }
        signIfAsked(lines, signedBody == null ? payload : expand.apply(signedBody));
        if (chunked) {
            payload = chunk(payload);
            lines.add("Transfer-Encoding: chunked");
        }
        if (!raw) {
            addIfMissing(lines, "Host", "localhost:" + port);
            addIfMissing(lines, "Connection", "close");
            if (header(lines, "Content-Length") == null && header(lines, "Transfer-Encoding") == null) {
                lines.add("Content-Length: " + payload.length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((String.join("\r\n", lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The value of the first header {@code name} among the head lines, or null. */
    public static String header(List<String> lines, String name) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /**
     * Replaces {@code {{signature:whsec_...}}} with a v1 signature of id, timestamp and {@code signed}, and
     * {@code {{runflow-signature:SECRET}}} with Runflow's signature of {@code signed} (optionally {@code :upper},
     * {@code :drop-last} or {@code :add-0} after the secret, to spoil it).
     */
    private static void signIfAsked(List<String> lines, byte[] signed) {
        for (int i = 0; i < lines.size(); i++) {
            Matcher runflow = Pattern.compile("\\{\\{runflow-signature:([^}:]+)(?::([a-z0-9-]+))?}}").matcher(lines.get(i));
            if (runflow.find()) {
                String signature = RunflowSignature.sign(runflow.group(1), signed);
                signature = switch (runflow.group(2) == null ? "" : runflow.group(2)) {
                    case "upper" -> signature.toUpperCase(Locale.ROOT);
                    case "drop-last" -> signature.substring(0, signature.length() - 1);
                    case "add-0" -> signature + "0";
                    default -> signature;
                };
                lines.set(i, runflow.replaceFirst(Matcher.quoteReplacement(signature)));
            }
            Matcher matcher = Pattern.compile("\\{\\{signature:([^}]+)}}").matcher(lines.get(i));
            if (matcher.find()) {
                String signature = WebhookSignature.sign(SigningSecret.parse(matcher.group(1)).key(),
                        header(lines, "webhook-id"), Long.parseLong(header(lines, "webhook-timestamp")), signed);
                lines.set(i, matcher.replaceFirst(Matcher.quoteReplacement(signature)));
            }
        }
    }

    private static byte[] expand(byte[] text, Map<String, byte[]> values) {
        Matcher matcher = PLACEHOLDER.matcher(new String(text, StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (matcher.find()) {
            out.write(text, at, matcher.start() - at);
            byte[] value = value(matcher.group(1), matcher.group(2), values);
            out.writeBytes(value == null ? text(matcher.group()) : value);
            at = matcher.end();
        }
        out.write(text, at, text.length - at);
        return out.toByteArray();
    }

    /** The expansion of one placeholder; null leaves it as written (e.g. the signature, made once the body is final). */
    private static byte[] value(String name, String argument, Map<String, byte[]> values) {
        long now = System.currentTimeMillis() / 1000;
        return switch (name) {
            case "now" -> text(Long.toString(now + (argument == null ? 0 : Long.parseLong(argument))));
            case "repeat" -> text(argument.substring(argument.indexOf(':') + 1)
                    .repeat(Integer.parseInt(argument.substring(0, argument.indexOf(':')))));
            case "hex" -> HexFormat.of().parseHex(argument.replace(" ", "").toLowerCase(Locale.ROOT));
            case "signature", "runflow-signature" -> null;
            default -> {
                if (!values.containsKey(name)) {
                    throw new IllegalArgumentException("unknown placeholder {{" + name + "}}");
                }
                yield values.get(name);
            }
        };
    }

    private static byte[] chunk(byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < payload.length; at += CHUNK) {
            int size = Math.min(CHUNK, payload.length - at);
            out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload, at, size);
            out.writeBytes(text("\r\n"));
        }
        out.writeBytes(text("0\r\n\r\n"));
        return out.toByteArray();
    }

    private static void addIfMissing(List<String> lines, String name, String value) {
        if (header(lines, name) == null) {
            lines.add(name + ": " + value);
        }
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return name;
    }
}
