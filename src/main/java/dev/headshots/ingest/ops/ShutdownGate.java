package dev.headshots.ingest.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownDelayInitiated;

/**
 * Closes the callback intake the moment shutdown begins (SIGTERM), before Quarkus waits for the requests in flight: from then
 * on a new callback is answered 503 so that the sender retries it at another instance, while a callback already past this gate
 * is still published and answered. Readiness goes DOWN at the same moment through Quarkus's own {@code Graceful Shutdown}
 * check; both need {@code quarkus.shutdown.delay-enabled=true}, which is what makes Quarkus announce the start of the shutdown.
 */
@ApplicationScoped
public class ShutdownGate {

    private static final Logger LOG = Logger.getLogger(ShutdownGate.class);

    private volatile boolean closing;

    @ShutdownDelayInitiated
    void close() {
        closing = true;
        LOG.info("Shutting down: new callbacks are answered 503 from now on");
    }

    /** Whether shutdown has begun. */
    public boolean isClosing() {
        return closing;
    }
}
