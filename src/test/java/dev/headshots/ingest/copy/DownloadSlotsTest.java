package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;

class DownloadSlotsTest {

    private final DownloadSlots slots = new DownloadSlots(2);
    private final List<UnicastProcessor<String>> gates = new ArrayList<>();

    @Test
    void workBeyondCapacityWaitsInOrderAndRunsWhenASlotFrees() {
        UniAssertSubscriber<String> first = start();
        UniAssertSubscriber<String> second = start();
        UniAssertSubscriber<String> third = start();

        assertThat(gates).hasSize(2);
        assertThat(slots.inUse()).isEqualTo(2);
        assertThat(slots.queued()).isEqualTo(1);

        finish(0, "a");
        first.assertItem("a");
        assertThat(gates).hasSize(3);
        assertThat(slots.queued()).isZero();

        finish(1, "b");
        finish(2, "c");
        second.assertItem("b");
        third.assertItem("c");
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void aFailedRunGivesItsSlotBack() {
        UniAssertSubscriber<String> failing = start();
        gates.get(0).onError(new IllegalStateException("boom"));

        failing.assertFailedWith(IllegalStateException.class, "boom");
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void cancellingWhileWaitingOrRunningGivesTheSlotBack() {
        UniAssertSubscriber<String> running = start();
        start();
        UniAssertSubscriber<String> waiting = start();

        waiting.cancel();
        assertThat(slots.queued()).isZero();
        running.cancel();
        assertThat(slots.inUse()).isEqualTo(1);
        assertThat(gates).hasSize(2);

        UniAssertSubscriber<String> next = start();
        assertThat(gates).hasSize(3);
        finish(2, "next");
        next.assertItem("next");
    }

    private UniAssertSubscriber<String> start() {
        return slots.run(() -> {
            UnicastProcessor<String> gate = UnicastProcessor.create();
            gates.add(gate);
            return Uni.createFrom().publisher(gate);
        }).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    private void finish(int index, String value) {
        gates.get(index).onNext(value);
        gates.get(index).onComplete();
    }
}
