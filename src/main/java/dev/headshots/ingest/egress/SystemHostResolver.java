package dev.headshots.ingest.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The {@link HostResolver} of the JDK ({@code /etc/hosts}, then DNS, with the JVM's address cache), run on a worker thread
 * since the lookup blocks.
 */
public final class SystemHostResolver implements HostResolver {

    private final Vertx vertx;

    public SystemHostResolver(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> lookup(host)), false);
    }

    private static List<InetAddress> lookup(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new UnresolvedHost(e);
        }
    }

    /**
     * Makes the system resolver the service's {@link HostResolver} bean. It is produced as the interface, in a normal scope, so
     * that a test can put any other resolver in its place ({@code QuarkusMock.installMockForType}).
     */
    @Dependent
    static class Producer {

        @Produces
        @ApplicationScoped
        HostResolver hostResolver(Vertx vertx) {
            return new SystemHostResolver(vertx);
        }
    }
}
