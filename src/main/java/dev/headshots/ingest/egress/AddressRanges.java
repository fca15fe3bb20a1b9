package dev.headshots.ingest.egress;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Which addresses an outbound request (an image download, a notification) may connect to. An address is {@link Kind#PUBLIC}
 * unless it falls in one of the ranges below (the most specific range decides): {@link Kind#PRIVATE} ranges are what a local
 * stack or a cluster uses, and {@code allow-private-networks} lets them through; {@link Kind#FORBIDDEN} ranges are never a
 * legitimate destination (cloud metadata, link-local, multicast, reserved), so they are refused in every mode. IPv6 forms that
 * carry an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d},
 * 6to4 {@code 2002:aabb:ccdd::}) are judged by that IPv4 address. Documentation ranges (192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24, 2001:db8::/32) are not routed on the internet and are left public.
 */
public final class AddressRanges {

    /** How an address is treated. */
    public enum Kind {
        /** May be connected to. */
        PUBLIC,
        /** Loopback and private networks: connected to only with {@code allow-private-networks}. */
        PRIVATE,
        /** Never connected to. */
        FORBIDDEN
    }

    /** The range an address fell in: its kind and a name fit for a failure's detail. */
    public record Verdict(Kind kind, String name) {
    }

    private static final Verdict PUBLIC = new Verdict(Kind.PUBLIC, "public");

    private static final List<Range> RANGES = List.of(
            range("0.0.0.0/8", Kind.FORBIDDEN, "unspecified ('this network') address"),
            range("10.0.0.0/8", Kind.PRIVATE, "private address"),
            range("100.64.0.0/10", Kind.PRIVATE, "shared (CGNAT) address"),
            range("100.100.100.200/32", Kind.FORBIDDEN, "cloud metadata address"),
            range("127.0.0.0/8", Kind.PRIVATE, "loopback address"),
            range("168.63.129.16/32", Kind.FORBIDDEN, "cloud metadata address"),
            range("169.254.0.0/16", Kind.FORBIDDEN, "link-local address"),
            range("172.16.0.0/12", Kind.PRIVATE, "private address"),
            range("192.0.0.0/24", Kind.FORBIDDEN, "IETF protocol assignment address"),
            range("192.88.99.0/24", Kind.FORBIDDEN, "6to4 relay address"),
            range("192.168.0.0/16", Kind.PRIVATE, "private address"),
            range("198.18.0.0/15", Kind.FORBIDDEN, "benchmarking address"),
            range("224.0.0.0/4", Kind.FORBIDDEN, "multicast address"),
            range("240.0.0.0/4", Kind.FORBIDDEN, "reserved or broadcast address"),
            range("::/128", Kind.FORBIDDEN, "unspecified address"),
            range("::1/128", Kind.PRIVATE, "loopback address"),
            range("::ffff:0:0:0/96", Kind.FORBIDDEN, "IPv4-translated address"),
            range("64:ff9b:1::/48", Kind.PRIVATE, "local-use NAT64 address"),
            range("100::/64", Kind.FORBIDDEN, "discard-only address"),
            range("2001::/23", Kind.FORBIDDEN, "IETF protocol assignment address (Teredo, benchmarking, ORCHID)"),
            range("fc00::/7", Kind.PRIVATE, "unique-local address"),
            range("fd00:ec2::254/128", Kind.FORBIDDEN, "cloud metadata address"),
            range("fe80::/10", Kind.FORBIDDEN, "link-local address"),
            range("fec0::/10", Kind.PRIVATE, "site-local address"),
            range("ff00::/8", Kind.FORBIDDEN, "multicast address"));

    private AddressRanges() {
    }

    /** The verdict on {@code address}, IPv4 carried in IPv6 judged as IPv4. */
    public static Verdict classify(InetAddress address) {
        InetAddress embedded = embeddedIpv4(address);
        if (embedded != null) {
            Verdict inner = classify(embedded);
            return inner.kind() == Kind.PUBLIC ? inner : new Verdict(inner.kind(), inner.name() + " inside IPv6");
        }
        Range best = null;
        for (Range range : RANGES) {
            if (range.contains(address) && (best == null || range.bits > best.bits)) {
                best = range;
            }
        }
        return best == null ? PUBLIC : new Verdict(best.kind, best.name);
    }

    /**
     * The address to connect to for a vetted {@code address}: an IPv4-mapped or IPv4-compatible IPv6 address becomes its IPv4
     * address (NAT64 and 6to4 addresses stay as they are, since they are reached through IPv6).
     */
    public static InetAddress connectable(InetAddress address) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address && (isMapped(raw) || isCompatible(raw))) {
            return ipv4(raw, 12);
        }
        return address;
    }

    /** The IPv4 address an IPv6 address carries, or null. */
    private static InetAddress embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return null;
        }
        byte[] raw = address.getAddress();
        if (isMapped(raw) || isCompatible(raw) || startsWith(raw, 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0)) {
            return ipv4(raw, 12);
        }
        if (startsWith(raw, 0x20, 0x02)) {
            return ipv4(raw, 2);
        }
        return null;
    }

    /** {@code ::ffff:a.b.c.d}. */
    private static boolean isMapped(byte[] raw) {
        return startsWith(raw, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff);
    }

    /** {@code ::a.b.c.d}, other than {@code ::} and {@code ::1}. */
    private static boolean isCompatible(byte[] raw) {
        return startsWith(raw, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
                && !(raw[12] == 0 && raw[13] == 0 && raw[14] == 0 && (raw[15] & 0xfe) == 0);
    }

    private static boolean startsWith(byte[] raw, int... prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if ((raw[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress ipv4(byte[] raw, int offset) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(raw, offset, offset + 4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    private static Range range(String cidr, Kind kind, String name) {
        String[] parts = cidr.split("/");
        try {
            return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), kind, name);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address literal: " + cidr, e);
        }
    }

    /** A network prefix; IPv4 ranges match only IPv4 addresses, IPv6 ranges only IPv6 ones. */
    private record Range(byte[] network, int bits, Kind kind, String name) {

        boolean contains(InetAddress address) {
            byte[] raw = address.getAddress();
            if (raw.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((raw[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
