package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.headshots.ingest.callback.HeadshotsCompleted;
import dev.headshots.ingest.support.TestConfig;

/**
 * The record value of an accepted callback: a body of Runflow's shape is forwarded as received with {@code received_at}
 * appended, and reads back as the same {@link HeadshotsCompleted} as the same callback encoded from its parsed fields.
 */
class CallbackRecordEncoderTest {

    /** Quarkus's default mapper in the respects that matter here: java.time as ISO text, unknown fields ignored. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final Instant RECEIVED = Instant.parse("2026-11-27T21:15:30.123456789Z");

    private final CallbackValidator validator = new CallbackValidator(TestConfig.defaults().webhook(),
            java.time.Clock.systemUTC());
    private final CallbackRecordEncoder encoder = new CallbackRecordEncoder(MAPPER);

    @Test
    void theRecordedRunflowPayloadIsForwardedAsReceivedAndReadsLikeItsReEncoding() throws IOException {
        byte[] body = recorded("runflow-completed.json");
        CallbackBody callback = validator.validate(body);

        byte[] value = encoder.encode(callback, RECEIVED);

        String text = new String(value, StandardCharsets.UTF_8);
        String original = new String(body, StandardCharsets.UTF_8);
        assertThat(callback.source()).isSameAs(body);
        assertThat(text).isEqualTo(original.substring(0, original.lastIndexOf('}'))
                + ",\"received_at\":\"2026-11-27T21:15:30.123456789Z\"}");
        assertThat(read(value)).isEqualTo(reEncoded(callback)).satisfies(record -> {
            assertThat(record.headshotsId()).isEqualTo(callback.headshotsId());
            assertThat(record.imageUrls()).hasSize(60).isEqualTo(callback.imageUrls());
            assertThat(record.receivedAt()).isEqualTo(RECEIVED);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // pretty-printed, with whitespace of every kind after the closing brace
            "{\n  \"event\" : \"headshots.completed\",\n  \"headshots_id\" : \"a1b2c3d4-e5f6-7890-abcd-ef1234567890\",\n"
                    + "  \"image_urls\" : [ \"https://cdn.runflow.io/a.jpg?X-Amz-Signature=ab%2Fcd\" ]\n} \t\r\n",
            // an uppercase id and escaped characters, which the consumer must read exactly as the validator did
            "{\"image_urls\":[\"https:\\/\\/cdn.runflow.io\\/a.jpg\",\"https://cdn.runflow.io/b\\u002ejpg\"],"
                    + "\"headshots_id\":\"A1B2C3D4-E5F6-7890-ABCD-EF1234567890\",\"event\":\"headshots.completed\"}"})
    void bodiesOfRunflowsShapeAreForwardedAsReceived(String text) {
        CallbackBody callback = validator.validate(text.getBytes(StandardCharsets.UTF_8));

        byte[] value = encoder.encode(callback, RECEIVED);

        assertThat(callback.source()).isNotNull();
        assertThat(new String(value, StandardCharsets.UTF_8)).startsWith(text.substring(0, text.lastIndexOf('}')));
        assertThat(read(value)).isEqualTo(reEncoded(callback));
        assertThat(read(value).imageUrls()).allMatch(url -> url.startsWith("https://cdn.runflow.io/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":\"headshots.completed\",\"headshots_id\":\"a1b2c3d4-e5f6-7890-abcd-ef1234567890\","
                    + "\"image_urls\":[\"https://cdn.runflow.io/a.jpg\"],\"extra\":{\"nested\":\"é\"}}",
            // a received_at of the sender's must not pass for ours
            "{\"received_at\":\"1999-01-01T00:00:00Z\",\"event\":\"headshots.completed\","
                    + "\"headshots_id\":\"a1b2c3d4-e5f6-7890-abcd-ef1234567890\",\"image_urls\":[\"https://cdn.runflow.io/a.jpg\"]}"})
    void bodiesWithFieldsOfTheirOwnAreEncodedFromTheirParsedFields(String text) {
        CallbackBody callback = validator.validate(text.getBytes(StandardCharsets.UTF_8));

        byte[] value = encoder.encode(callback, RECEIVED);

        assertThat(callback.source()).isNull();
        assertThat(new String(value, StandardCharsets.UTF_8)).doesNotContain("extra", "1999");
        assertThat(read(value)).isEqualTo(reEncoded(callback));
        assertThat(read(value).receivedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void onlyAnObjectWithAFieldGetsOneAppended() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        assertThat(appended("{\"a\":1} \n", at)).isEqualTo("{\"a\":1,\"received_at\":\"2026-01-02T03:04:05Z\"}");
        assertThat(appended("{\"a\":{}}", at)).isEqualTo("{\"a\":{},\"received_at\":\"2026-01-02T03:04:05Z\"}");
        for (String notOne : new String[]{"{}", "{ \n}", "[1]", "", "  ", "}", "{\"a\":1} x"}) {
            assertThat(CallbackRecordEncoder.withReceivedAt(notOne.getBytes(StandardCharsets.UTF_8), at)).as(notOne).isNull();
        }
    }

    private static String appended(String object, Instant at) {
        return new String(CallbackRecordEncoder.withReceivedAt(object.getBytes(StandardCharsets.UTF_8), at),
                StandardCharsets.UTF_8);
    }

    private HeadshotsCompleted reEncoded(CallbackBody callback) {
        CallbackBody parsedOnly = new CallbackBody(callback.event(), callback.headshotsId(), callback.imageUrls(), null);
        return read(encoder.encode(parsedOnly, RECEIVED));
    }

    private static HeadshotsCompleted read(byte[] value) {
        try {
            return MAPPER.readValue(value, HeadshotsCompleted.class);
        } catch (IOException e) {
            throw new AssertionError(new String(value, StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] recorded(String name) throws IOException {
        try (InputStream in = CallbackRecordEncoderTest.class.getResourceAsStream("/callbacks/" + name)) {
            return in.readAllBytes();
        }
    }
}
