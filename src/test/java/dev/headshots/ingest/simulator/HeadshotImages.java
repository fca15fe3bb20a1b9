package dev.headshots.ingest.simulator;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.stream.IntStream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The headshot JPEGs the simulator serves: one distinct 768×1024 portrait per 1-based index, painted from smooth gradients, a
 * drawn face and film-grain noise so that it compresses like a photo (about 100–400 KB). The pool is shared by every simulator
 * in the JVM and each index is rendered once, on first use or by {@link #warmUp}, on a small pool of threads. A job's bytes are
 * the pool image with a COM segment (marker {@code 0xFFFE}) carrying {@code <headshots_id>/<index>} inserted at the start
 * (after SOI and the JFIF APP0 segment), so two jobs never serve identical bytes and the bytes of one (job, index) never
 * change. {@link #small()} is a second pool of the same portraits scaled down to a quarter (192×256, about 10–30 KB), for runs
 * that copy many thousands of images.
 */
final class HeadshotImages {

    static final int WIDTH = 768;
    static final int HEIGHT = 1024;

    private static final HeadshotImages SHARED = new HeadshotImages(1);
    private static final HeadshotImages SMALL = new HeadshotImages(4);

    private final ExecutorService renderers = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), daemon());
    private final Map<Integer, CompletableFuture<byte[]>> pool = new ConcurrentHashMap<>();
    private final int divisor;

    private HeadshotImages(int divisor) {
        this.divisor = divisor;
    }

    static HeadshotImages shared() {
        return SHARED;
    }

    static HeadshotImages small() {
        return SMALL;
    }

    /** Renders images 1..count in parallel and returns once all are ready. */
    void warmUp(int count) {
        CompletableFuture.allOf(IntStream.rangeClosed(1, count).mapToObj(this::pooled).toArray(CompletableFuture[]::new))
                .join();
    }

    /** The bytes served for image {@code index} (1-based) of job {@code tag}: the pool image tagged with a COM segment. */
    byte[] tagged(String tag, int index) {
        return withComment(pooled(index).join(), tag + "/" + index);
    }

    /**
     * Inserts a COM segment after SOI, or after the JFIF APP0 segment when one follows SOI: JFIF requires APP0 to be the first
     * marker, and ImageIO's metadata reader rejects a file where it is not.
     */
    static byte[] withComment(byte[] jpeg, String comment) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        }
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        int segmentLength = 2 + text.length;
        byte[] out = new byte[jpeg.length + 2 + segmentLength];
        System.arraycopy(jpeg, 0, out, 0, at);
        out[at] = (byte) 0xFF;
        out[at + 1] = (byte) 0xFE;
        out[at + 2] = (byte) (segmentLength >> 8);
        out[at + 3] = (byte) segmentLength;
        System.arraycopy(text, 0, out, at + 4, text.length);
        System.arraycopy(jpeg, at, out, at + 4 + text.length, jpeg.length - at);
        return out;
    }

    private CompletableFuture<byte[]> pooled(int index) {
        if (index < 1) {
            throw new IllegalArgumentException("image indices start at 1, got " + index);
        }
        return pool.computeIfAbsent(index, i -> CompletableFuture.supplyAsync(() -> encode(scaled(paint(i))),
                renderers));
    }

    static BufferedImage paint(int index) {
        SplittableRandom random = new SplittableRandom(0x5EED_0000L + index);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, hue(random, 0.25f), WIDTH, HEIGHT, hue(random, 0.6f)));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setPaint(new RadialGradientPaint(WIDTH * 0.3f, HEIGHT * 0.25f, WIDTH * 0.8f, new float[]{0f, 1f},
                new Color[]{new Color(255, 255, 255, 110), new Color(0, 0, 0, 0)}));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Color skin = new Color(150 + random.nextInt(90), 110 + random.nextInt(70), 80 + random.nextInt(60));
        g.setColor(skin.darker());
        g.fillRect(WIDTH / 2 - 70, 600, 140, 200);
        g.setPaint(new GradientPaint(0, 720, hue(random, 0.3f), 0, HEIGHT, hue(random, 0.1f)));
        g.fill(new Ellipse2D.Double(60, 740, WIDTH - 120, 600));
        g.setPaint(new RadialGradientPaint(WIDTH * 0.45f, 380, 260, new float[]{0f, 1f},
                new Color[]{skin.brighter(), skin.darker()}));
        g.fill(new Ellipse2D.Double(WIDTH / 2.0 - 170, 230, 340, 450));
        g.setColor(hue(random, 0.1f));
        g.fill(new Arc2D.Double(WIDTH / 2.0 - 185, 190, 370, 300, 0, 180, Arc2D.CHORD));
        g.setColor(new Color(40, 30, 30));
        g.fill(new Ellipse2D.Double(WIDTH / 2.0 - 90, 420, 40, 24));
        g.fill(new Ellipse2D.Double(WIDTH / 2.0 + 50, 420, 40, 24));
        g.dispose();
        addGrain(image, random);
        return image;
    }

    private BufferedImage scaled(BufferedImage image) {
        if (divisor == 1) {
            return image;
        }
        BufferedImage small = new BufferedImage(WIDTH / divisor, HEIGHT / divisor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, small.getWidth(), small.getHeight(), null);
        g.dispose();
        return small;
    }

    private static Color hue(SplittableRandom random, float brightness) {
        return Color.getHSBColor(random.nextFloat(), 0.2f + random.nextFloat() * 0.5f, brightness + random.nextFloat() * 0.35f);
    }

    private static void addGrain(BufferedImage image, SplittableRandom random) {
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            int grain = random.nextInt(21) - 10;
            int p = pixels[i];
            pixels[i] = clamp((p >> 16 & 0xFF) + grain) << 16 | clamp((p >> 8 & 0xFF) + grain) << 8 | clamp((p & 0xFF) + grain);
        }
    }

    private static int clamp(int channel) {
        return Math.min(255, Math.max(0, channel));
    }

    private static byte[] encode(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * 1024);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(0.85f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static ThreadFactory daemon() {
        return task -> {
            Thread thread = new Thread(task, "headshot-images");
            thread.setDaemon(true);
            return thread;
        };
    }
}
