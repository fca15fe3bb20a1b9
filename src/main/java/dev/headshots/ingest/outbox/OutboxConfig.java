package dev.headshots.ingest.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the relay that publishes {@code headshots.stored} events from the outbox, under {@code headshots.outbox}. */
@ConfigMapping(prefix = "headshots.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unpublished events, besides running whenever a job finishes. */
    @WithDefault("5s")
    Duration interval();

    /** Events published per transaction. */
    @WithDefault("64")
    int batchSize();

    /** How long one event may wait for the broker's acknowledgement before the batch is retried later. */
    @WithDefault("10s")
    Duration sendTimeout();
}
