package dev.headshots.ingest.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.netty.util.NetUtil;

/**
 * Limits failed authentications per client: each client gets a {@link TokenBucket} of {@code burst} failures that refills by
 * one every {@code refill}, and a client whose bucket is empty is refused before its credentials are even checked, so that a
 * right guess cannot be told from a wrong one while it is blocked. A client is an IPv4 address, or an IPv6 /48 (a site's
 * allocation: one attacker may own a whole /48, and its 65,536 /64s would otherwise be as many allowances).
 * <p>
 * At most {@code maxClients} clients are remembered, and a client is forgotten only once its bucket is full again (it remembers
 * nothing then); to make room, the least recently seen of the oldest entries that are idle is dropped. When every remembered
 * client still has failures to serve, the others share one more bucket, the overflow. So address space buys nothing: whatever
 * the number of addresses, at most {@code (maxClients + 1) × burst} failures get through at once and {@code maxClients + 1} per
 * {@code refill} after that, and memory stays bounded. The price, while that many clients fail at once: a client not remembered
 * (one that never failed, too) is refused whenever the overflow is used up. Non-blocking.
 */
public final class FailedAuthLimiter {

    /** How many of the least recently seen clients are looked at for an idle one, to keep a failure's cost bounded. */
    private static final int EVICTION_SCAN = 16;

    private final int burst;
    private final Duration refill;
    private final int maxClients;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> clients = new LinkedHashMap<>(256, 0.75f, true);
    private final TokenBucket overflow;

    public FailedAuthLimiter(int burst, Duration refill, int maxClients, LongSupplier nanoTime) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("at least one client must be tracked");
        }
        this.burst = burst;
        this.refill = refill;
        this.maxClients = maxClients;
        this.nanoTime = nanoTime;
        this.overflow = new TokenBucket(burst, refill, nanoTime); // validates burst and refill now
    }

    /** Zero when {@code client} may try to authenticate, otherwise how long until it may try again. */
    public Duration blockedFor(String client) {
        TokenBucket bucket;
        synchronized (clients) {
            bucket = clients.get(keyOf(client));
        }
        return (bucket == null ? overflow : bucket).untilNextToken();
    }

    /** Records a failed authentication of {@code client}. */
    public void failed(String client) {
        String key = keyOf(client);
        TokenBucket bucket;
        synchronized (clients) {
            bucket = clients.get(key);
            if (bucket == null && hasRoom()) {
                bucket = new TokenBucket(burst, refill, nanoTime);
                clients.put(key, bucket);
            }
        }
        (bucket == null ? overflow : bucket).drain();
    }

    /** How many clients are remembered right now. */
    public int tracked() {
        synchronized (clients) {
            return clients.size();
        }
    }

    /** Whether a client can be added, after dropping an idle one if need be; called holding the lock. */
    private boolean hasRoom() {
        if (clients.size() < maxClients) {
            return true;
        }
        Iterator<TokenBucket> eldest = clients.values().iterator();
        for (int i = 0; i < EVICTION_SCAN && eldest.hasNext(); i++) {
            if (eldest.next().isFull()) {
                eldest.remove();
                return true;
            }
        }
        return false;
    }

    /**
     * The key {@code client} is counted under: an IPv4 address (also when written IPv4-mapped) as is, an IPv6 address as its
     * /48 prefix, anything else as given. Parsing only, never a name lookup.
     */
    static String keyOf(String client) {
        if (client == null || client.isEmpty()) {
            return "unknown";
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(client);
        if (address == null) {
            return client;
        }
        if (address.length == 16 && isIpv4Mapped(address)) {
            address = Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length == 4) {
            return NetUtil.bytesToIpAddress(address);
        }
        return NetUtil.bytesToIpAddress(Arrays.copyOf(Arrays.copyOf(address, 6), 16)) + "/48";
    }

    private static boolean isIpv4Mapped(byte[] address) {
        for (int i = 0; i < 10; i++) {
            if (address[i] != 0) {
                return false;
            }
        }
        return address[10] == (byte) 0xff && address[11] == (byte) 0xff;
    }
}
