package dev.headshots.ingest.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 3b: one callback with a single image of {@code big-image-bytes} (200 MB), streamed by the origin, while heap and RSS
 * are sampled every 100 ms. The copy streams, so the heap must not grow by anything like the image's size. Heap in use rises
 * with the garbage of the bytes passing through until a collection clears it; the live heap (what collections leave) is what
 * would hold the image if it were buffered, and it is what the target is judged on.
 */
final class BigImageScenario {

    /** Memory in MB (2^20 bytes); the image's size in bytes. */
    record Result(long imageBytes, String status, long storedBytes, double seconds, double mbPerSecond,
            double heapBeforeMb, double heapPeakMb, double heapGrowthMb, double liveHeapBeforeMb, double liveHeapPeakMb,
            double liveHeapGrowthMb, long rssBeforeMb, long rssPeakMb,
            List<MemorySampler.Sample> samples) {
    }

    static Result run(ServiceInstance service, BenchOrigin origin, long size) throws InterruptedException {
        JobApi api = new JobApi(service.base());
        CallbackBodies bodies = new CallbackBodies(13);
        UUID id = bodies.nextId();
        String body = bodies.text(id, List.of(origin.bigUrl(size)));
        try (MemorySampler sampler = new MemorySampler(service, 100)) {
            IngestScenario.sleep(1000);
            MemorySampler.Sample before = sampler.sample();
            Instant sent = Instant.now();
            int status = api.callback(body);
            if (status != 200) {
                throw new IllegalStateException("big-image callback answered " + status);
            }
            Map<UUID, JobApi.JobState> states = api.awaitTerminal(Set.of(id), Duration.ofMinutes(5),
                    Duration.ofMillis(200));
            IngestScenario.sleep(1000);
            sampler.close();
            JobApi.JobState state = states.get(id);
            JsonNode job = api.job(id);
            long stored = job == null ? 0 : job.path("images").path(0).path("bytes").asLong();
            double seconds = state == null || state.completedAt() == null
                    ? -1
                    : Duration.between(sent, state.completedAt()).toNanos() / 1e9;
            List<MemorySampler.Sample> samples = sampler.samples();
            double heapPeak = samples.stream().mapToDouble(MemorySampler.Sample::heapMb).max().orElse(0);
            double livePeak = samples.stream().mapToDouble(MemorySampler.Sample::liveHeapMb).max().orElse(0);
            long rssPeak = samples.stream().mapToLong(MemorySampler.Sample::rssMb).max().orElse(0);
            return new Result(size, state == null ? "MISSING" : state.status(), stored, CopyResult.round(seconds),
                    seconds > 0 ? CopyResult.round(stored / 1e6 / seconds) : 0, before.heapMb(), heapPeak,
                    CopyResult.round(heapPeak - before.heapMb()), before.liveHeapMb(), livePeak,
                    CopyResult.round(livePeak - before.liveHeapMb()), before.rssMb(), rssPeak, samples);
        }
    }
}
