package dev.headshots.ingest.webhook;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;

import dev.headshots.ingest.security.CallbackLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/runflow/headshots}: the callback Runflow sends when a job is done, the legacy
 * {@code headshots.completed} or a run envelope ({@code run.*}), routed on {@code event}. Checks run cheapest first (size, the
 * client's failed-authentication allowance, credentials on the raw bytes, media type, JSON, schema), all on the event loop
 * without blocking; the answer is 200 only after the Kafka broker has acknowledged the record, so nothing answered 200 can be
 * lost. A signed delivery whose {@code webhook-id} was seen before is answered 200 without being published again.
 */
@Path("/webhooks/runflow/headshots")
@Tag(name = "callbacks")
public class CallbackResource {

    static final String EXAMPLE = """
            {"event": "headshots.completed", "headshots_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
             "image_urls": ["https://cdn.runflow.io/headshots/out_001.jpg", "https://cdn.runflow.io/headshots/out_002.jpg"]}""";

    static final String RUN_EXAMPLE = """
            {"event": "run.completed", "run_id": "0193b0a4-7c1e-7d2a-9f00-5b6c7d8e9f01", "status": "succeeded",
             "output": {"image_urls": ["https://cdn.runflow.io/headshots/out_001.jpg"]}, "duration_ms": 102345,
             "created_at": "2026-05-06T10:00:00.000000+00:00", "completed_at": "2026-05-06T10:01:42.000000+00:00",
             "metadata": {"headshots_submission_id": "5d1f0c2e-1b7a-4c55-9a43-0e6f1d2c3b4a", "tenant": "default"}}""";

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
    @Operation(operationId = "receiveCallback", summary = "Receive a Runflow headshots callback", description = "Answers 200 "
            + "once the callback is stored in Kafka; every refusal is an application/problem+json document. No API key: the "
            + "request is authenticated by whichever configured mode verifies it, the shared secret in X-Webhook-Secret, a "
            + "Standard Webhooks signature (webhook-id, webhook-timestamp, webhook-signature) or Runflow-Signature.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Callback"), examples = {
            @ExampleObject(name = "legacy", summary = "headshots.completed (generate-headshots)", value = EXAMPLE),
            @ExampleObject(name = "run", summary = "a run envelope: run.completed, run.partial_succeeded, run.failed or "
                    + "run.cancelled", value = RUN_EXAMPLE)}))
    @Parameter(name = "Runflow-Signature", in = ParameterIn.HEADER, description = "Lowercase hex HMAC-SHA256 of the raw body "
            + "by a Runflow callback secret (headshots.webhook.runflow-signing-secrets); exactly 64 characters")
    @Parameter(name = "Runflow-Request-Id", in = ParameterIn.HEADER, description = "Runflow's id of this request, kept with "
            + "the delivery and logged; 1 to 128 printable ASCII characters")
    @APIResponse(responseCode = "200", description = "Accepted, ignored for another event, or a repeated signed delivery", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackIntake.Ack.class)))
    @APIResponse(responseCode = "400", ref = "BadBody", description = "Malformed JSON, a malformed Runflow-Request-Id, or an ambiguous path")
    @APIResponse(responseCode = "401", ref = "BadCredentials", description = "No configured mode verifies the request: X-Webhook-Secret, the Standard Webhooks signature or Runflow-Signature")
    @APIResponse(responseCode = "408", ref = "RequestTimeout", description = "The body did not arrive within headshots.webhook.body-timeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge", description = "Body over headshots.webhook.max-body-bytes")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType", description = "Not JSON in UTF-8")
    @APIResponse(responseCode = "422", ref = "ValidationFailed", description = "Fails validation; errors lists every violation")
    @APIResponse(responseCode = "429", ref = "TooManyFailedAuthentications", description = "Too many failed authentications from this address: retry after Retry-After seconds")
    @APIResponse(responseCode = "503", ref = "Unavailable", description = "Not stored (broker, ceiling of callbacks per second, the same delivery in progress, or our database or bucket down): retry after Retry-After seconds")
    public Uni<CallbackIntake.Ack> receive(
            @Parameter(description = "A shared secret, one of headshots.webhook.secrets") @RestHeader("X-Webhook-Secret") String secret,
            @Parameter(description = "Standard Webhooks: the delivery's id; a signed delivery seen before is answered 200 and not published again") @RestHeader("webhook-id") String webhookId,
            @Parameter(description = "Standard Webhooks: unix seconds, within headshots.webhook.timestamp-tolerance") @RestHeader("webhook-timestamp") String timestamp,
            @Parameter(description = "Standard Webhooks: space-separated v1,<base64 HMAC-SHA256> signatures") @RestHeader("webhook-signature") String signature,
            @RestHeader("Runflow-Signature") String runflowSignature,
            @RestHeader("Runflow-Request-Id") String requestId, @RestHeader("Content-Type") String contentType,
            @Context RoutingContext request) {
        byte[] body = BodyLimitFilter.body(request);
        String client = CallbackLimits.clientOf(request);
        CallbackAuthenticator.Credentials credentials = new CallbackAuthenticator.Credentials(secret, webhookId, timestamp,
                signature, runflowSignature);
        return Uni.createFrom()
                .item(() -> admission.admit(client, credentials, body))
                .chain(delivery -> forward(delivery, intake.read(contentType, body), intake.requestId(requestId)))
                .onFailure().invoke(intake::refused);
    }

    private Uni<CallbackIntake.Ack> forward(CallbackAuthenticator.Authenticated delivery, CallbackBody callback,
            String requestId) {
        if (delivery.deliveryId() == null || !callback.forwards()) {
            return intake.forward(callback, requestId);
        }
        return deliveries.once(delivery.deliveryId(), () -> intake.forward(callback, requestId),
                CallbackIntake.Ack.duplicate(callback.headshotsId()));
    }
}
