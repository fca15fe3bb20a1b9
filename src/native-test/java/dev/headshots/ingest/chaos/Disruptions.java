package dev.headshots.ingest.chaos;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The events of a chaos run, each measured the same way: what was in flight when it hit (the extra origin fetches it may
 * cause), how long the instance or service was away, and how long the pipeline took to recover. Services are stopped and
 * started only through {@link Stack}, and what an event stops is started again in a {@code finally} block; {@link #underway()}
 * says whether the stack may be incomplete right now (for a shutdown hook).
 */
final class Disruptions {

    static final Duration S3_OUTAGE = Duration.ofSeconds(20);
    private static final String RETRIES = "headshots_copy_retries_total";

    private final List<Instance> instances;
    private final ConsumerGroup group;
    private final ChaosScale scale;
    private final Submitter submitter;
    private volatile boolean underway;

    Disruptions(List<Instance> instances, ConsumerGroup group, ChaosScale scale, Submitter submitter) {
        this.instances = instances;
        this.group = group;
        this.scale = scale;
        this.submitter = submitter;
    }

    boolean underway() {
        return underway;
    }

    /**
     * SIGKILLs {@code victim} once it has {@code inFlightAtKill} copies in flight, counts the copies it held at its death, and
     * restarts it under a new instance id.
     */
    Disruption kill(Instance victim) throws Exception {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> Copies.inFlight(victim.id(), submitter.jobIds()) >= scale.inFlightAtKill());
        String id = victim.id();
        long started = System.nanoTime();
        victim.kill();
        long inFlight;
        try {
            inFlight = Copies.inFlight(id, submitter.jobIds());
        } finally {
            victim.start();
        }
        Duration outage = since(started);
        return new Disruption("SIGKILL " + id, outage, recover(Optional.of(id)), inFlight,
                inFlight + " copies in flight at the kill");
    }

    Disruption restartKafka() throws Exception {
        long inFlight = Copies.inFlight(submitter.jobIds());
        long started = System.nanoTime();
        underway = true;
        Stack.must("restart-kafka");
        underway = false;
        Duration outage = since(started);
        return new Disruption("restart Kafka", outage, recover(Optional.empty()), inFlight,
                inFlight + " copies in flight before the restart (a rebalance may hand their records on)");
    }

    /** Stops S3Proxy, sees both instances turn not ready, keeps it down for {@link #S3_OUTAGE} in all, and starts it. */
    Disruption stopS3() throws Exception {
        Map<String, Long> retriesBefore = retries();
        long started = System.nanoTime();
        underway = true;
        try {
            Stack.must("stop-s3");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> instances.stream().allMatch(Instance::notReady));
            Duration left = S3_OUTAGE.minus(since(started));
            await().during(left).atMost(left.plusSeconds(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !BucketContents.listening());
        } finally {
            Stack.must("start-s3");
            underway = false;
        }
        Duration outage = since(started);
        Duration recovery = recover(Optional.empty());
        long retried = growth(retriesBefore).getOrDefault("STORAGE", 0L);
        return new Disruption("stop S3Proxy for " + S3_OUTAGE.toSeconds() + " s", outage, recovery, retried,
                retried + " attempts failed on storage and were retried (" + RETRIES + "{reason=\"STORAGE\"})");
    }

    /** Stops Postgres, sees both instances turn not ready, and starts it again. */
    Disruption restartPostgres() throws Exception {
        long inFlight = Copies.inFlight(submitter.jobIds());
        long started = System.nanoTime();
        underway = true;
        try {
            Stack.must("stop-pg");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> instances.stream().allMatch(Instance::notReady));
        } finally {
            Stack.must("start-pg");
            underway = false;
        }
        Duration outage = since(started);
        return new Disruption("restart Postgres", outage, recover(Optional.empty()), inFlight,
                inFlight + " copies in flight before the stop");
    }

    /**
     * Waits until the pipeline works again: both instances ready, the consumer group stable with one partition per consumer,
     * {@code settleJobs} jobs submitted from now on finished, and every claim of a killed instance taken over. Returns how long
     * that took.
     */
    Duration recover(Optional<String> killed) {
        long started = System.nanoTime();
        instancesReady(instances, group);
        int from = submitter.sent() + 1;
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Ledger.terminalJobs(submitter.jobIdsFrom(from)) >= scale.settleJobs()
                        && (killed.isEmpty() || Copies.inFlight(killed.get(), submitter.jobIds()) == 0));
        return since(started);
    }

    /** Waits until every instance is ready and the group is stable. */
    static void instancesReady(List<Instance> instances, ConsumerGroup group) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> instances.stream().allMatch(Instance::ready) && group.isStable());
    }

    /** Copy attempts retried so far, by reason, over both instances; a restart starts an instance's counts from 0. */
    private Map<String, Long> retries() {
        Map<String, Long> retries = new TreeMap<>();
        instances.forEach(instance -> instance.samples(RETRIES, "reason")
                .forEach((reason, count) -> retries.merge(reason, Math.round(count), Long::sum)));
        return retries;
    }

    /** The growth of {@link #retries()} since {@code before}, with no restart in between. */
    private Map<String, Long> growth(Map<String, Long> before) {
        Map<String, Long> growth = new TreeMap<>();
        retries().forEach((reason, count) -> growth.put(reason, count - before.getOrDefault(reason, 0L)));
        return growth;
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
