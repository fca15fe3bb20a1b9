package dev.headshots.ingest.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.security.CallbackLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/bench/ceiling}: the ceiling (a) of the ingest benchmark (BENCHMARKS.md), served only with
 * {@code headshots.webhook.bench-ceiling=true} and 404 otherwise. A callback gets what {@link CallbackResource} does to it up
 * to publishing: the same body handling under {@code /webhooks/*}, size, client allowance and credentials, media type, strict
 * parsing and every field check, on the event loop, answered through the same REST stack. Then 200 {@code "checked"}: nothing
 * is published, stored or counted, and the per-second ceiling, the dependency gate and signed-delivery bookkeeping are skipped,
 * since they belong to forwarding.
 */
@Path("/webhooks/bench/ceiling")
public class BenchCeilingResource {

    private final CallbackAdmission admission;
    private final CallbackIntake intake;
    private final boolean enabled;

    public BenchCeilingResource(CallbackAdmission admission, CallbackIntake intake, WebhookConfig config) {
        this.admission = admission;
        this.intake = intake;
        this.enabled = config.benchCeiling();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<CallbackIntake.Ack> check(@RestHeader("X-Webhook-Secret") String secret,
            @RestHeader("webhook-id") String webhookId, @RestHeader("webhook-timestamp") String timestamp,
            @RestHeader("webhook-signature") String signature, @RestHeader("Runflow-Signature") String runflowSignature,
            @RestHeader("Content-Type") String contentType, RoutingContext request) {
        if (!enabled) {
            return Uni.createFrom().failure(new ProblemException(ProblemKind.NOT_FOUND, "No such resource."));
        }
        byte[] body = BodyLimitFilter.body(request);
        String client = CallbackLimits.clientOf(request);
        CallbackAuthenticator.Credentials credentials = new CallbackAuthenticator.Credentials(secret, webhookId, timestamp,
                signature, runflowSignature);
        return Uni.createFrom().item(() -> {
            admission.admit(client, credentials, body);
            return CallbackIntake.Ack.checked(intake.read(contentType, body).headshotsId());
        });
    }
}
