package dev.headshots.ingest.lease;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * How a worker takes work from a {@link LeasedTable}: every {@code interval}, and whenever it is woken, it claims as much as it
 * has room for ({@code room}) and starts it ({@code claimAndStart} yields how many it claimed, without waiting for the work to
 * end), and goes on while it got all it asked for and has room left. It claims nothing while {@code mayClaim} is false
 * (shutdown under way, a dependency down). A run in progress is never doubled: a wake during one is absorbed by it.
 */
public final class ClaimLoop {

    private static final Logger LOG = Logger.getLogger(ClaimLoop.class);

    private final String work;
    private final BooleanSupplier mayClaim;
    private final IntSupplier room;
    private final IntFunction<Uni<Integer>> claimAndStart;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    /** {@code work} names what is claimed, for the log. */
    public ClaimLoop(String work, BooleanSupplier mayClaim, IntSupplier room, IntFunction<Uni<Integer>> claimAndStart) {
        this.work = work;
        this.mayClaim = mayClaim;
        this.room = room;
        this.claimAndStart = claimAndStart;
    }

    /** Looks for work every {@code interval} from now on. */
    public void start(Vertx vertx, Duration interval) {
        timer = vertx.setPeriodic(interval.toMillis(), tick -> wake());
    }

    public void stop(Vertx vertx) {
        vertx.cancelTimer(timer);
    }

    /** Claims and starts work until none is due or there is no room. Never waits for the work itself. */
    public void wake() {
        if (!mayClaim.getAsBoolean() || !running.compareAndSet(false, true)) {
            return;
        }
        Multi.createBy().repeating()
                .uni(() -> {
                    int limit = room.getAsInt();
                    return limit <= 0 || !mayClaim.getAsBoolean()
                            ? Uni.createFrom().item(Boolean.FALSE)
                            : claimAndStart.apply(limit).map(count -> count == limit);
                })
                .whilst(Boolean::booleanValue)
                .collect().last()
                .eventually(() -> running.set(false))
                .subscribe().with(done -> {
                }, failure -> LOG.warnf("%s could not be claimed, will try again: %s", work, failure.getMessage()));
    }
}
