package dev.headshots.ingest.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

/**
 * A real JPEG of any size, made cheaply: a small generated picture whose header is followed by as many comment (COM) segments
 * of random bytes as it takes. Decoders show the picture; the bytes do not compress; and it can be streamed without being held
 * in memory, which the 200 MB image needs.
 */
final class PaddedJpeg {

    private static final int MAX_COMMENT = 65_000;

    private final byte[] picture;
    private final List<Integer> comments = new ArrayList<>();
    private final byte[] filler;
    private final long length;

    /** A JPEG of about {@code size} bytes (within 4), its picture and padding drawn from {@code seed}. */
    PaddedJpeg(long size, long seed) {
        this.picture = picture(seed);
        SplittableRandom random = new SplittableRandom(seed);
        this.filler = new byte[MAX_COMMENT + 4096];
        random.nextBytes(filler);
        long remaining = size - picture.length;
        long total = picture.length;
        while (remaining > 4) {
            int data = (int) Math.min(MAX_COMMENT, remaining - 4);
            comments.add(data);
            remaining -= data + 4;
            total += data + 4;
        }
        this.length = total;
    }

    long length() {
        return length;
    }

    /** The whole image, for sizes that fit in memory. */
    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        writeTo(out);
        return out.toByteArray();
    }

    /** Streams the image: SOI, the comment segments, then the rest of the picture. */
    void writeTo(OutputStream out) {
        try {
            out.write(picture, 0, 2);
            for (int i = 0; i < comments.size(); i++) {
                int data = comments.get(i);
                int segment = data + 2;
                out.write(new byte[]{(byte) 0xFF, (byte) 0xFE, (byte) (segment >> 8), (byte) segment});
                out.write(filler, i % 4096, data);
            }
            out.write(picture, 2, picture.length - 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] picture(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 48; x++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpeg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
