package dev.headshots.ingest.copy;

import java.util.Optional;
import java.util.concurrent.Flow;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Reads the first bytes of a download before anything is sent to the bucket, so that a body that is not a JPEG, PNG or WebP is
 * refused before an upload starts. The body is subscribed to once and read ahead only by what {@link ImageFormat#HEAD_BYTES}
 * needs (usually one network chunk); the {@link Sniffed#body()} it emits replays those bytes, then continues the same
 * subscription with the downstream's demand passed straight through.
 */
final class BodySniffer implements Flow.Subscriber<Buffer> {

    /** A download whose first bytes are known: the format they announce, if any, and the whole body, those bytes included. */
    record Sniffed(Optional<ImageFormat> format, Multi<Buffer> body) {
    }

    private final UniEmitter<? super Sniffed> emitter;
    private final Buffer head = Buffer.buffer();
    private volatile Flow.Subscription upstream;
    /** Set once the rest of the body is subscribed to; from then on items go straight to it. */
    private volatile Flow.Subscriber<? super Buffer> rest;
    /** Guarded by {@code this}: the head is read (or given up), and the terminal signal seen before {@link #rest} was there. */
    private boolean headDone;
    private boolean ended;
    private Throwable failure;

    private BodySniffer(UniEmitter<? super Sniffed> emitter) {
        this.emitter = emitter;
    }

    /** Reads the head of {@code body}; {@code body} must not be subscribed to by anyone else. */
    static Uni<Sniffed> sniff(Multi<Buffer> body) {
        return Uni.createFrom().emitter(emitter -> {
            BodySniffer sniffer = new BodySniffer(emitter);
            emitter.onTermination(sniffer::giveUpHead);
            body.subscribe(sniffer);
        });
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(Buffer item) {
        Flow.Subscriber<? super Buffer> downstream = rest;
        if (downstream != null) {
            downstream.onNext(item);
            return;
        }
        boolean complete;
        synchronized (this) {
            if (headDone) {
                return;
            }
            head.appendBuffer(item);
            complete = head.length() >= ImageFormat.HEAD_BYTES;
            headDone = complete;
        }
        if (complete) {
            emitter.complete(sniffed());
        } else {
            upstream.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        Flow.Subscriber<? super Buffer> downstream;
        boolean inHead;
        synchronized (this) {
            inHead = !headDone;
            headDone = true;
            downstream = rest;
            if (!inHead && downstream == null) {
                failure = error;
            }
        }
        if (inHead) {
            emitter.fail(error);
        } else if (downstream != null) {
            downstream.onError(error);
        }
    }

    @Override
    public void onComplete() {
        Flow.Subscriber<? super Buffer> downstream;
        boolean inHead;
        synchronized (this) {
            inHead = !headDone;
            headDone = true;
            ended = true;
            downstream = rest;
        }
        if (inHead) {
            emitter.complete(sniffed());
        } else if (downstream != null) {
            downstream.onComplete();
        }
    }

    private Sniffed sniffed() {
        Multi<Buffer> first = head.length() == 0 ? Multi.createFrom().empty() : Multi.createFrom().item(head);
        Flow.Publisher<Buffer> remainder = this::attach;
        return new Sniffed(ImageFormat.sniff(head.getBytes()),
                Multi.createBy().concatenating().streams(first, Multi.createFrom().publisher(remainder)));
    }

    /**
     * Hands the rest of the body to {@code subscriber}, replaying an end or failure that came before it. A terminal signal
     * after this point finds {@link #rest} set and is delivered by the upstream's own thread; one from another thread waits
     * until {@code onSubscribe} has returned.
     */
    private void attach(Flow.Subscriber<? super Buffer> subscriber) {
        Throwable failed;
        boolean complete;
        synchronized (this) {
            if (rest != null) {
                subscriber.onSubscribe(new Refused());
                subscriber.onError(new IllegalStateException("a download body can be read once"));
                return;
            }
            failed = failure;
            complete = ended;
            rest = subscriber;
            subscriber.onSubscribe(new PassedThrough());
        }
        if (failed != null) {
            subscriber.onError(failed);
        } else if (complete) {
            subscriber.onComplete();
        }
    }

    /** Stops reading when the caller gave up (a timeout) while the head was still being read. */
    private void giveUpHead() {
        boolean cancel;
        synchronized (this) {
            cancel = !headDone;
            headDone = true;
        }
        Flow.Subscription subscription = upstream;
        if (cancel && subscription != null) {
            subscription.cancel();
        }
    }

    /** The subscription of the rest of the body: demand and cancellation go straight to the upstream. */
    private final class PassedThrough implements Flow.Subscription {

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }

    /** The subscription of a second, refused subscriber. */
    private static final class Refused implements Flow.Subscription {

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
