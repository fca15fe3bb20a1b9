package dev.headshots.ingest.egress;

import java.net.InetAddress;
import java.net.URI;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

/**
 * Aims one request at a vetted address: the host of an already vetted URL is resolved once by the {@link HostResolver}, every
 * address is vetted by the {@link OutboundRules}, and the request connects to the vetted address itself, the name being used
 * only for {@code Host} and TLS SNI and verification. A name cannot resolve to one address when checked and another when
 * connected to (DNS rebinding). Redirects are never followed by the options it makes; callers decide what a 3xx means. Used by
 * the image downloader and by the notifications to customers' endpoints.
 */
public final class Egress {

    private final HostResolver resolver;
    private final OutboundRules rules;

    public Egress(HostResolver resolver, OutboundRules rules) {
        this.resolver = resolver;
        this.rules = rules;
    }

    public OutboundRules rules() {
        return rules;
    }

    /** Resolves {@code uri}'s host and yields the vetted address, or fails with a {@link OutboundRules.Refusal}. */
    public Uni<InetAddress> vettedAddress(URI uri) {
        return resolver.resolve(uri.getHost()).map(rules::vetAddresses);
    }

    /** Request options for {@code uri} (already vetted) that connect to {@code address}, which was vetted for its host. */
    public static RequestOptions aimedAt(URI uri, InetAddress address, HttpMethod method) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new RequestOptions()
                .setMethod(method)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                .setFollowRedirects(false);
    }
}
