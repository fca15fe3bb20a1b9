package dev.headshots.ingest.simulator;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulator's memory, safe for concurrent use: every accepted job by id and in submission order, the number of submission
 * requests received (whatever their outcome), and the queue of faults for the next submissions. Each submission that passes
 * authentication and validation takes the head of the queue, or the default faults when it is empty.
 */
final class Jobs {

    private final Map<UUID, SimulatedJob> byId = new ConcurrentHashMap<>();
    private final List<SimulatedJob> inOrder = new CopyOnWriteArrayList<>();
    private final Queue<Faults> queuedFaults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger submissions = new AtomicInteger();
    private final Faults defaultFaults;

    Jobs(Faults defaultFaults) {
        this.defaultFaults = defaultFaults;
    }

    void countSubmission() {
        submissions.incrementAndGet();
    }

    int submissions() {
        return submissions.get();
    }

    void queueFaults(Faults faults) {
        queuedFaults.add(faults);
    }

    Faults takeFaults() {
        return Optional.ofNullable(queuedFaults.poll()).orElse(defaultFaults);
    }

    void add(SimulatedJob job) {
        byId.put(job.id(), job);
        inOrder.add(job);
    }

    Optional<SimulatedJob> find(UUID id) {
        return Optional.ofNullable(byId.get(id));
    }

    SimulatedJob get(UUID id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("the simulator has no job " + id));
    }

    List<SimulatedJob> all() {
        return List.copyOf(inOrder);
    }
}
