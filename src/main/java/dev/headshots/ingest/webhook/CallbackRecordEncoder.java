package dev.headshots.ingest.webhook;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.callback.HeadshotsCompleted;

/**
 * Encodes an accepted callback as the value of its record on {@code runflow.headshots.callbacks}: a {@link HeadshotsCompleted}
 * in JSON. A legacy body of Runflow's shape (see {@link CallbackBody#source()}) is forwarded as received with
 * {@code ,"received_at":"…"} (and its {@code Runflow-Request-Id}, if it came with one) inserted before its closing brace, one
 * copy of its bytes; it is already the record, since a validated body is a well-formed object whose fields are exactly the
 * record's other three. Any other body, one with fields of its own, is encoded again from its parsed fields, which drops them,
 * as every record was encoded before. Either way the consumer reads the same {@link HeadshotsCompleted}, and so does an
 * instance of an earlier version. A run envelope is always encoded again: its record holds the run's id as
 * {@code headshots_id}, the URLs of its output, and Runflow's error, not the envelope.
 */
@ApplicationScoped
public class CallbackRecordEncoder {

    private final ObjectMapper mapper;

    public CallbackRecordEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The record's value for a completed callback received at {@code receivedAt}. */
    public byte[] encode(CallbackBody callback, Instant receivedAt) {
        return encode(callback, receivedAt, null);
    }

    /**
     * The record's value for a callback received at {@code receivedAt}, with the {@code Runflow-Request-Id} it came with (null:
     * none). A request id is JSON-safe as it stands (checked by {@link CallbackIntake#requestId}), so the fast path keeps it.
     */
    public byte[] encode(CallbackBody callback, Instant receivedAt, String requestId) {
        byte[] appended = callback.source() == null ? null : withFields(callback.source(), fields(receivedAt, requestId));
        if (appended != null) {
            return appended;
        }
        CallbackBody.Run run = callback.run();
        return bytes(new HeadshotsCompleted(callback.event(), callback.headshotsId(), callback.imageUrls(), receivedAt,
                run == null ? null : run.failureCode(), run == null ? null : run.failureMessage(), requestId, null));
    }

    /** The record of an outcome that reconciliation took from a poll of the run rather than from a callback. */
    public byte[] encode(HeadshotsCompleted polled) {
        return bytes(polled);
    }

    private byte[] bytes(HeadshotsCompleted record) {
        try {
            return mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fields(Instant receivedAt, String requestId) {
        return ",\"received_at\":\"" + receivedAt + "\""
                + (requestId == null ? "" : ",\"runflow_request_id\":\"" + requestId + "\"");
    }

    /**
     * {@code object} with {@code received_at} added as its last field, or {@code null} if it does not end in a closing brace
     * (after JSON whitespace) that follows at least one field.
     */
    static byte[] withReceivedAt(byte[] object, Instant receivedAt) {
        return withFields(object, fields(receivedAt, null));
    }

    /** {@code object} with {@code fields} (JSON members, each after a comma) added last, or null as for received_at. */
    private static byte[] withFields(byte[] object, String fields) {
        int close = object.length - 1;
        while (close >= 0 && isJsonWhitespace(object[close])) {
            close--;
        }
        int last = close - 1;
        while (last >= 0 && isJsonWhitespace(object[last])) {
            last--;
        }
        if (last < 1 || object[close] != '}' || object[last] == '{') {
            return null;
        }
        byte[] field = (fields + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] value = Arrays.copyOf(object, close + field.length);
        System.arraycopy(field, 0, value, close, field.length);
        return value;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
