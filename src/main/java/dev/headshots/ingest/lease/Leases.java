package dev.headshots.ingest.lease;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.RetryConfig;

/**
 * This instance's identity on the images it claims ({@code lease_owner}) and how long a claim lasts. The default name is the
 * host name (the pod's name in Kubernetes) with a random suffix drawn at each start, so claims left by an earlier process on
 * the same host are never taken for this one's: they run out and are taken over like any other.
 */
@ApplicationScoped
public class Leases {

    private final String owner;
    private final Duration length;

    public Leases(RetryConfig config) {
        this.owner = ownerId(config.instanceId());
        this.length = config.lease();
    }

    public String owner() {
        return owner;
    }

    public Duration length() {
        return length;
    }

    /** {@code name} and 8 random hex digits, at most 128 characters (the column's width). */
    static String ownerId(String name) {
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        String base = name.isBlank() ? "headshots-ingest" : name.strip();
        return base.substring(0, Math.min(base.length(), 119)) + "-" + HexFormat.of().formatHex(suffix);
    }
}
