package dev.headshots.ingest.support;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.headshots.ingest.egress.HostResolver;
import dev.headshots.ingest.egress.UnresolvedHost;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * A {@link HostResolver} that plays DNS for SSRF tests: a scripted name answers its scripted addresses, one answer per lookup
 * in order (the last one repeats), so a name can resolve to a private address, or change its answer between two lookups as a
 * rebinding attacker's would. Every lookup is counted. Names without a script are resolved by the JDK, so the rest of the
 * service works as usual while the script is installed ({@code QuarkusMock.installMockForType}).
 */
public final class ResolverScript implements HostResolver {

    private final Map<String, Deque<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();

    /** Adds one answer for {@code host}: after the answers before it have been given once each, lookups get this one. */
    public ResolverScript answer(String host, InetAddress... addresses) {
        answers.computeIfAbsent(key(host), name -> new ArrayDeque<>()).addLast(List.of(addresses));
        return this;
    }

    /** Adds one answer for {@code host} made of address literals. */
    public ResolverScript answer(String host, String... literals) {
        return answer(host, Arrays.stream(literals).map(ResolverScript::literal).toArray(InetAddress[]::new));
    }

    /** How many times {@code host} was looked up. */
    public int lookups(String host) {
        AtomicInteger count = lookups.get(key(host));
        return count == null ? 0 : count.get();
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        lookups.computeIfAbsent(key(host), name -> new AtomicInteger()).incrementAndGet();
        Deque<List<InetAddress>> script = answers.get(key(host));
        if (script != null) {
            synchronized (script) {
                return Uni.createFrom().item(script.size() > 1 ? script.pollFirst() : script.peekFirst());
            }
        }
        return Uni.createFrom().item(() -> system(host)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** An address literal, without any lookup. */
    public static InetAddress literal(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal + " is not an address literal", e);
        }
    }

    /**
     * {@code ::ffff:a.b.c.d} as an {@link Inet6Address}, the way a resolver may hand it over (the JDK would turn a parsed
     * literal into an IPv4 address).
     */
    public static InetAddress ipv4Mapped(String ipv4) {
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xff;
        raw[11] = (byte) 0xff;
        System.arraycopy(literal(ipv4).getAddress(), 0, raw, 12, 4);
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<InetAddress> system(String host) {
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw new UnresolvedHost(e); // as the service's own resolver fails
        }
    }

    private static String key(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
