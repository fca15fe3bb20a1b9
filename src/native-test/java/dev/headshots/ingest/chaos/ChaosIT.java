package dev.headshots.ingest.chaos;

import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.common.TopicPartition;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatedJob;
import dev.headshots.ingest.simulator.SimulatorSettings;
import dev.headshots.ingest.support.NotifyReceiver;

/**
 * The chaos suite of issue 5: a continuous stream of jobs, submitted through {@code POST /v1/headshots} to two packaged
 * instances and called back by the Runflow simulator through both (as an ingress would), while the run SIGKILLs an instance
 * mid-copy twice, restarts Kafka, stops S3Proxy for 20 s and restarts Postgres, one after the other, each time waiting for the
 * pipeline to recover. The simulator fails some images transiently, some for good, and sends duplicate callbacks. Afterwards
 * every callback answered 200 must have its job terminal with exactly the expected objects, byte-identical, one
 * {@code headshots.stored} event id, and the origin must have served no more extra copies than were in flight at the
 * disruptions. Then a burst of callbacks straight at both instances: each answered 200 or 503, every 200 stored.
 * <p>
 * {@code -Dchaos.scale=ci} (default) or {@code full}, see {@link ChaosScale}; the report goes to
 * {@code target/chaos/summary.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosIT {

    private static final int CONSUMERS_PER_INSTANCE = 3;
    /** Two instances of three consumers: one partition each. */
    private static final ConsumerGroup GROUP = new ConsumerGroup("runflow.headshots.callbacks.chaos-it",
            "headshots-ingest-chaos-it", 2 * CONSUMERS_PER_INSTANCE);
    private static final String RUNFLOW_KEY = "chaos-runflow-key";

    private static final ChaosScale scale = ChaosScale.fromSystemProperty();
    private static final Summary summary = new Summary("Chaos run (scale " + scale.name() + ")");
    private static final Queue<String> simulatorLog = new ConcurrentLinkedQueue<>();
    private static final List<Instance> instances = new ArrayList<>();
    private static RunflowSimulator runflow;
    /** The handler of the jobs' notifications: every accepted job's event must reach it. */
    private static NotifyReceiver handler;
    private static volatile Disruptions disruptions;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(Path.of("target/chaos"));
        Stack.requireUp();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (disruptions != null && disruptions.underway()) {
                Stack.restore();
            }
        }));
        Copies.requireLeases();
        GROUP.createTopic();
        String run = UUID.randomUUID().toString().substring(0, 6);
        runflow = RunflowSimulator.start(SimulatorSettings.builder().apiKey(RUNFLOW_KEY)
                .callbackDelay(Duration.ofSeconds(1)).imagesPerJob(scale.imagesPerJob()).smallImages(scale.smallImages())
                .faultPlan(scale.faults())
                // Retried for about 45 s: longer than any outage of the run, as Runflow retries for longer still.
                .callbackBackoff(Duration.ofMillis(250), Duration.ofSeconds(4)).callbackMaxAttempts(14)
                .callbackVia(List.of("localhost:8097", "localhost:8098"))
                .log(simulatorLog::add).build()).warmUp();
        Map<String, String> shared = Map.of(
                "mp.messaging.outgoing.callbacks-out.topic", GROUP.topic(),
                "mp.messaging.incoming.callbacks.topic", GROUP.topic(),
                "mp.messaging.incoming.callbacks.group.id", GROUP.group(),
                "mp.messaging.incoming.callbacks.concurrency", String.valueOf(CONSUMERS_PER_INSTANCE),
                "mp.messaging.incoming.callbacks.session.timeout.ms", "6000",
                "mp.messaging.incoming.callbacks.heartbeat.interval.ms", "1000",
                "headshots.runflow.base-url", runflow.baseUrl(),
                "headshots.runflow.api-key", RUNFLOW_KEY);
        instances.add(new Instance("a", 8097, shared, run));
        instances.add(new Instance("b", 8098, shared, run));
        for (Instance instance : instances) {
            instance.start();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(GROUP::isStable);
        handler = NotifyReceiver.start();
        instances.get(0).createSigningSecret("default");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (Instance instance : instances) {
                instance.close();
            }
            if (runflow != null) {
                runflow.close();
            }
            if (handler != null) {
                handler.close();
            }
            Files.write(Path.of("target/chaos/simulator.log"), simulatorLog);
        } finally {
            Stack.restore();
            summary.write();
            System.out.println("chaos: summary in " + Summary.FILE.toAbsolutePath());
        }
    }

    @Test
    @Order(1)
    void aStreamThroughKillsAndOutagesLosesNothing() throws Exception {
        Map<TopicPartition, Long> storedMark = StoredTopic.mark();
        List<Disruption> done = new ArrayList<>();
        // Extra origin serves so far, noted as each disruption begins: the growth until the next one is what it cost.
        List<Integer> extraAtStart = new ArrayList<>();
        long began = System.nanoTime();
        try (Submitter submitter = new Submitter(instances, handler.url("/chaos/notify"))) {
            disruptions = new Disruptions(instances, GROUP, scale, submitter);
            submitter.start(scale.submitEvery());
            // A disruption that goes wrong ends the stream; what was accepted until then is still audited and reported.
            Exception stopped = null;
            try {
                disruptions.recover(Optional.empty());
                instances.forEach(instance -> instance.saveMetrics("warmed-up"));
                List<Callable<Disruption>> events = List.of(() -> disruptions.kill(instances.get(0)),
                        disruptions::restartKafka, disruptions::stopS3, () -> disruptions.kill(instances.get(1)),
                        disruptions::restartPostgres);
                for (Callable<Disruption> event : events) {
                    extraAtStart.add(Audit.extraServes(runflow.jobs()));
                    done.add(event.call());
                }
            } catch (Exception e) {
                stopped = e;
                extraAtStart.subList(done.size(), extraAtStart.size()).clear();
            } finally {
                submitter.stop();
                if (disruptions.underway()) {
                    Stack.restore();
                }
                instances.forEach(instance -> instance.saveMetrics("after-stream"));
            }
            Duration streamed = since(began);
            long drainStarted = System.nanoTime();
            awaitQuietly(Duration.ofMinutes(3), runflow::callbacksSettled);
            List<SimulatedJob> accepted = runflow.acceptedCallbacks();
            List<UUID> ids = accepted.stream().map(SimulatedJob::id).toList();
            awaitQuietly(Duration.ofMinutes(3), () -> Ledger.terminalJobs(ids) == ids.size());
            awaitQuietly(Duration.ofMinutes(1), () -> Ledger.unsentEvents(ids) == 0);
            awaitQuietly(Duration.ofMinutes(2), () -> Ledger.undeliveredNotifications(ids) == 0);
            Duration drained = since(drainStarted);

            Audit audit = Audit.of(runflow, accepted, storedMark);
            Notified notified = Notified.of(handler, ids);
            List<SimulatedJob> submitted = runflow.jobs();
            long allowance = done.stream().mapToLong(Disruption::allowance).sum();
            int extra = Audit.extraServes(submitted);
            List<Integer> extraDuring = IntStream.range(0, extraAtStart.size()).mapToObj(i -> (i + 1 < extraAtStart.size()
                    ? extraAtStart.get(i + 1)
                    : extra) - extraAtStart.get(i)).toList();
            int steady = extraAtStart.isEmpty() ? extra : extraAtStart.get(0);
            report(submitter, submitted, accepted, audit, done, steady, extraDuring, allowance, streamed, drained);
            notified.report(summary);
            summary.write();
            if (stopped != null) {
                summary.text("**The stream stopped early**, after " + done.size() + " disruption(s): " + stopped);
                summary.write();
                throw stopped;
            }

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(runflow.callbacksSettled()).as("every callback delivery accepted or given up").isTrue();
            softly.assertThat(accepted).as("callbacks answered 200").hasSizeGreaterThan(done.size() * 2);
            softly.assertThat(audit.problems).as("what is wrong with accepted callbacks").isEmpty();
            softly.assertThat(audit.lost()).as("lost").isZero();
            softly.assertThat(Ledger.reconcileLeftovers(ids)).as("jobs still claimed for reconciliation, or timed out")
                    .isZero();
            softly.assertThat(Ledger.erasureLeftovers(ids)).as("jobs erased, or with an erasure queued (none was asked for)")
                    .isZero();
            softly.assertThat(notified.lost()).as("notifications lost (accepted jobs whose event never reached the handler)")
                    .isZero();
            softly.assertThat(notified.undelivered()).as("notifications not DELIVERED in Postgres").isZero();
            softly.assertThat(extra).as("extra origin serves, allowed %d (%s)", allowance, done.stream()
                    .map(d -> d.name() + ": " + d.allowance()).collect(Collectors.joining(", "))).isLessThanOrEqualTo(
                            (int) allowance);
            softly.assertThat(steady).as("extra origin serves in steady state, before the first disruption").isZero();
            softly.assertThat(done.stream().filter(d -> d.name().startsWith("SIGKILL")).mapToLong(
                    Disruption::allowance)).as("copies in flight at each kill").allMatch(count -> count > 0);
            softly.assertThat(submitter.outcomes()).as("submissions answered 202 without a job id")
                    .noneMatch(submission -> submission.status() == 202 && submission.id().isEmpty());
            softly.assertAll();
        }
    }

    @Test
    @Order(2)
    void aBurstOfCallbacksIsAnsweredAndEveryAcceptedOneStored() throws Exception {
        Disruptions.instancesReady(instances, GROUP);
        Map<TopicPartition, Long> storedMark = StoredTopic.mark();
        try (RunflowSimulator origin = RunflowSimulator.start(SimulatorSettings.builder().smallImages(true)
                .imagesPerJob(scale.loadImagesPerCallback()).log(line -> {
                }).build()).warmUp()) {
            List<SimulatedJob> staged = IntStream.range(0, scale.loadCallbacks())
                    .mapToObj(i -> origin.stageJob(UUID.randomUUID(), scale.loadImagesPerCallback())).toList();
            LoadBurst.Result burst = LoadBurst.fire(instances, staged, scale.loadConcurrency());
            long drainStarted = System.nanoTime();
            Set<UUID> acceptedIds = Set.copyOf(burst.accepted());
            List<SimulatedJob> accepted = staged.stream().filter(job -> acceptedIds.contains(job.id())).toList();
            awaitQuietly(Duration.ofMinutes(5), () -> Ledger.terminalJobs(acceptedIds) == acceptedIds.size());
            awaitQuietly(Duration.ofMinutes(1), () -> Ledger.unsentEvents(acceptedIds) == 0);
            Duration drained = since(drainStarted);
            instances.forEach(instance -> instance.saveMetrics("after-load"));
            Audit audit = Audit.of(origin, accepted, storedMark);
            int extra = Audit.extraServes(staged);
            summary.section("Load check: a burst of " + burst.sent() + " callbacks (" + scale.loadImagesPerCallback()
                    + " image each, " + scale.loadConcurrency() + " at a time, both instances)")
                    .row("answered 200", burst.count(200))
                    .row("answered 503", burst.count(503))
                    .row("other statuses", burst.statuses().entrySet().stream().filter(e -> e.getKey() != 200
                            && e.getKey() != 503).map(e -> e.getKey() + " × " + e.getValue()).toList())
                    .row("timeouts / no answer", burst.timeouts() + " / " + burst.errors().size())
                    .row("burst duration", Summary.seconds(burst.took()))
                    .row("accepted jobs terminal, events sent", Summary.seconds(drained) + " after the burst")
                    .row("jobs COMPLETED", audit.completed + " of " + audit.jobs)
                    .row("images stored byte-identical", audit.imagesStored + " of " + audit.imagesExpected)
                    .row("extra origin serves", extra + " (allowed 0)")
                    .row("**lost**", "**" + audit.lost() + "**");
            problems(audit);
            summary.write();

            SoftAssertions softly = new SoftAssertions();
            softly.assertThat(burst.statuses().keySet()).as("statuses").isSubsetOf(200, 503);
            softly.assertThat(burst.timeouts()).as("timeouts").isZero();
            softly.assertThat(burst.errors()).as("requests without an answer").isEmpty();
            softly.assertThat(burst.count(200)).as("callbacks accepted").isPositive();
            softly.assertThat(audit.problems).as("what is wrong with accepted callbacks").isEmpty();
            softly.assertThat(audit.lost()).as("lost").isZero();
            softly.assertThat(extra).as("extra origin serves with nothing disrupted").isZero();
            softly.assertAll();
        }
    }

    // --- the report -----------------------------------------------------------------------------------------------------

    private static void report(Submitter submitter, List<SimulatedJob> submitted, List<SimulatedJob> accepted, Audit audit,
            List<Disruption> disruptions, int steady, List<Integer> extraDuring, long allowance, Duration streamed,
            Duration drained) {
        Map<Integer, Long> answers = submitter.outcomes().stream()
                .collect(Collectors.groupingBy(Submitter.Submission::status, TreeMap::new,
                        Collectors.counting()));
        long duplicates = submitted.stream().mapToLong(job -> job.callbackAttempts().stream()
                .filter(SimulatedJob.CallbackAttempt::duplicate).count()).sum();
        long transientImages = accepted.stream().mapToLong(job -> job.faults().failingImages().size()).sum();
        summary.section("Stream: " + scale.imagesPerJob() + " images per job"
                + (scale.smallImages() ? " (192×256)" : " (768×1024)"))
                .row("submissions (POST /v1/headshots)", submitter.sent() + ", answers " + answers.entrySet().stream()
                        .map(e -> (e.getKey() == -1 ? "none" : e.getKey()) + " × " + e.getValue()).toList())
                .row("jobs Runflow took", submitted.size())
                .row("callbacks answered 200 (jobs)", accepted.size() + "; delivery given up for "
                        + submitted.stream().filter(job -> job.callbackSettled() && !job.callbackDelivered()).count())
                .row("jobs COMPLETED / PARTIAL", audit.completed + " / " + audit.partial)
                .row("images stored byte-identical", audit.imagesStored + " of " + audit.imagesExpected
                        + " expected; " + audit.imagesFailingForGood + " made to fail for good (404)")
                .row("images failing transiently (503 × " + scale.faults().transientTimes() + ")", transientImages)
                .row("duplicate callbacks sent", duplicates)
                .row("kills (SIGKILL), each followed by a restart", count(disruptions, "SIGKILL"))
                .row("Kafka restarts / Postgres restarts / S3Proxy stops", count(disruptions, "restart Kafka") + " / "
                        + count(disruptions, "restart Postgres") + " / " + count(disruptions, "stop S3Proxy") + " ("
                        + Disruptions.S3_OUTAGE.toSeconds() + " s)")
                .row("headshots.stored", audit.eventCopies + " records for " + audit.jobs
                        + " jobs, one event id each unless listed below")
                .row("origin full serves", Audit.serves(submitted))
                .row("extra origin serves / allowance", steady + extraDuring.stream().mapToInt(Integer::intValue).sum()
                        + " / " + allowance)
                .row("**lost**", "**" + audit.lost() + "**")
                .row("stream (submissions) / drain after it", Summary.seconds(streamed) + " / " + Summary.seconds(drained))
                .table(List.of("disruption", "away", "recovered after", "extra serves until the next one", "allowed"),
                        Stream.concat(Stream.of(List.of("none yet (steady state)", "", "", String.valueOf(steady), "0")),
                                IntStream.range(0, disruptions.size()).mapToObj(i -> List.of(disruptions.get(i).name(),
                                        Summary.seconds(disruptions.get(i).outage()),
                                        Summary.seconds(disruptions.get(i).recovery()), String.valueOf(extraDuring.get(i)),
                                        disruptions.get(i).basis())))
                                .toList())
                .text("Images served in full more than once (job/index: serves/requests): "
                        + Audit.servedMoreThanOnce(submitted));
        problems(audit);
        summary.write();
    }

    private static long count(List<Disruption> disruptions, String prefix) {
        return disruptions.stream().filter(disruption -> disruption.name().startsWith(prefix)).count();
    }

    private static void problems(Audit audit) {
        if (!audit.problems.isEmpty()) {
            summary.text("Problems (" + audit.problems.size() + "):\n\n" + audit.problems.stream().limit(50)
                    .map(problem -> "- " + problem).collect(Collectors.joining("\n")));
        }
    }

    // --- plumbing -------------------------------------------------------------------------------------------------------

    /** Waits for {@code condition} up to {@code atMost} without failing: the audit afterwards says what is missing. */
    private static void awaitQuietly(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            System.err.println("chaos: " + e.getMessage());
        }
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
