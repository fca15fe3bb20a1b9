package dev.headshots.ingest.copy;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A non-blocking semaphore that bounds how many downloads run at once in this instance, across all jobs. Work waits in FIFO
 * order for a slot without holding a thread; a slot is given back when the work ends, fails or is cancelled, including
 * cancellation while still waiting.
 */
public final class DownloadSlots {

    private final Object lock = new Object();
    private final Queue<Ticket> waiting = new ArrayDeque<>();
    private final int capacity;
    private int available;

    public DownloadSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
        this.available = capacity;
    }

    /** Runs {@code work} once a slot is free, and frees the slot when the returned {@code Uni} terminates. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().<T>deferred(() -> {
            Ticket ticket = new Ticket();
            return Uni.createFrom()
                    .<Void>emitter(emitter -> enqueue(ticket, emitter))
                    .chain(() -> Uni.createFrom().<T>deferred(work::get))
                    .onTermination().invoke(() -> close(ticket));
        });
    }

    /** Downloads that may run at once. */
    public int capacity() {
        return capacity;
    }

    /** Slots taken right now. */
    public int inUse() {
        synchronized (lock) {
            return capacity - available;
        }
    }

    /** Work waiting for a slot right now. */
    public int queued() {
        synchronized (lock) {
            return waiting.size();
        }
    }

    private void enqueue(Ticket ticket, UniEmitter<? super Void> emitter) {
        synchronized (lock) {
            if (ticket.closed) {
                return;
            }
            ticket.emitter = emitter;
            if (available == 0) {
                waiting.add(ticket);
                return;
            }
            available--;
            ticket.granted = true;
        }
        emitter.complete(null);
    }

    private void close(Ticket ticket) {
        Ticket next;
        synchronized (lock) {
            if (ticket.closed) {
                return;
            }
            ticket.closed = true;
            if (!ticket.granted) {
                waiting.remove(ticket);
                return;
            }
            next = waiting.poll();
            if (next == null) {
                available++;
                return;
            }
            next.granted = true;
        }
        next.emitter.complete(null);
    }

    private static final class Ticket {

        UniEmitter<? super Void> emitter;
        boolean granted;
        boolean closed;
    }
}
