package dev.headshots.ingest.copy;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import software.amazon.awssdk.core.async.AsyncRequestBody;

/**
 * A request body streamed from a download. It can be read once: should the SDK retry the request and subscribe again, the
 * second subscriber fails at once, and the copy is retried from the origin by the caller instead.
 */
final class StreamedBody implements AsyncRequestBody {

    private final Flow.Publisher<ByteBuffer> source;
    private final long length;
    private final String type;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    StreamedBody(Flow.Publisher<ByteBuffer> source, long length, String type) {
        this.source = source;
        this.length = length;
        this.type = type;
    }

    @Override
    public Optional<Long> contentLength() {
        return Optional.of(length);
    }

    @Override
    public String contentType() {
        return type;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
        if (subscribed.compareAndSet(false, true)) {
            FlowAdapters.toPublisher(source).subscribe(subscriber);
            return;
        }
        subscriber.onSubscribe(new Subscription() {

            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onError(new IllegalStateException("a streamed body cannot be sent twice"));
    }
}
