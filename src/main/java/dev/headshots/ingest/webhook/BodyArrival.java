package dev.headshots.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.problem.ProblemResponses;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How a callback's body arrives, around {@link BodyLimitFilter}'s body handler: in time, and whole. It gets
 * {@code headshots.webhook.body-timeout} once the headers are in; the HTTP layer's idle timeout closes a connection that goes
 * silent, but not one that trickles a byte now and then, so this answers that one 408 and closes it. A body that breaks while
 * it is read (malformed chunk framing) is answered 400 when the connection can still carry an answer, and a request whose
 * connection is already gone is dropped quietly rather than logged as a server error. All on the event loop; nothing waits.
 */
@ApplicationScoped
public class BodyArrival {

    private static final String TIMER = BodyArrival.class.getName() + ".timer";
    private static final String COMPLETE = BodyArrival.class.getName() + ".complete";

    private final long timeoutMillis;
    private final ProblemException timedOut = new ProblemException(ProblemKind.REQUEST_TIMEOUT,
            "The body did not arrive in time.");
    private final ProblemException broken = new ProblemException(ProblemKind.BAD_REQUEST, "The body could not be read.");
    private final ProblemResponses problems;
    private final CallbackMetrics metrics;

    public BodyArrival(WebhookConfig config, ProblemResponses problems, CallbackMetrics metrics) {
        this.timeoutMillis = Math.max(1, config.bodyTimeout().toMillis());
        this.problems = problems;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route("/webhooks/*").order(-101).handler(this::start);
        router.route("/webhooks/*").order(-98).handler(this::complete);
        router.route("/webhooks/*").order(-97).failureHandler(this::failed);
    }

    private void start(RoutingContext context) {
        long timer = context.vertx().setTimer(timeoutMillis, id -> answer(context, timedOut));
        context.put(TIMER, timer);
        context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
        context.next();
    }

    /** Runs once the whole body is in: the body handler before it calls on only then. */
    private void complete(RoutingContext context) {
        Long timer = context.get(TIMER);
        if (timer != null) {
            context.vertx().cancelTimer(timer);
        }
        context.put(COMPLETE, true);
        if (!context.response().ended()) {
            context.next();
        }
    }

    private void failed(RoutingContext context) {
        if (context.response().closed() || context.response().ended()) {
            return; // the sender is gone, or was answered already: nothing to say, and nothing wrong on our side
        }
        if (context.get(COMPLETE) == null) {
            answer(context, broken); // failed while the body was being read: the body is at fault, not the service
        } else {
            context.next();
        }
    }

    private void answer(RoutingContext context, ProblemException problem) {
        if (context.response().ended() || context.response().closed() || context.response().headWritten()) {
            return;
        }
        metrics.refused(problem);
        problems.send(context.response().putHeader(HttpHeaders.CONNECTION, "close"), problem)
                .onComplete(sent -> {
                    if (context.request().connection() != null) {
                        context.request().connection().close();
                    }
                });
    }
}
