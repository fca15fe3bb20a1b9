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
 * in JSON. A body of Runflow's shape (see {@link CallbackBody#source()}) is forwarded as received with
 * {@code ,"received_at":"…"} inserted before its closing brace, one copy of its bytes; it is already the record, since a
 * validated body is a well-formed object whose fields are exactly the record's other three. Any other body, one with fields of
 * its own, is encoded again from its parsed fields, which drops them, as every record was encoded before. Either way the
 * consumer reads the same {@link HeadshotsCompleted}, and so does an instance of an earlier version.
 */
@ApplicationScoped
public class CallbackRecordEncoder {

    private final ObjectMapper mapper;

    public CallbackRecordEncoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The record's value for a completed callback received at {@code receivedAt}. */
    public byte[] encode(CallbackBody callback, Instant receivedAt) {
        byte[] appended = callback.source() == null ? null : withReceivedAt(callback.source(), receivedAt);
        if (appended != null) {
            return appended;
        }
        try {
            return mapper.writeValueAsBytes(
                    new HeadshotsCompleted(callback.event(), callback.headshotsId(), callback.imageUrls(), receivedAt));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code object} with {@code received_at} added as its last field, or {@code null} if it does not end in a closing brace
     * (after JSON whitespace) that follows at least one field.
     */
    static byte[] withReceivedAt(byte[] object, Instant receivedAt) {
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
        byte[] field = (",\"received_at\":\"" + receivedAt + "\"}").getBytes(StandardCharsets.US_ASCII);
        byte[] value = Arrays.copyOf(object, close + field.length);
        System.arraycopy(field, 0, value, close, field.length);
        return value;
    }

    private static boolean isJsonWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
