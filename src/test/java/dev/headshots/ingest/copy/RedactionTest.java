package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.headshots.ingest.security.Redaction;

class RedactionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "https://cdn.runflow.io/h/out_001.jpg?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc|https://cdn.runflow.io/h/out_001.jpg?<redacted>",
            "https://cdn.runflow.io/h/out_001.jpg|https://cdn.runflow.io/h/out_001.jpg",
            "https://cdn.runflow.io/a.jpg#access_token=abc|https://cdn.runflow.io/a.jpg#<redacted>",
            "https://cdn.runflow.io/a.jpg?#|https://cdn.runflow.io/a.jpg?<redacted>",
            "https://user:password@cdn.runflow.io/a.jpg?sig=1|https://<redacted>@cdn.runflow.io/a.jpg?<redacted>",
            "https://a@b@cdn.runflow.io:8443/a.jpg|https://<redacted>@cdn.runflow.io:8443/a.jpg",
            "https://cdn.runflow.io/a@b.jpg|https://cdn.runflow.io/a@b.jpg",
            "not a url ?secret=1|not a url ?<redacted>",
            "//user:pw@host?x|//<redacted>@host?<redacted>"})
    void secretsAreReplaced(String url, String redacted) {
        assertThat(Redaction.url(url)).isEqualTo(redacted);
    }

    @Test
    void controlCharactersAreDroppedAndLongUrlsShortenedBeforeTheMarker() {
        assertThat(Redaction.url("https://cdn.runflow.io/a\r\nFake: log line.jpg?s=1"))
                .isEqualTo("https://cdn.runflow.io/aFake: log line.jpg?<redacted>");
        String longUrl = "https://cdn.runflow.io/" + "p".repeat(1000) + "?X-Amz-Signature=" + "s".repeat(100);
        String redacted = Redaction.url(longUrl);
        assertThat(redacted).hasSizeLessThan(300).endsWith("…?<redacted>").doesNotContain("X-Amz");
        assertThat(Redaction.url(null)).isEqualTo("null");
    }
}
