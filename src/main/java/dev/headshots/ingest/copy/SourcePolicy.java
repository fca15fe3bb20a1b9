package dev.headshots.ingest.copy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import dev.headshots.ingest.config.IngestConfig;

/**
 * Decides which image URLs may be fetched and which addresses may be connected to. Hosts must be listed in
 * {@code headshots.download.allowed-hosts} (exactly, or as {@code *.suffix}); the scheme must be https and every resolved
 * address public, unless {@code allow-private-networks} is set for the local stack and tests.
 */
public final class SourcePolicy {

    private final List<String> allowedHosts;
    private final boolean allowPrivate;

    public SourcePolicy(IngestConfig.Download config) {
        this.allowedHosts = config.allowedHosts().stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
        this.allowPrivate = config.allowPrivateNetworks();
    }

    /** Checks the URL's form and host, before any name is resolved. */
    public URI vetUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw CopyFailure.permanent(CopyFailure.Reason.HOST_NOT_ALLOWED, "not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
            throw CopyFailure.permanent(CopyFailure.Reason.BLOCKED_ADDRESS, "scheme " + scheme + " is not allowed");
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null || !isAllowedHost(uri.getHost())) {
            throw CopyFailure.permanent(CopyFailure.Reason.HOST_NOT_ALLOWED, "host is not allowed");
        }
        return uri;
    }

    /** The first resolved address that may be connected to; every address of the name must be acceptable. */
    public InetAddress vetAddresses(InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            if (!allowPrivate && !isPublic(address)) {
                throw CopyFailure.permanent(CopyFailure.Reason.BLOCKED_ADDRESS, "host resolves to a non-public address");
            }
        }
        if (addresses.length == 0) {
            throw CopyFailure.retryable(CopyFailure.Reason.NETWORK, "host has no address", null);
        }
        return addresses[0];
    }

    boolean isAllowedHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? name.endsWith(allowed.substring(1)) : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** False for loopback, private, link-local, multicast, unspecified and IPv6 unique-local addresses. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address) {
            return (raw[0] & 0xfe) != 0xfc;
        }
        int first = raw[0] & 0xff;
        int second = raw[1] & 0xff;
        return !(first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240);
    }
}
