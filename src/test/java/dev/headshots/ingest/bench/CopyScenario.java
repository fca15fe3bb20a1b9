package dev.headshots.ingest.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Scenario 2, copy: {@code copy-jobs} callbacks of {@code copy-images} images of about 1 MB each, from the local origin into
 * the bucket, through the service (Kafka, Postgres, 16 download slots), then the same images through the direct copier (GET
 * streamed into PUT, same concurrency) and the naive sequential one.
 */
final class CopyScenario {

    private final BenchSettings settings;
    private final BenchOrigin origin;
    private final DirectCopier copier;
    private final CpuAccount cpu;
    private final Map<String, CpuAccount.Usage> usage;

    CopyScenario(BenchSettings settings, BenchOrigin origin, DirectCopier copier, CpuAccount cpu,
            Map<String, CpuAccount.Usage> usage) {
        this.settings = settings;
        this.origin = origin;
        this.copier = copier;
        this.cpu = cpu;
        this.usage = usage;
    }

    List<CopyResult> run(ServiceInstance service) throws Exception {
        origin.addSet("copy", settings.copyImageBytes());
        List<CopyResult> results = new ArrayList<>();
        cpu.begin();
        results.add(service(new JobApi(service.base())));
        usage.put("copy: service", cpu.end());
        List<List<String>> jobs = new ArrayList<>();
        for (int j = 0; j < settings.copyJobs(); j++) {
            List<String> urls = new ArrayList<>();
            for (int n = 1; n <= settings.copyImages(); n++) {
                urls.add(origin.url("copy", "direct-" + j, n));
            }
            jobs.add(urls);
        }
        try {
            cpu.begin();
            results.add(copier.copy("direct", jobs, "direct", settings.copyConcurrency(), true));
            usage.put("copy: direct", cpu.end());
            cpu.begin();
            results.add(copier.copy("sequential", jobs, "sequential", 1, false));
            usage.put("copy: sequential", cpu.end());
        } finally {
            copier.close();
        }
        return results;
    }

    private CopyResult service(JobApi api) {
        CallbackBodies bodies = new CallbackBodies(11);
        Map<UUID, Instant> sent = new LinkedHashMap<>();
        for (int j = 0; j < settings.copyJobs(); j++) {
            UUID id = bodies.nextId();
            List<String> urls = new ArrayList<>();
            for (int n = 1; n <= settings.copyImages(); n++) {
                urls.add(origin.url("copy", id, n));
            }
            String body = bodies.text(id, urls);
            sent.put(id, Instant.now());
            int status = api.callback(body);
            if (status != 200) {
                throw new IllegalStateException("copy callback answered " + status);
            }
        }
        Set<UUID> ids = new LinkedHashSet<>(sent.keySet());
        Map<UUID, JobApi.JobState> states = api.awaitTerminal(ids, Duration.ofMinutes(10), Duration.ofMillis(100));
        Instant first = sent.values().iterator().next();
        Instant last = first;
        List<Double> jobSeconds = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int stored = 0;
        long bytes = 0;
        for (UUID id : ids) {
            JobApi.JobState state = states.get(id);
            statuses.merge(state == null ? "MISSING" : state.status(), 1, Integer::sum);
            if (state != null && state.completedAt() != null) {
                jobSeconds.add(Duration.between(sent.get(id), state.completedAt()).toNanos() / 1e9);
                last = state.completedAt().isAfter(last) ? state.completedAt() : last;
            }
            JsonNode job = api.job(id);
            for (JsonNode image : job == null ? List.<JsonNode>of() : iterable(job.path("images"))) {
                if (image.path("status").asText().equals("STORED")) {
                    stored++;
                    bytes += image.path("bytes").asLong();
                }
            }
        }
        double seconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
        return CopyResult.of("service", ids.size(), ids.size() * settings.copyImages(), stored, bytes, seconds, jobSeconds,
                statuses);
    }

    static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
