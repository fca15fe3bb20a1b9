package dev.headshots.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** {@link CallbackValidator#isPlainAscii}, eight bytes at a time, against the byte-by-byte rule it replaces. */
class PlainAsciiTest {

    private static final byte[] EDGES = {0x00, 0x01, 0x20, 0x7e, 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xff};

    @Test
    void agreesWithTheByteByByteRuleForEveryEdgeByteAtEveryPlace() {
        for (int length = 0; length <= 24; length++) {
            for (int place = 0; place < length; place++) {
                for (byte edge : EDGES) {
                    byte[] body = new byte[length];
                    Arrays.fill(body, (byte) 'a');
                    body[place] = edge;
                    assertThat(CallbackValidator.isPlainAscii(body)).as("length %d, 0x%02x at %d", length, edge, place)
                            .isEqualTo(byteByByte(body));
                }
            }
            assertThat(CallbackValidator.isPlainAscii(new byte[length])).isEqualTo(length == 0);
        }
    }

    @Test
    void aNulNextToAByteThatWouldBorrowIsStillFound() {
        byte[] body = "abcdefgh".getBytes(StandardCharsets.US_ASCII);
        body[3] = 0x00;
        body[4] = 0x01;
        assertThat(CallbackValidator.isPlainAscii(body)).isFalse();
        body[3] = 0x01;
        assertThat(CallbackValidator.isPlainAscii(body)).isTrue();
    }

    private static boolean byteByByte(byte[] body) {
        for (byte b : body) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }
}
