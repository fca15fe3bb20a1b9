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
 * authentication and validation takes the head of the queue or, when it is empty, the fault plan's faults for its ordinal (the
 * count of such submissions, from 1), or else the default faults.
 */
final class Jobs {

    private final Map<UUID, SimulatedJob> byId = new ConcurrentHashMap<>();
    private final List<SimulatedJob> inOrder = new CopyOnWriteArrayList<>();
    private final Queue<Faults> queuedFaults = new ConcurrentLinkedQueue<>();
    private final AtomicInteger submissions = new AtomicInteger();
    private final AtomicInteger ordinals = new AtomicInteger();
    private final Faults defaultFaults;
    private final Optional<FaultPlan> plan;

    Jobs(Faults defaultFaults, Optional<FaultPlan> plan) {
        this.defaultFaults = defaultFaults;
        this.plan = plan;
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

    Faults takeFaults(int imageCount) {
        int ordinal = ordinals.incrementAndGet();
        return Optional.ofNullable(queuedFaults.poll())
                .orElseGet(() -> plan.map(p -> p.faultsFor(ordinal, imageCount)).orElse(defaultFaults));
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
