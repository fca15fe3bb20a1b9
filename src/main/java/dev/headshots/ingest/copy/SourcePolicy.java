package dev.headshots.ingest.copy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import dev.headshots.ingest.egress.OutboundRules;

/**
 * Decides which image URLs may be fetched and which addresses may be connected to: the {@link OutboundRules} every outbound
 * request obeys (a named host, https, public addresses; {@code allow-private-networks} relaxing only the scheme and the private
 * ranges), plus the downloads' own rule, the host listed in {@code headshots.download.allowed-hosts}, exactly or as
 * {@code *.suffix}. Refusals are {@link CopyFailure}s: the host's form and the list are {@code HOST_NOT_ALLOWED}, the scheme
 * and the addresses {@code BLOCKED_ADDRESS}. Redirect targets are vetted by the same rules.
 */
public final class SourcePolicy {

    private final List<String> allowedHosts;
    private final OutboundRules rules;

    public SourcePolicy(DownloadConfig config) {
        this.allowedHosts = config.allowedHosts().stream().map(host -> host.trim().toLowerCase(Locale.ROOT)).toList();
        this.rules = new OutboundRules(config.allowPrivateNetworks());
    }

    /** The shared rules, for aiming a request at a vetted address. */
    public OutboundRules rules() {
        return rules;
    }

    /** Checks the URL's form and host, before any name is resolved. */
    public URI vetUrl(String url) {
        URI uri;
        try {
            uri = rules.vetUrl(url);
        } catch (OutboundRules.Refusal refusal) {
            throw asCopyFailure(refusal);
        }
        if (!isAllowedHost(uri.getHost())) {
            throw CopyFailure.permanent(CopyFailure.Reason.HOST_NOT_ALLOWED, "host is not allowed");
        }
        return uri;
    }

    /**
     * The address to connect to, out of what the host resolved to: every address must be acceptable (a name with one private
     * address among public ones is refused), and the first is used.
     */
    public InetAddress vetAddresses(List<InetAddress> addresses) {
        try {
            return rules.vetAddresses(addresses);
        } catch (OutboundRules.Refusal refusal) {
            throw asCopyFailure(refusal);
        }
    }

    public boolean allowsPrivateNetworks() {
        return rules.allowsPrivateNetworks();
    }

    /** The entries of {@code allowed-hosts} that can never match, since IP-literal hosts are refused. */
    public List<String> ipLiteralEntries() {
        return allowedHosts.stream().filter(OutboundRules::isIpLiteral).toList();
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

    /** The download failure a refusal of the shared rules is. */
    static CopyFailure asCopyFailure(OutboundRules.Refusal refusal) {
        return switch (refusal.kind()) {
            case HOST -> CopyFailure.permanent(CopyFailure.Reason.HOST_NOT_ALLOWED, refusal.getMessage());
            case ADDRESS -> CopyFailure.permanent(CopyFailure.Reason.BLOCKED_ADDRESS, refusal.getMessage());
            case NO_ADDRESS -> CopyFailure.retryable(CopyFailure.Reason.NETWORK, refusal.getMessage(), null);
        };
    }
}
