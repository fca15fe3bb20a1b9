package dev.headshots.ingest.copy;

import java.time.Duration;
import java.util.List;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the image downloader, under {@code headshots.download}. */
@ConfigMapping(prefix = "headshots.download")
public interface DownloadConfig {

    /** Hosts images may be fetched from: exact names, or {@code *.suffix}. */
    @WithDefault("cdn.runflow.io")
    List<String> allowedHosts();

    /**
     * Allows plain http and loopback, private, CGNAT and unique-local addresses (never metadata, link-local, multicast or
     * reserved ones), and logs a warning at startup. For the local stack and tests only.
     */
    @WithDefault("false")
    boolean allowPrivateNetworks();

    /** Redirects followed per image (at most 3), each hop vetted like the first URL; 0 makes any redirect a failure. */
    @WithDefault("0")
    int maxRedirects();

    /** Downloads in flight at once in this instance, across all jobs. */
    @WithDefault("16")
    int concurrency();

    /** Time allowed to open a connection to the image host. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time allowed from sending the request to receiving the response's status and headers. */
    @WithDefault("10s")
    Duration firstByteTimeout();

    /** Longest silence allowed on the connection while the response is read. */
    @WithDefault("15s")
    Duration idleTimeout();

    /** Time allowed for one whole image, download and upload together. */
    @WithDefault("120s")
    Duration totalTimeout();

    /** Largest image accepted, in bytes; enforced while streaming. */
    @WithDefault("25M")
    MemorySize maxImageBytes();
}
