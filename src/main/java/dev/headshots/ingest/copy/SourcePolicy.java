package dev.headshots.ingest.copy;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.headshots.ingest.config.IngestConfig;

/**
 * Decides which image URLs may be fetched and which addresses may be connected to. A URL must name its host (no IP address in
 * any spelling, no user-info) and the host must be listed in {@code headshots.download.allowed-hosts}, exactly or as
 * {@code *.suffix}; the scheme must be https and every address the name resolves to public ({@link AddressRanges}).
 * {@code allow-private-networks}, for the local stack and tests, relaxes only the scheme (http too) and the private ranges
 * (loopback, RFC 1918, CGNAT, unique-local): the host rules and the forbidden ranges (metadata, link-local, multicast,
 * reserved) hold in every mode. Redirect targets are vetted by the same rules.
 */
public final class SourcePolicy {

    /**
     * A host that URL parsers read as an IPv4 address: its last label is a number (decimal, octal or {@code 0x} hexadecimal),
     * as in {@code 2130706433}, {@code 0177.0.0.1} or {@code 0x7f.1}.
     */
    private static final Pattern NUMERIC_LAST_LABEL = Pattern.compile("(^|.*\\.)(\\d+|0[xX][0-9a-fA-F]*)\\.?$");

    private final List<String> allowedHosts;
    private final boolean allowPrivate;

    public SourcePolicy(IngestConfig.Download config) {
        this.allowedHosts = config.allowedHosts().stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
        this.allowPrivate = config.allowPrivateNetworks();
    }

    /** Checks the URL's form and host, before any name is resolved. */
    public URI vetUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw hostNotAllowed("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || (allowPrivate && scheme.equals("http")))) {
            throw CopyFailure.permanent(CopyFailure.Reason.BLOCKED_ADDRESS,
                    allowPrivate ? "scheme is neither https nor http" : "scheme is not https");
        }
        if (uri.getRawUserInfo() != null) {
            throw hostNotAllowed("URL carries user-info");
        }
        String host = uri.getHost();
        if (host == null) {
            throw hostNotAllowed("URL has no valid host name");
        }
        if (isIpLiteral(host)) {
            throw hostNotAllowed("host is an IP address, not a name");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw hostNotAllowed("port is out of range");
        }
        if (!isAllowedHost(host)) {
            throw hostNotAllowed("host is not allowed");
        }
        return uri;
    }

    /**
     * The address to connect to, out of what the host resolved to: every address must be acceptable (a name with one private
     * address among public ones is refused), and the first is used.
     */
    public InetAddress vetAddresses(List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw CopyFailure.retryable(CopyFailure.Reason.NETWORK, "host has no address", null);
        }
        for (InetAddress address : addresses) {
            AddressRanges.Verdict verdict = AddressRanges.classify(address);
            boolean refused = switch (verdict.kind()) {
                case PUBLIC -> false;
                case PRIVATE -> !allowPrivate;
                case FORBIDDEN -> true;
            };
            if (refused) {
                throw CopyFailure.permanent(CopyFailure.Reason.BLOCKED_ADDRESS, "host resolves to a " + verdict.name());
            }
        }
        return AddressRanges.connectable(addresses.get(0));
    }

    public boolean allowsPrivateNetworks() {
        return allowPrivate;
    }

    /** The entries of {@code allowed-hosts} that can never match, since IP-literal hosts are refused. */
    public List<String> ipLiteralEntries() {
        return allowedHosts.stream().filter(SourcePolicy::isIpLiteral).toList();
    }

    boolean isAllowedHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? name.endsWith(allowed.substring(1)) : name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** True for IPv6 literals and for anything an URL parser would take as an IPv4 address. */
    static boolean isIpLiteral(String host) {
        return host.startsWith("[") || host.indexOf(':') >= 0 || NUMERIC_LAST_LABEL.matcher(host).matches();
    }

    private static CopyFailure hostNotAllowed(String detail) {
        return CopyFailure.permanent(CopyFailure.Reason.HOST_NOT_ALLOWED, detail);
    }
}
