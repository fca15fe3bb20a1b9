package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import io.smallrye.mutiny.Multi;

class StreamedBodyTest {

    private final StreamedBody body = new StreamedBody(
            Multi.createFrom().items(ByteBuffer.wrap(new byte[]{1, 2}), ByteBuffer.wrap(new byte[]{3})), 3,
            "image/jpeg");

    @Test
    void theFirstSubscriberReceivesTheWholeBody() {
        Recorder first = new Recorder();
        body.subscribe(first);

        assertThat(first.bytes).isEqualTo(3);
        assertThat(first.completed).isTrue();
        assertThat(body.contentLength()).contains(3L);
    }

    @Test
    void aSecondSubscriberFailsInsteadOfReceivingWhatIsLeft() {
        body.subscribe(new Recorder());
        Recorder second = new Recorder();
        body.subscribe(second);

        assertThat(second.errors).hasSize(1);
        assertThat(second.bytes).isZero();
    }

    private static final class Recorder implements Subscriber<ByteBuffer> {

        int bytes;
        boolean completed;
        final List<Throwable> errors = new ArrayList<>();

        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer item) {
            bytes += item.remaining();
        }

        @Override
        public void onError(Throwable failure) {
            errors.add(failure);
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }
}
