package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Content-Type values a callback may carry: JSON, in UTF-8 or with no charset at all. */
class CallbackMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
            "application/json;charset=\"UTF-8\"", "application/vnd.runflow+json", "application/json; version=1"})
    void accepted(String contentType) {
        assertThat(CallbackIntake.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text/plain", "application/jsonp", "application/json; charset=utf-16",
            "application/json; charset=iso-8859-1", "application/json; charset", "text/json", "multipart/form-data",
            "application/x-www-form-urlencoded", "+json", "application/json+xml"})
    void refused(String contentType) {
        assertThat(CallbackIntake.isJson(contentType)).isFalse();
    }
}
