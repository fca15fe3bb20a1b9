package dev.headshots.ingest.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

/**
 * The clock that {@code webhook-timestamp} is checked against: the system clock. It is a bean of its own type only, so that a
 * test can replace it and replay signatures made at a fixed time, without touching any other use of a {@link Clock}.
 */
@ApplicationScoped
@Typed(SignatureClock.class)
public class SignatureClock extends Clock {

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }
}
