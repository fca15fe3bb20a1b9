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
 * flight or waiting for a slot. Every metric that counts images carries the {@code tenant} tag; tenants are created by an
 * admin, so the number of series stays bounded.
 */
@ApplicationScoped
public class CopyMetrics {

    static final String TENANT = "tenant";

    private final MeterRegistry registry;

    public CopyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void watch(DownloadSlots slots) {
        Gauge.builder("headshots.downloads.in.flight", slots, DownloadSlots::inUse)
                .description("Downloads running now")
                .register(registry);
        Gauge.builder("headshots.downloads.queued", slots, DownloadSlots::queued)
                .description("Downloads waiting for a slot")
                .register(registry);
    }

    void stored(String tenant, StoredObject object, Duration took) {
        Counter.builder("headshots.images.stored")
                .description("Images stored in our bucket")
                .tag(TENANT, tenant)
                .register(registry)
                .increment();
        DistributionSummary.builder("headshots.bytes.copied")
                .baseUnit("bytes")
                .description("Bytes copied into our bucket")
                .tag(TENANT, tenant)
                .register(registry)
                .record(object.bytes());
        Timer.builder("headshots.copy.duration")
                .description("Time of one successful copy attempt, waiting for a download slot included")
                .tag(TENANT, tenant)
                .register(registry)
                .record(took);
    }

    void failed(String tenant, CopyFailure failure) {
        Counter.builder("headshots.images.failed")
                .description("Images that could not be stored, by reason")
                .tag("reason", failure.reason().name())
                .tag(TENANT, tenant)
                .register(registry)
                .increment();
    }

    void expired(String tenant) {
        Counter.builder("headshots.images.expired")
                .description("Images whose source URL's deadline passed before they could be stored")
                .tag(TENANT, tenant)
                .register(registry)
                .increment();
    }

    void retried(String tenant, CopyFailure failure) {
        Counter.builder("headshots.copy.retries")
                .description("Failed copy attempts that were scheduled for a retry, by reason")
                .tag("reason", failure.reason().name())
                .tag(TENANT, tenant)
                .register(registry)
                .increment();
    }
}
