package dev.headshots.ingest.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules every request we send to a URL that came from outside obeys, image downloads and customers' notification endpoints
 * alike: the URL names its host (no IP address in any spelling, no user-info, a valid port), the scheme is https, and every
 * address the name resolves to is public ({@link AddressRanges}). {@code allowPrivate}, for the local stack and tests, relaxes
 * only the scheme (http too) and the private ranges (loopback, RFC 1918, CGNAT, unique-local); the forbidden ranges (metadata,
 * link-local, multicast, reserved) hold in every mode. Which hosts are allowed at all is the caller's business (downloads have
 * a list; notifications go to any public host). A refusal is a {@link Refusal} whose message never holds the URL or an address.
 */
public final class OutboundRules {

    /**
     * A host that URL parsers read as an IPv4 address: its last label is a number (decimal, octal or {@code 0x} hexadecimal),
     * as in {@code 2130706433}, {@code 0177.0.0.1} or {@code 0x7f.1}.
     */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)(\\d+|0[xX][0-9a-fA-F]*)\\.?$");

    private final boolean allowPrivate;

    public OutboundRules(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** Checks the URL's form and host, before any name is resolved. */
    public URI vetUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new Refusal(Refusal.Kind.HOST, "not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
            throw new Refusal(Refusal.Kind.ADDRESS, allowPrivate ? "scheme is neither https nor http" : "scheme is not https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refusal(Refusal.Kind.HOST, "URL carries user-info");
        }
        String host = uri.getHost();
        if (host == null) {
            throw new Refusal(Refusal.Kind.HOST, "URL has no valid host name");
        }
        if (isIpLiteral(host)) {
            throw new Refusal(Refusal.Kind.HOST, "host is an IP address, not a name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new Refusal(Refusal.Kind.HOST, "port is out of range");
        }
        return uri;
    }

    /**
     * The address to connect to, out of what the host resolved to: every address must be acceptable (a name with one private
     * address among public ones is refused), and the first is used.
     */
    public InetAddress vetAddresses(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw new Refusal(Refusal.Kind.NO_ADDRESS, "host has no address");
        }
        for (InetAddress address : addresses) {
            AddressRanges.Verdict verdict = AddressRanges.classify(address);
            boolean refused = switch (verdict.kind()) {
                case PUBLIC -> false;
                case PRIVATE -> !allowPrivate;
                case FORBIDDEN -> true;
            };
            if (refused) {
                throw new Refusal(Refusal.Kind.ADDRESS, "host resolves to a " + verdict.name());
            }
        }
        return AddressRanges.connectable(addresses.get(0));
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivate;
    }

    /** True for IPv6 literals and for anything an URL parser would take as an IPv4 address. */
    public static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || NUMERIC_LAST_LABEL.matcher(host).matches();
    }

    /** Why a URL or an address was refused; the message is fit for logs and API answers (no URL, no address). */
    public static final class Refusal extends RuntimeException {

        /** Which rule refused. */
        public enum Kind {
            /** The URL's form or host: not a URL, user-info, an IP-literal host, a bad port. */
            HOST,
            /** The scheme, or an address the host resolves to. */
            ADDRESS,
            /** The host resolved to no address at all (transient, as a DNS failure is). */
            NO_ADDRESS
        }

        private final Kind kind;

        public Refusal(Kind kind, String detail) {
            super(detail, null, false, false);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }
}
