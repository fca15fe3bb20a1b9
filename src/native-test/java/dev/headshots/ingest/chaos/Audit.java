package dev.headshots.ingest.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.common.TopicPartition;

import dev.headshots.ingest.simulator.RunflowSimulator;
import dev.headshots.ingest.simulator.SimulatedJob;

/**
 * Checks every accepted callback of a run against what the service left behind, job by job: recorded and terminal
 * ({@code COMPLETED}, or {@code PARTIAL} with exactly the images the simulator made missing for good, those {@code FAILED});
 * the bucket holding exactly the expected keys under the job's prefix, each byte-identical to what the origin served (SHA-256);
 * {@code headshots.stored} holding the job's event under one CloudEvents id, with the job's status. Problems are collected, not
 * thrown, so that the report says everything that went wrong. {@link #extraServes} counts what the origin served in full beyond
 * the first copy of each image.
 */
final class Audit {

    final int jobs;
    int completed;
    int partial;
    int imagesExpected;
    int imagesStored;
    int imagesFailingForGood;
    int lostJobs;
    int lostImages;
    int eventCopies;
    final List<String> problems = new ArrayList<>();

    private Audit(int jobs) {
        this.jobs = jobs;
    }

    static Audit of(RunflowSimulator origin, List<SimulatedJob> accepted, Map<TopicPartition, Long> storedMark)
            throws Exception {
        Audit audit = new Audit(accepted.size());
        List<UUID> ids = accepted.stream().map(SimulatedJob::id).toList();
        Map<UUID, Ledger.Job> recorded = Ledger.jobs(ids);
        Map<UUID, Map<Integer, String>> unstored = Ledger.unstoredImages(ids);
        Map<UUID, List<StoredTopic.Event>> events = StoredTopic.eventsSince(storedMark, ids);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Map<String, String>>> buckets = ids.stream()
                    .map(id -> readers.submit(() -> BucketContents.of(id))).toList();
            for (int i = 0; i < accepted.size(); i++) {
                SimulatedJob job = accepted.get(i);
                audit.job(origin, job, recorded.get(job.id()), unstored.getOrDefault(job.id(), Map.of()),
                        buckets.get(i).get(), events.getOrDefault(job.id(), List.of()));
            }
        } finally {
            readers.shutdownNow();
        }
        return audit;
    }

    int lost() {
        return lostJobs + lostImages;
    }

    /** Full bodies the origin served beyond the first, over every image of {@code jobs} (accepted or not). */
    static int extraServes(List<SimulatedJob> jobs) {
        return jobs.stream().mapToInt(job -> IntStream.rangeClosed(1, job.imageCount())
                .map(index -> Math.max(0, job.served(index) - 1)).sum()).sum();
    }

    /** {@code <job>/<index>: <served>/<requests>} for each image of {@code jobs} served in full more than once (at most 30). */
    static List<String> servedMoreThanOnce(List<SimulatedJob> jobs) {
        return jobs.stream().flatMap(job -> IntStream.rangeClosed(1, job.imageCount()).filter(index -> job.served(index) > 1)
                .mapToObj(index -> job.id() + "/" + index + ": " + job.served(index) + "/" + job.hits(index))).limit(30)
                .toList();
    }

    /** Full bodies the origin served, over every image of {@code jobs}. */
    static int serves(List<SimulatedJob> jobs) {
        return jobs.stream().mapToInt(job -> IntStream.rangeClosed(1, job.imageCount()).map(job::served).sum()).sum();
    }

    private void job(RunflowSimulator origin, SimulatedJob job, Ledger.Job recorded, Map<Integer, String> unstored,
            Map<String, String> bucket, List<StoredTopic.Event> events) {
        UUID id = job.id();
        Set<Integer> missing = job.faults().missingImages();
        imagesExpected += job.imageCount() - missing.size();
        imagesFailingForGood += missing.size();
        if (recorded == null || !recorded.terminal()) {
            lostJobs++;
            problem(id, recorded == null ? "accepted but never recorded" : "accepted but still " + recorded.status());
        } else {
            String expected = missing.isEmpty() ? "COMPLETED" : "PARTIAL";
            completed += recorded.status().equals("COMPLETED") ? 1 : 0;
            partial += recorded.status().equals("PARTIAL") ? 1 : 0;
            if (!recorded.status().equals(expected)) {
                problem(id, "is " + recorded.status() + ", expected " + expected + " (unstored images " + unstored + ")");
            } else if (!unstored.keySet().equals(missing) || !unstored.values().stream().allMatch("FAILED"::equals)) {
                problem(id, "unstored images " + unstored + ", expected " + missing + " FAILED");
            }
        }
        Map<String, String> expectedObjects = new TreeMap<>();
        IntStream.rangeClosed(1, job.imageCount()).filter(index -> !missing.contains(index))
                .forEach(index -> expectedObjects.put("%s/%03d.jpg".formatted(id, index), origin.sha256(id, index)));
        bucket(id, expectedObjects, bucket);
        events(id, recorded, events);
    }

    private void bucket(UUID id, Map<String, String> expected, Map<String, String> bucket) {
        for (Map.Entry<String, String> object : expected.entrySet()) {
            String found = bucket.get(object.getKey());
            if (found == null) {
                lostImages++;
                problem(id, "no object " + object.getKey());
            } else if (!found.equals(object.getValue())) {
                problem(id, object.getKey() + " differs from what the origin served");
            } else {
                imagesStored++;
            }
        }
        bucket.keySet().stream().filter(key -> !expected.containsKey(key))
                .forEach(key -> problem(id, "unexpected object " + key));
    }

    private void events(UUID id, Ledger.Job recorded, List<StoredTopic.Event> events) {
        eventCopies += events.size();
        Set<String> eventIds = events.stream().map(StoredTopic.Event::id).collect(Collectors.toSet());
        if (events.isEmpty()) {
            problem(id, "no headshots.stored event");
        } else if (eventIds.size() != 1) {
            problem(id, "headshots.stored has " + eventIds.size() + " distinct event ids: " + eventIds);
        } else if (recorded != null && events.stream().anyMatch(event -> !recorded.status().equals(event.status()))) {
            problem(id, "headshots.stored says " + events.stream().map(StoredTopic.Event::status).toList() + ", job is "
                    + recorded.status());
        }
    }

    private void problem(UUID id, String what) {
        problems.add("job " + id + ": " + what);
    }
}
