package dev.headshots.ingest.notify;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.headshots.ingest.egress.Egress;
import dev.headshots.ingest.egress.HostResolver;
import dev.headshots.ingest.egress.OutboundRules;
import dev.headshots.ingest.egress.UnresolvedHost;
import dev.headshots.ingest.problem.Problem.Violation;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * Where notifications may go: a tenant's or a submission's {@code notify_url} must pass the rules of every outbound request
 * ({@link OutboundRules}, shared with the image downloader: https, a host name and no user-info, every address it resolves to
 * public), without an allowed-hosts list, since customers' hosts are not known in advance. A URL is vetted when it is given
 * (422 when it fails, naming the field, never echoing the URL) and again at every attempt, where the request connects to the
 * address that was vetted ({@link Egress}).
 */
@ApplicationScoped
public class NotifyTargets {

    /** The longest {@code notify_url} taken (the columns' width). */
    static final int MAX_LENGTH = 2048;
    /**
     * What every refusal of a host name says, at the 422 and in a delivery's {@code last_error}, whatever the name resolved to
     * if it resolved at all: were a private address and no address told apart, any tenant could map the cluster's internal
     * names through its {@code notify_url}.
     */
    static final String UNACCEPTABLE_HOST = "host does not resolve to public addresses only";
    private static final Logger LOG = Logger.getLogger(NotifyTargets.class);

    private final Egress egress;

    public NotifyTargets(HostResolver resolver, NotifyConfig config) {
        this.egress = new Egress(resolver, new OutboundRules(config.allowPrivateNetworks()));
    }

    void warnAtStartup(@Observes StartupEvent event) {
        if (egress.rules().allowsPrivateNetworks()) {
            LOG.warn("headshots.notify.allow-private-networks is on: notifications may be sent over plain http and to "
                    + "loopback and private addresses. For the local stack and tests only.");
        }
    }

    Egress egress() {
        return egress;
    }

    /**
     * The address to send to for {@code uri} (already vetted): the vetted address its host resolves to, or an
     * {@link UnacceptableHost} when it does not resolve, resolves to no address, or to any address that is not public.
     */
    Uni<InetAddress> vettedAddress(URI uri) {
        return egress.vettedAddress(uri)
                .onFailure(failure -> failure instanceof OutboundRules.Refusal || failure instanceof UnresolvedHost)
                .transform(failure -> new UnacceptableHost());
    }

    /**
     * What is wrong with the form of a {@code notify_url} given as {@code field}, or null: it is empty or longer than
     * {@value #MAX_LENGTH} characters. Checked with the request's other fields, so that one 422 lists every violation; whether
     * the URL may be notified is {@link #requireAcceptable}'s question.
     */
    public static Violation formViolation(String url, String field) {
        return url != null && (url.isEmpty() || url.length() > MAX_LENGTH)
                ? new Violation(field, "must be a URL of at most " + MAX_LENGTH + " characters")
                : null;
    }

    /**
     * Succeeds when {@code url} (null: nothing to check) may be notified now; otherwise a 422 whose violation names
     * {@code field} and the rule that refused it.
     */
    public Uni<Void> requireAcceptable(String url, String field) {
        if (url == null) {
            return Uni.createFrom().voidItem();
        }
        URI uri;
        try {
            if (url.length() > MAX_LENGTH) {
                throw new OutboundRules.Refusal(OutboundRules.Refusal.Kind.HOST, "longer than " + MAX_LENGTH + " characters");
            }
            uri = egress.rules().vetUrl(url);
        } catch (OutboundRules.Refusal refusal) {
            return Uni.createFrom().failure(refused(field, refusal.getMessage()));
        }
        return vettedAddress(uri).onFailure(UnacceptableHost.class).transform(failure -> refused(field, UNACCEPTABLE_HOST))
                .replaceWithVoid();
    }

    private ProblemException refused(String field, String reason) {
        String rule = egress.rules().allowsPrivateNetworks() ? "an http(s) URL" : "an https URL";
        return new ProblemException(ProblemKind.VALIDATION_FAILED, "The notify_url cannot be notified.", List.of(
                new Violation(field, "must be " + rule + " with a host name whose every address is public: " + reason)),
                null);
    }

    /** A notify URL's host that did not resolve to public addresses only; which way it failed is deliberately not kept. */
    static final class UnacceptableHost extends RuntimeException {

        UnacceptableHost() {
            super(UNACCEPTABLE_HOST, null, false, false);
        }
    }
}
