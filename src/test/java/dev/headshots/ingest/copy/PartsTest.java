package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;

class PartsTest {

    @Test
    void chunksAreRegroupedIntoFullPartsAndAShorterLastOne() {
        List<byte[]> parts = split(4, chunk(0, 3), chunk(3, 6), chunk(9, 1));

        assertThat(parts).extracting(part -> part.length).containsExactly(4, 4, 2);
        assertThat(concat(parts)).isEqualTo(sequence(0, 10));
    }

    @Test
    void anExactMultipleEndsWithAFullPart() {
        assertThat(split(5, chunk(0, 10))).extracting(part -> part.length).containsExactly(5, 5);
    }

    @Test
    void anEmptyStreamIsOneEmptyPart() {
        assertThat(split(5)).extracting(part -> part.length).containsExactly(0);
    }

    @Test
    void aChunkLargerThanAPartIsSplit() {
        List<byte[]> parts = split(3, chunk(0, 8));

        assertThat(parts).extracting(part -> part.length).containsExactly(3, 3, 2);
        assertThat(concat(parts)).isEqualTo(sequence(0, 8));
    }

    private static List<byte[]> split(int partSize, ByteBuffer... chunks) {
        return Parts.of(Multi.createFrom().items(chunks), partSize).collect().asList().await().indefinitely();
    }

    private static ByteBuffer chunk(int from, int length) {
        return ByteBuffer.wrap(sequence(from, length));
    }

    private static byte[] sequence(int from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (from + i);
        }
        return bytes;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteBuffer all = ByteBuffer.allocate(parts.stream().mapToInt(part -> part.length).sum());
        parts.forEach(all::put);
        return all.array();
    }
}
