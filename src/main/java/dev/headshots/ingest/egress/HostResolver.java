package dev.headshots.ingest.egress;

import java.net.InetAddress;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Resolves the host name of an outbound URL (an image, a customer's notification endpoint), once per request, without blocking
 * the event loop. {@link Egress} vets every address it returns and the request connects to the vetted one itself, so what a
 * name resolves to later does not matter. Tests install their own implementation to play names that resolve to private
 * addresses or change their answer.
 */
public interface HostResolver {

    /** Every address of {@code host}; a name that does not resolve fails as {@link UnresolvedHost}. */
    Uni<List<InetAddress>> resolve(String host);
}
