package dev.headshots.ingest.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Scenario 3, memory under backlog: {@code backlog-jobs} callbacks of 60 small images each are acknowledged as fast as the
 * service answers them (one at a time), then drain, while RSS and heap are sampled every second. RSS is also read right after
 * the 10th and the last acknowledgement: the target compares those, and the report also gives the peak during the drain.
 */
final class BacklogScenario {

    /** Memory in MB (2^20 bytes). */
    record Result(int jobs, int images, int imageBytes, double queueSeconds, double drainSeconds, double imagesPerSecond,
            long rssAt10QueuedMb, long rssAtAllQueuedMb, long rssPeakMb, long rssEndMb, long rssGrowth10ToAllMb,
            long rssGrowth10ToPeakMb, double heapMinMb, double heapMaxMb, boolean drained, Map<String, Integer> statuses,
            List<MemorySampler.Sample> samples) {
    }

    static Result run(ServiceInstance service, BenchOrigin origin, BenchSettings settings) throws InterruptedException {
        int imagesPerJob = 60;
        origin.addSet("backlog", settings.backlogImageBytes());
        JobApi api = new JobApi(service.base());
        CallbackBodies bodies = new CallbackBodies(17);
        List<String> payloads = new ArrayList<>();
        Set<UUID> ids = new LinkedHashSet<>();
        for (int j = 0; j < settings.backlogJobs(); j++) {
            UUID id = bodies.nextId();
            List<String> urls = new ArrayList<>();
            for (int n = 1; n <= imagesPerJob; n++) {
                urls.add(origin.url("backlog", id, n));
            }
            ids.add(id);
            payloads.add(bodies.text(id, urls));
        }
        int images = ids.size() * imagesPerJob;
        double settledBefore = MemorySampler.settled(service.metrics());
        try (MemorySampler sampler = new MemorySampler(service, settings.smoke() ? 500 : 1000)) {
            MemorySampler.Sample at10 = null;
            for (int j = 0; j < payloads.size(); j++) {
                int status = api.callback(payloads.get(j));
                if (status != 200) {
                    throw new IllegalStateException("backlog callback " + (j + 1) + " answered " + status);
                }
                if (j + 1 == Math.min(10, payloads.size())) {
                    at10 = sampler.sample();
                }
            }
            MemorySampler.Sample atAll = sampler.sample();
            double queued = sampler.elapsedSeconds();
            long deadline = System.nanoTime() + settings.backlogTimeout().toNanos();
            boolean drained = false;
            while (!drained && System.nanoTime() < deadline) {
                Thread.sleep(250);
                drained = MemorySampler.settled(service.metrics()) - settledBefore >= images;
            }
            double drainedAt = sampler.elapsedSeconds();
            Thread.sleep(settings.smoke() ? 1000 : 5000);
            MemorySampler.Sample end = sampler.sample();
            sampler.close();
            List<MemorySampler.Sample> samples = sampler.samples();
            double from10 = at10.seconds();
            long peak = samples.stream().filter(s -> s.seconds() >= from10).mapToLong(MemorySampler.Sample::rssMb).max()
                    .orElse(0);
            Map<String, Integer> statuses = new TreeMap<>();
            api.states(ids).values().forEach(s -> statuses.merge(s.status(), 1, Integer::sum));
            statuses.put("MISSING", ids.size() - statuses.values().stream().mapToInt(Integer::intValue).sum());
            statuses.values().removeIf(n -> n == 0);
            double drainSeconds = drainedAt;
            return new Result(ids.size(), images, settings.backlogImageBytes(), CopyResult.round(queued),
                    CopyResult.round(drainSeconds), CopyResult.round(images / drainSeconds), at10.rssMb(), atAll.rssMb(),
                    peak, end.rssMb(), atAll.rssMb() - at10.rssMb(), peak - at10.rssMb(),
                    samples.stream().mapToDouble(MemorySampler.Sample::heapMb).min().orElse(0),
                    samples.stream().mapToDouble(MemorySampler.Sample::heapMb).max().orElse(0), drained, statuses,
                    samples);
        }
    }
}
