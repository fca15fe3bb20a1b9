package dev.headshots.ingest.security;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.netty.util.NetUtil;

/**
 * Limits failed authentications per client address: each client gets a {@link TokenBucket} of {@code burst} failures that
 * refills by one every {@code refill}, and a client whose bucket is empty is refused before its credentials are even checked,
 * so that a right guess cannot be told from a wrong one while it is blocked. An IPv6 client is counted by its /64 prefix (one
 * host usually owns a whole /64 and could otherwise rotate addresses). At most {@code maxClients} clients are remembered; the
 * least recently seen is forgotten first, so memory stays bounded whatever the number of attacking addresses. Non-blocking.
 */
public final class FailedAuthLimiter {

    private final int burst;
    private final Duration refill;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> clients;

    public FailedAuthLimiter(int burst, Duration refill, int maxClients, LongSupplier nanoTime) {
        if (maxClients < 1) {
            throw new IllegalArgumentException("at least one client must be tracked");
        }
        this.burst = burst;
        this.refill = refill;
        this.nanoTime = nanoTime;
        this.clients = new LinkedHashMap<>(256, 0.75f, true) {

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxClients;
            }
        };
        new TokenBucket(burst, refill, nanoTime); // validates burst and refill now rather than at the first failure
    }

    /** Zero when {@code client} may try to authenticate, otherwise how long until it may try again. */
    public Duration blockedFor(String client) {
        TokenBucket bucket;
        synchronized (clients) {
            bucket = clients.get(keyOf(client));
        }
        return bucket == null ? Duration.ZERO : bucket.untilNextToken();
    }

    /** Records a failed authentication of {@code client}. */
    public void failed(String client) {
        TokenBucket bucket;
        synchronized (clients) {
            bucket = clients.computeIfAbsent(keyOf(client), key -> new TokenBucket(burst, refill, nanoTime));
        }
        bucket.drain();
    }

    /** How many clients are remembered right now. */
    public int tracked() {
        synchronized (clients) {
            return clients.size();
        }
    }

    /**
     * The key {@code client} is counted under: an IPv4 address (also when written IPv4-mapped) as is, an IPv6 address as its
     * /64 prefix, anything else as given. Parsing only, never a name lookup.
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
        return NetUtil.bytesToIpAddress(Arrays.copyOf(Arrays.copyOf(address, 8), 16)) + "/64";
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
