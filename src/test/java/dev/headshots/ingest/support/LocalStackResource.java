package dev.headshots.ingest.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Ties {@code @QuarkusTest}s to the real local stack: it refuses to start when PostgreSQL, Kafka or S3Proxy is not listening
 * (start them with {@code deploy/local/stack up}), and starts the shared {@link ImageOrigin} that plays Runflow's CDN, injected
 * into fields marked {@link InjectOrigin}.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {

    private static final Map<String, Integer> SERVICES = Map.of("PostgreSQL", 5432, "Kafka", 19092, "S3Proxy", 9090);
    private static ImageOrigin origin;

    /** The origin shared by every test of the run: 60 distinct JPEGs of about 60 KB. */
    public static synchronized ImageOrigin origin() {
        if (origin == null) {
            origin = ImageOrigin.start(60, 240);
        }
        return origin;
    }

    @Override
    public Map<String, String> start() {
        SERVICES.forEach(LocalStackResource::requireListening);
        origin();
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(origin(),
                new TestInjector.AnnotatedAndMatchesType(InjectOrigin.class, ImageOrigin.class));
    }

    @Override
    public void stop() {
        // The origin outlives a single test class: Quarkus restarts between profiles, the origin does not need to.
    }

    private static void requireListening(String name, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        } catch (IOException e) {
            throw new IllegalStateException(name + " is not listening on 127.0.0.1:" + port
                    + ". Start the local stack first: deploy/local/stack up");
        }
    }
}
