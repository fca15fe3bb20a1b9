package dev.headshots.ingest.copy;

import java.net.InetAddress;
import java.util.List;

import io.smallrye.mutiny.Uni;

/**
 * Resolves the host name of an image URL, once per request, without blocking the event loop. {@link ImageSource} vets every
 * address it returns and connects to the vetted one itself, so what a name resolves to later does not matter. Tests install
 * their own implementation to play names that resolve to private addresses or change their answer.
 */
public interface HostResolver {

    /** Every address of {@code host}; a name that does not resolve fails as a transient {@link CopyFailure}. */
    Uni<List<InetAddress>> resolve(String host);
}
