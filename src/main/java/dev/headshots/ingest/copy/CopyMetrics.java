package dev.headshots.ingest.copy;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The copier's {@code headshots_*} metrics: images stored and failed (by reason), bytes copied, copy duration, and downloads in
 * flight or waiting for a slot.
 */
@ApplicationScoped
public class CopyMetrics {

    private final MeterRegistry registry;
    private final Counter stored;
    private final DistributionSummary bytes;
    private final Timer duration;
    private final Counter expired;

    public CopyMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.stored = Counter.builder("headshots.images.stored")
                .description("Images stored in our bucket")
                .register(registry);
        this.bytes = DistributionSummary.builder("headshots.bytes.copied")
                .baseUnit("bytes")
                .description("Bytes copied into our bucket")
                .register(registry);
        this.duration = Timer.builder("headshots.copy.duration")
                .description("Time of one successful copy attempt, waiting for a download slot included")
                .register(registry);
        this.expired = Counter.builder("headshots.images.expired")
                .description("Images whose source URL's deadline passed before they could be stored")
                .register(registry);
    }

    void watch(DownloadSlots slots) {
        Gauge.builder("headshots.downloads.in.flight", slots, DownloadSlots::inUse)
                .description("Downloads running now")
                .register(registry);
        Gauge.builder("headshots.downloads.queued", slots, DownloadSlots::queued)
                .description("Downloads waiting for a slot")
                .register(registry);
    }

    void stored(StoredObject object, Duration took) {
        stored.increment();
        bytes.record(object.bytes());
        duration.record(took);
    }

    void failed(CopyFailure failure) {
        Counter.builder("headshots.images.failed")
                .description("Images that could not be stored, by reason")
                .tag("reason", failure.reason().name())
                .register(registry)
                .increment();
    }

    void expired() {
        expired.increment();
    }

    void retried(CopyFailure failure) {
        Counter.builder("headshots.copy.retries")
                .description("Failed copy attempts that were scheduled for a retry, by reason")
                .tag("reason", failure.reason().name())
                .register(registry)
                .increment();
    }
}
