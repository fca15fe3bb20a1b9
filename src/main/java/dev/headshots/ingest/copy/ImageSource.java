package dev.headshots.ingest.copy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Opens the download of one image. The URL is vetted by {@link SourcePolicy}, the host name is resolved off the event loop, and
 * the connection goes to the vetted address itself (the name is kept for {@code Host} and TLS SNI), so that a name cannot
 * resolve to one address when checked and another when connected. Redirects are not followed.
 */
@ApplicationScoped
public class ImageSource {

    private final Vertx vertx;
    private final HttpClient client;
    private final SourcePolicy policy;
    private final IngestConfig.Download config;

    public ImageSource(Vertx vertx, IngestConfig config) {
        this.vertx = vertx;
        this.config = config.download();
        this.policy = new SourcePolicy(this.config);
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(this.config.concurrency())
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setVerifyHost(true)
                .setForceSni(true));
    }

    /** Sends the GET and emits the response with its body paused, to be consumed by the caller. */
    public Uni<HttpClientResponse> open(String url) {
        URI uri = policy.vetUrl(url);
        return resolve(uri.getHost())
                .map(policy::vetAddresses)
                .chain(address -> client.request(options(uri, address)))
                .chain(request -> request.send())
                .invoke(HttpClientResponse::pause)
                .onFailure(failure -> !(failure instanceof CopyFailure))
                .transform(failure -> CopyFailure.retryable(CopyFailure.Reason.NETWORK,
                        "connection failed: " + failure.getClass().getSimpleName(), failure));
    }

    private Uni<InetAddress[]> resolve(String host) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                return InetAddress.getAllByName(host);
            } catch (UnknownHostException e) {
                throw CopyFailure.retryable(CopyFailure.Reason.NETWORK, "host name did not resolve", e);
            }
        }), false);
    }

    private RequestOptions options(URI uri, InetAddress address) {
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : (https ? 443 : 80);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery())
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setIdleTimeout(config.idleTimeout().toMillis())
                .setFollowRedirects(false)
                .putHeader("Accept", "image/jpeg, image/png, image/webp");
    }

    @PreDestroy
    void close() {
        client.closeAndAwait();
    }
}
