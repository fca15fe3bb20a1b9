package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    private static final UUID ID = UUID.fromString("a1b2c3d4-e5f6-7890-abcd-ef1234567890");

    @Test
    void keysAreTheJobAndTheZeroPaddedPosition() {
        assertThat(ObjectKeys.of(ID, 1, "jpg")).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890/001.jpg");
        assertThat(ObjectKeys.of(ID, 60, "png")).isEqualTo("a1b2c3d4-e5f6-7890-abcd-ef1234567890/060.png");
        assertThat(ObjectKeys.of(ID, 999, "webp")).endsWith("/999.webp");
    }

    @Test
    void positionsOutsideThreeDigitsAreRefused() {
        assertThatThrownBy(() -> ObjectKeys.of(ID, 0, "jpg")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectKeys.of(ID, 1000, "jpg")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void extensionsComeFromTheMediaType() {
        assertThat(ObjectKeys.extension("image/jpeg")).contains("jpg");
        assertThat(ObjectKeys.extension("IMAGE/JPEG; charset=binary")).contains("jpg");
        assertThat(ObjectKeys.extension("image/png")).contains("png");
        assertThat(ObjectKeys.extension("image/webp")).contains("webp");
        assertThat(ObjectKeys.extension("image/gif")).isEmpty();
        assertThat(ObjectKeys.extension("text/html")).isEmpty();
        assertThat(ObjectKeys.extension(null)).isEmpty();
        assertThat(ObjectKeys.mediaType("jpg")).isEqualTo("image/jpeg");
    }
}
