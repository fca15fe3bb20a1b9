package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The head is read before anything is uploaded, from the one subscription to the download, and the body handed on afterwards is
 * the whole download: head included, nothing read ahead beyond the head, every end or failure passed on.
 */
class BodySnifferTest {

    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1,
            1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final byte[] WEBP = {'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
    private static final byte[] HTML = "<!doctype html><html><body>Access Denied</body></html>".getBytes();

    @Test
    void theFormatIsRecognisedFromOneChunkAndTheBodyIsUnchanged() {
        for (byte[] image : List.of(JPEG, PNG, WEBP)) {
            BodySniffer.Sniffed sniffed = sniff(Multi.createFrom().item(Buffer.buffer(image)));
            assertThat(sniffed.format()).isPresent();
            assertThat(read(sniffed)).isEqualTo(image);
        }
        assertThat(sniff(Multi.createFrom().item(Buffer.buffer(PNG))).format()).contains(ImageFormat.PNG);
        assertThat(sniff(Multi.createFrom().item(Buffer.buffer(WEBP))).format()).contains(ImageFormat.WEBP);
    }

    @Test
    void aHeadSpreadOverTinyChunksIsGatheredAndNothingMoreIsReadAhead() {
        AtomicLong requested = new AtomicLong();
        Multi<Buffer> source = chunks(JPEG, 1).onRequest().invoke(requested::addAndGet);

        BodySniffer.Sniffed sniffed = sniff(source);

        assertThat(sniffed.format()).contains(ImageFormat.JPEG);
        assertThat(requested.get()).isEqualTo(ImageFormat.HEAD_BYTES);
        AssertSubscriber<Buffer> reader = sniffed.body().subscribe().withSubscriber(AssertSubscriber.create(2));
        assertThat(reader.getItems()).hasSize(2);
        assertThat(requested.get()).isEqualTo(ImageFormat.HEAD_BYTES + 1);
        reader.request(Long.MAX_VALUE).assertCompleted();
        assertThat(concat(reader.getItems())).isEqualTo(JPEG);
    }

    @Test
    void somethingElseHasNoFormatButIsStillReadable() {
        BodySniffer.Sniffed html = sniff(chunks(HTML, 7));
        assertThat(html.format()).isEmpty();
        assertThat(read(html)).isEqualTo(HTML);

        BodySniffer.Sniffed shortBody = sniff(Multi.createFrom().item(Buffer.buffer(new byte[]{(byte) 0xff, (byte) 0xd8})));
        assertThat(shortBody.format()).isEmpty();
        assertThat(read(shortBody)).hasSize(2);

        BodySniffer.Sniffed empty = sniff(Multi.createFrom().empty());
        assertThat(empty.format()).isEmpty();
        assertThat(read(empty)).isEmpty();
    }

    @Test
    void aFailureWhileReadingTheHeadFailsTheSniff() {
        IOException reset = new IOException("connection reset");
        BodySniffer.sniff(Multi.createBy().concatenating()
                .streams(chunks(new byte[]{(byte) 0xff, (byte) 0xd8}, 1), Multi.createFrom().failure(reset)))
                .subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IOException.class, "connection reset");
    }

    @Test
    void anEndOrFailureBeforeTheBodyIsReadIsPassedOnWhenItIs() {
        BodySniffer.Sniffed failed = sniff(Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(Buffer.buffer(JPEG)), Multi.createFrom().failure(new IOException("reset"))));
        AssertSubscriber<Buffer> reader = failed.body().subscribe().withSubscriber(AssertSubscriber.create(0));
        reader.assertNotTerminated().request(5).assertFailedWith(IOException.class, "reset");
        assertThat(reader.getItems()).hasSize(1);

        BodySniffer.Sniffed ended = sniff(Multi.createFrom().item(Buffer.buffer(JPEG)));
        AssertSubscriber<Buffer> whole = ended.body().subscribe().withSubscriber(AssertSubscriber.create(5));
        whole.assertCompleted();
        assertThat(concat(whole.getItems())).isEqualTo(JPEG);
    }

    @Test
    void theBodyCanBeReadOnce() {
        BodySniffer.Sniffed sniffed = sniff(chunks(JPEG, 4));
        assertThat(read(sniffed)).isEqualTo(JPEG);
        sniffed.body().subscribe().withSubscriber(AssertSubscriber.create(10))
                .assertFailedWith(IllegalStateException.class, "read once");
    }

    @Test
    void givingUpWhileTheHeadIsReadCancelsTheDownload() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Multi<Buffer> never = Multi.createFrom().<Buffer>nothing().onCancellation().invoke(() -> cancelled.set(true));

        BodySniffer.sniff(never).subscribe().withSubscriber(UniAssertSubscriber.create()).cancel();

        assertThat(cancelled).isTrue();
    }

    private static BodySniffer.Sniffed sniff(Multi<Buffer> source) {
        return BodySniffer.sniff(source).subscribe().withSubscriber(UniAssertSubscriber.create()).assertCompleted()
                .getItem();
    }

    private static byte[] read(BodySniffer.Sniffed sniffed) {
        return concat(sniffed.body().subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE)).assertCompleted()
                .getItems());
    }

    private static Multi<Buffer> chunks(byte[] bytes, int size) {
        List<Buffer> chunks = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            chunks.add(Buffer.buffer(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size))));
        }
        return Multi.createFrom().iterable(chunks);
    }

    private static byte[] concat(List<Buffer> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        items.forEach(item -> out.writeBytes(item.getBytes()));
        return out.toByteArray();
    }
}
