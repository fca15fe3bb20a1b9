package dev.headshots.ingest.copy;

import java.net.InetAddress;
import java.net.URI;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.egress.Egress;
import dev.headshots.ingest.egress.HostResolver;
import dev.headshots.ingest.egress.OutboundRules;
import dev.headshots.ingest.egress.UnresolvedHost;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Opens the download of one image. The URL is vetted by {@link SourcePolicy}, and the request is aimed by the shared
 * {@link Egress}: the host is resolved once by the {@link HostResolver}, every address is vetted, and the connection goes to
 * the vetted address itself (the name is kept for {@code Host} and TLS SNI), so that a name cannot resolve to one address when
 * checked and another when connected. A redirect is refused unless {@code max-redirects} allows it; each hop is then vetted
 * again, URL and addresses. Connecting is bounded by {@code connect-timeout}, the wait for the response's headers by
 * {@code first-byte-timeout}, silences by {@code idle-timeout}.
 * <p>
 * Connections are not kept alive: each download has a connection of its own, closed when it ends. A response we do not want is
 * dropped by closing its connection ({@link #discard}), and a short answer (a 503, a redirect) has often arrived in full before
 * it is looked at; a pooled client has by then handed that connection to the next download, which the close would cut after the
 * origin had served it, so that the image is fetched twice ({@code ImageSourceConnectionsTest}).
 */
@ApplicationScoped
public class ImageSource {

    private static final Logger LOG = Logger.getLogger(ImageSource.class);

    private final HttpClient client;
    private final SourcePolicy policy;
    private final Redirects redirects;
    private final Egress egress;
    private final DownloadConfig config;

    public ImageSource(Vertx vertx, DownloadConfig config, HostResolver resolver) {
        this.config = config;
        this.policy = new SourcePolicy(this.config);
        this.redirects = new Redirects(this.config.maxRedirects());
        this.egress = new Egress(resolver, policy.rules());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(this.config.concurrency())
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setKeepAlive(false)
                .setTryUseCompression(false)
                .setVerifyHost(true)
                .setForceSni(true)
                // No automatic client spans: they would record the presigned URL whole, and send our trace context to the
                // CDN. ImageTransfer makes the GET span itself, with the URL redacted.
                .setTracingPolicy(TracingPolicy.IGNORE));
    }

    /** Says at startup when the download rules are relaxed, or configured in a way that cannot work. */
    void warnAtStartup(@Observes StartupEvent event) {
        if (policy.allowsPrivateNetworks()) {
            LOG.warn("headshots.download.allow-private-networks is on: images may be fetched over plain http and from "
                    + "loopback and private addresses. For the local stack and tests only.");
        }
        if (!policy.ipLiteralEntries().isEmpty()) {
            LOG.warnf("headshots.download.allowed-hosts lists IP addresses %s; URLs with an IP address as host are always "
                    + "refused, list host names instead", policy.ipLiteralEntries());
        }
    }

    /** Sends the GET, following redirects if allowed, and emits the response with its body paused for the caller. */
    public Uni<HttpClientResponse> open(String url) {
        return Uni.createFrom().item(() -> policy.vetUrl(url))
                .chain(uri -> fetch(uri, 0))
                .onFailure(failure -> !(failure instanceof CopyFailure))
                .transform(failure -> CopyFailure.retryable(CopyFailure.Reason.NETWORK,
                        "connection failed: " + failure.getClass().getSimpleName(), failure));
    }

    private Uni<HttpClientResponse> fetch(URI uri, int hop) {
        Uni<HttpClientResponse> response = egress.vettedAddress(uri)
                .onFailure(OutboundRules.Refusal.class)
                .transform(refusal -> SourcePolicy.asCopyFailure((OutboundRules.Refusal) refusal))
                .onFailure(UnresolvedHost.class)
                .transform(failure -> CopyFailure.retryable(CopyFailure.Reason.NETWORK, failure.getMessage(), failure))
                .chain(address -> send(uri, address));
        if (hop > 0) {
            response = response.onFailure(CopyFailure.class)
                    .transform(failure -> ((CopyFailure) failure).at("redirect " + hop));
        }
        return response.chain(answer -> Redirects.isRedirect(answer.statusCode())
                ? follow(uri, answer, hop + 1)
                : Uni.createFrom().item(answer));
    }

    private Uni<HttpClientResponse> follow(URI from, HttpClientResponse redirect, int hop) {
        String location = redirect.getHeader("Location");
        discard(redirect);
        URI next;
        try {
            next = policy.vetUrl(redirects.target(from, location, hop).toString());
        } catch (CopyFailure refused) {
            return Uni.createFrom().failure(refused.reason() == CopyFailure.Reason.REDIRECT
                    ? refused
                    : refused.at("redirect " + hop));
        }
        return fetch(next, hop);
    }

    private Uni<HttpClientResponse> send(URI uri, InetAddress address) {
        return client.request(options(uri, address))
                .chain(request -> request.send()
                        .ifNoItem().after(config.firstByteTimeout()).failWith(() -> {
                            request.reset();
                            return CopyFailure.retryable(CopyFailure.Reason.NETWORK,
                                    "no response within the first-byte timeout", null);
                        }))
                .invoke(HttpClientResponse::pause);
    }

    private RequestOptions options(URI uri, InetAddress address) {
        return Egress.aimedAt(uri, address, HttpMethod.GET)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.idleTimeout().toMillis())
                .putHeader("Accept", "image/jpeg, image/png, image/webp");
    }

    /**
     * Drops a response whose body we do not want by resetting its stream, which closes the connection rather than reading an
     * unbounded body. The reset itself is expected, so its exception is not reported.
     */
    static void discard(HttpClientResponse response) {
        response.exceptionHandler(expected -> {
        });
        response.request().reset();
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
