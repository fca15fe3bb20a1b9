package dev.headshots.ingest.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;

import dev.headshots.ingest.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/runflow/headshots}: the callback Runflow sends when a job is done. Checks run cheapest first (size, the
 * client's failed-authentication allowance, credentials on the raw bytes, media type, JSON, schema), all on the event loop
 * without blocking; the answer is 200 only after the Kafka broker has acknowledged the record, so nothing answered 200 can be
 * lost. A signed delivery whose {@code webhook-id} was seen before is answered 200 without being published again.
 */
@Path("/webhooks/runflow/headshots")
public class CallbackResource {

    static final String EXAMPLE = """
            {"event": "headshots.completed", "headshots_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
             "image_urls": ["https://cdn.runflow.io/headshots/out_001.jpg", "https://cdn.runflow.io/headshots/out_002.jpg"]}""";

    private final CallbackAdmission admission;
    private final CallbackIntake intake;
    private final SeenDeliveries deliveries;

    public CallbackResource(CallbackAdmission admission, CallbackIntake intake, SeenDeliveries deliveries) {
        this.admission = admission;
        this.intake = intake;
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Runflow headshots callback", description = "Answers 200 once the callback is stored "
            + "in Kafka; every refusal is an application/problem+json document.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, example = EXAMPLE))
    @APIResponse(responseCode = "200", description = "Accepted, ignored for another event, or a repeated signed delivery", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackIntake.Ack.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No configured mode verifies the request: X-Webhook-Secret or the Standard Webhooks signature", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "408", description = "The body did not arrive within headshots.webhook.body-timeout", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not JSON in UTF-8", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Fails validation; errors lists every violation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many failed authentications from this address: retry after Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Not stored (broker, ceiling of callbacks per second, or the same delivery in progress): retry after Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CallbackIntake.Ack> receive(@RestHeader("X-Webhook-Secret") String secret,
            @RestHeader("webhook-id") String webhookId, @RestHeader("webhook-timestamp") String timestamp,
            @RestHeader("webhook-signature") String signature, @RestHeader("Content-Type") String contentType,
            RoutingContext request) {
        byte[] body = BodyLimitFilter.body(request);
        String client = CallbackLimits.clientOf(request);
        CallbackAuthenticator.Credentials credentials = new CallbackAuthenticator.Credentials(secret, webhookId, timestamp,
                signature);
        return Uni.createFrom()
                .item(() -> admission.admit(client, credentials, body))
                .chain(delivery -> forward(delivery, intake.read(contentType, body)))
                .onFailure().invoke(intake::refused);
    }

    private Uni<CallbackIntake.Ack> forward(CallbackAuthenticator.Authenticated delivery, CallbackBody callback) {
        if (delivery.deliveryId() == null || !callback.isCompleted()) {
            return intake.forward(callback);
        }
        return deliveries.once(delivery.deliveryId(), () -> intake.forward(callback),
                CallbackIntake.Ack.duplicate(callback.headshotsId()));
    }
}
