package dev.headshots.ingest.webhook;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.headshots.ingest.callback.RunflowEvent;
import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.Problem.Violation;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;

/**
 * Parses a callback body strictly and checks it field by field. A body that is not strict UTF-8, or not well-formed JSON
 * (including duplicate keys, nesting deeper than {@value #MAX_NESTING}, more than {@value #MAX_TOKENS} tokens, raw control
 * characters and trailing content) is a 400; a well-formed body that breaks a rule is a 422 listing every violation. Values are
 * never echoed back, since a URL may carry a presigned query string. Nothing but a {@link ProblemException} leaves it. The
 * legacy {@code headshots.completed} callback is checked here; a run envelope ({@code run.*}) by {@link RunEnvelopes}; any
 * other event only needs to be a non-empty string, and is ignored.
 */
@ApplicationScoped
public class CallbackValidator {

    @Inject
    CallbackValidator(WebhookConfig config, SignatureClock clock) {
        this(config, (Clock) clock);
    }

    static final int MAX_NESTING = 16;
    static final long MAX_TOKENS = 20_000;

    private static final Pattern UUID_TEXT = Pattern
            .compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final ObjectMapper mapper;
    private final RunEnvelopes envelopes;
    private final int maxImages;
    private final int maxUrlLength;

    /** {@code clock} is what a run envelope's {@code completed_at} is held to: the {@link SignatureClock} in the service. */
    public CallbackValidator(WebhookConfig config, Clock clock) {
        this.maxImages = config.maxImages();
        this.maxUrlLength = config.maxUrlLength();
        this.envelopes = new RunEnvelopes(maxImages, maxUrlLength, clock, config.runMaxAge());
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxTokenCount(MAX_TOKENS)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** Parses and validates {@code body}; throws a {@link ProblemException} describing the first kind of fault found. */
    public CallbackBody validate(byte[] body) {
        JsonNode root = parse(body);
        List<Violation> violations = new ArrayList<>();
        JsonNode event = root.get("event");
        if (event == null || !event.isTextual() || event.asText().isBlank()) {
            violations.add(new Violation("/event", "must be a non-empty string"));
            throw invalid(violations);
        }
        Optional<RunflowEvent> known = RunflowEvent.of(event.asText());
        if (known.isEmpty()) {
            return new CallbackBody(event.asText(), null, List.of(), null);
        }
        if (known.get().isRun()) {
            return envelopes.validate(root, known.get());
        }
        UUID id = headshotsId(root.get("headshots_id"), violations);
        List<String> urls = imageUrls(root.get("image_urls"), violations);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        // With its three fields checked present, a root of three fields has no other: the body is forwarded as received.
        return new CallbackBody(event.asText(), id, urls, root.size() == 3 ? body : null);
    }

    private JsonNode parse(byte[] body) {
        JsonNode root;
        try (JsonParser parser = isPlainAscii(body) ? mapper.createParser(body) : mapper.createParser(utf8(body))) {
            root = mapper.readTree(parser);
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The body is not well-formed JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The body must be a JSON object.");
        }
        return root;
    }

    /**
     * Whether every byte is ASCII other than NUL, as callbacks almost always are: such bytes are valid UTF-8 as they stand, and
     * without NUL or a byte order mark the parser cannot take them for UTF-16 or UTF-32, so it reads them without decoding them
     * to text first. Eight bytes at a time: in a word of bytes from 0x01 to 0x7F neither the word nor the word minus 0x01 in
     * every byte has a byte's high bit set; a byte of 0x80 or more sets it in the first, a NUL in the second.
     */
    static boolean isPlainAscii(byte[] body) {
        int i = 0;
        for (; i + Long.BYTES <= body.length; i += Long.BYTES) {
            long word = (long) WORDS.get(body, i);
            if (((word | (word - ONES)) & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < body.length; i++) {
            if (body[i] <= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The body as text, refusing anything that is not strict UTF-8 (overlong forms, encoded surrogates, truncated sequences).
     * Parsing the text rather than the bytes also keeps the parser from guessing UTF-16 or UTF-32 from the first bytes.
     */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(ProblemKind.MALFORMED_JSON, "The body is not valid UTF-8.");
        }
    }

    private static UUID headshotsId(JsonNode node, List<Violation> violations) {
        return uuid(node, "/headshots_id", violations);
    }

    /** The UUID in {@code node}, in canonical lower case; a violation at {@code pointer} when it is not one. */
    static UUID uuid(JsonNode node, String pointer, List<Violation> violations) {
        if (node == null || !node.isTextual() || !UUID_TEXT.matcher(node.asText()).matches()) {
            violations.add(new Violation(pointer, "must be a UUID"));
            return null;
        }
        return UUID.fromString(node.asText().toLowerCase(Locale.ROOT));
    }

    private List<String> imageUrls(JsonNode node, List<Violation> violations) {
        if (node == null || !node.isArray() || node.isEmpty() || node.size() > maxImages) {
            violations.add(new Violation("/image_urls", "must be an array of 1 to " + maxImages + " URLs"));
            return List.of();
        }
        List<String> urls = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (item.isTextual() && isHttpUrl(item.asText())) {
                urls.add(item.asText());
            } else {
                violations.add(new Violation("/image_urls/" + i,
                        "must be an absolute http(s) URL of at most " + maxUrlLength + " characters"));
            }
        }
        return urls;
    }

    /** Absolute http(s) with a host, at most {@code max-url-length} characters, all printable ASCII (no controls or spaces). */
    private boolean isHttpUrl(String text) {
        return HttpUrlCheck.isHttpUrl(text, maxUrlLength);
    }

    static ProblemException invalid(List<Violation> violations) {
        return new ProblemException(ProblemKind.VALIDATION_FAILED, "The callback does not match the expected schema.",
                violations, null);
    }
}
