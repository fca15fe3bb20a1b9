package dev.headshots.ingest.egress;

/** A host name that did not resolve: usually transient (DNS), so callers retry. Never names the host. */
public final class UnresolvedHost extends RuntimeException {

    public UnresolvedHost(Throwable cause) {
        super("host name did not resolve", cause);
    }
}
