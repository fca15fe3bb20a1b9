package dev.headshots.ingest.bench;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Samples the service every {@code intervalMillis} on a thread of its own: resident memory from {@code /proc}, Java heap in
 * use, live heap and images settled (stored plus failed) from {@code /q/metrics}. Heap in use counts garbage not yet collected,
 * so it rises and falls with allocation; live heap ({@code jvm_gc_live_data_size_bytes}, the old generation as the last garbage
 * collection left it) is what the service actually keeps.
 */
final class MemorySampler implements AutoCloseable {

    /** One sample; {@code seconds} since the sampler started, memory in MB (2^20 bytes). */
    record Sample(double seconds, long rssMb, double heapMb, double liveHeapMb, double imagesSettled) {
    }

    private final ServiceInstance service;
    private final long intervalMillis;
    private final long start = System.nanoTime();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    MemorySampler(ServiceInstance service, long intervalMillis) {
        this.service = service;
        this.intervalMillis = intervalMillis;
        this.thread = new Thread(this::loop, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Takes a sample now (also from another thread) and returns it. */
    Sample sample() {
        String metrics = service.metrics();
        double heap = ServiceInstance.sample(metrics, "jvm_memory_used_bytes", "area=\"heap\"");
        double live = ServiceInstance.sample(metrics, "jvm_gc_live_data_size_bytes", "");
        Sample sample = new Sample(Math.round((System.nanoTime() - start) / 1e7) / 100.0,
                Proc.mb(Proc.rssBytes(service.pid())), mb(heap), mb(live), settled(metrics));
        samples.add(sample);
        return sample;
    }

    private static double mb(double bytes) {
        return Math.round(bytes / 1024 / 1024 * 10) / 10.0;
    }

    /** Images stored plus images failed for good, since the service started. */
    static double settled(String metrics) {
        double stored = ServiceInstance.sample(metrics, "headshots_images_stored_total", "");
        double failed = ServiceInstance.sample(metrics, "headshots_images_failed_total", "");
        return (Double.isNaN(stored) ? 0 : stored) + (Double.isNaN(failed) ? 0 : failed);
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    List<Sample> samples() {
        return samples.stream().sorted((a, b) -> Double.compare(a.seconds(), b.seconds())).toList();
    }

    private void loop() {
        while (running) {
            try {
                sample();
                Thread.sleep(intervalMillis);
            } catch (InterruptedException | IllegalStateException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
