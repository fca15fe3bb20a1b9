package dev.headshots.ingest.support;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Small real photos for submissions, made with ImageIO. */
public final class Photos {

    private Photos() {
    }

    public static byte[] jpeg(int seed) {
        return encode("jpg", seed);
    }

    public static byte[] png(int seed) {
        return encode("png", seed);
    }

    private static byte[] encode(String format, int seed) {
        BufferedImage image = new BufferedImage(96, 128, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(seed * 40 % 256, 120, 200));
        g.fillRect(0, 0, 96, 128);
        g.setColor(new Color(230, 190, 160));
        g.fillOval(24, 24, 48, 64);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
