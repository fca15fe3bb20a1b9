package dev.headshots.ingest.copy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.Multi;

/**
 * Regroups a stream of chunks of any size into upload parts of exactly {@code partSize} bytes, the last one shorter (and a
 * single empty part for an empty stream). Only the part being filled is held; the next chunk is not requested until downstream
 * has taken the finished part, so memory stays bounded by one part per stream.
 */
public final class Parts {

    private byte[] current;
    private final int partSize;
    private int filled;
    private boolean emitted;

    private Parts(int partSize) {
        this.partSize = partSize;
        this.current = new byte[partSize];
    }

    public static Multi<byte[]> of(Multi<ByteBuffer> chunks, int partSize) {
        if (partSize < 1) {
            throw new IllegalArgumentException("partSize must be positive");
        }
        return Multi.createFrom().deferred(() -> {
            Parts parts = new Parts(partSize);
            return chunks.onItem().transformToIterable(parts::add)
                    .onCompletion().continueWith(parts::rest);
        });
    }

    private List<byte[]> add(ByteBuffer chunk) {
        List<byte[]> full = new ArrayList<>(1);
        while (chunk.hasRemaining()) {
            int take = Math.min(chunk.remaining(), partSize - filled);
            chunk.get(current, filled, take);
            filled += take;
            if (filled == partSize) {
                full.add(current);
                current = new byte[partSize];
                filled = 0;
                emitted = true;
            }
        }
        return full;
    }

    private List<byte[]> rest() {
        if (filled > 0 || !emitted) {
            byte[] last = new byte[filled];
            System.arraycopy(current, 0, last, 0, filled);
            return List.of(last);
        }
        return List.of();
    }
}
