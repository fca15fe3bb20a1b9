package dev.headshots.ingest.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import dev.headshots.ingest.simulator.SimulatedJob;
import dev.headshots.ingest.support.Callbacks;

/**
 * The load check: one callback per staged job, with the shared secret, straight at the instances in turn, {@code concurrency}
 * at a time over HTTP/1.1, each allowed 30 s. Every answer is sorted: its status, or a timeout, or another failure to get an
 * answer; nothing is retried, so a 503 stays a 503.
 */
final class LoadBurst {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What came back: count per status, the ids answered 200, timeouts, other errors, and how long the burst took. */
    record Result(int sent, Map<Integer, Integer> statuses, List<UUID> accepted, int timeouts, List<String> errors,
            Duration took) {

        int count(int status) {
            return statuses.getOrDefault(status, 0);
        }
    }

    private LoadBurst() {
    }

    static Result fire(List<Instance> instances, List<SimulatedJob> jobs, int concurrency) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Semaphore permits = new Semaphore(concurrency);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<UUID> accepted = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> answers = new ArrayList<>();
        int[] timeouts = new int[1];
        long started = System.nanoTime();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                SimulatedJob job = jobs.get(i);
                Instance instance = instances.get(i % instances.size());
                permits.acquire();
                answers.add(http.sendAsync(request(instance, job), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            permits.release();
                            if (response != null) {
                                statuses.merge(response.statusCode(), 1, Integer::sum);
                                if (response.statusCode() == 200) {
                                    accepted.add(job.id());
                                }
                            } else if (error instanceof HttpTimeoutException
                                    || error.getCause() instanceof HttpTimeoutException) {
                                synchronized (timeouts) {
                                    timeouts[0]++;
                                }
                            } else {
                                errors.add(job.id() + " on " + instance.authority() + ": " + error);
                            }
                        }));
            }
            CompletableFuture.allOf(answers.stream().map(answer -> answer.exceptionally(error -> null))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            executor.shutdownNow();
        }
        return new Result(jobs.size(), Map.copyOf(statuses), List.copyOf(accepted), timeouts[0], List.copyOf(errors),
                Duration.ofNanos(System.nanoTime() - started));
    }

    private static HttpRequest request(Instance instance, SimulatedJob job) {
        return HttpRequest.newBuilder(URI.create("http://" + instance.authority() + Callbacks.PATH)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("X-Webhook-Secret", Callbacks.SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(Callbacks.body(job.id(), job.imageUrls()))).build();
    }
}
