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
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/runflow/headshots}: the callback Runflow sends when a job is done. Checks run cheapest first (size,
 * secret, media type, JSON, schema), all on the event loop without blocking; the answer is 200 only after the Kafka broker has
 * acknowledged the record, so nothing answered 200 can be lost.
 */
@Path("/webhooks/runflow/headshots")
public class CallbackResource {

    static final String EXAMPLE = """
            {"event": "headshots.completed", "headshots_id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
             "image_urls": ["https://cdn.runflow.io/headshots/out_001.jpg", "https://cdn.runflow.io/headshots/out_002.jpg"]}""";

    private final CallbackAuthenticator authenticator;
    private final CallbackIntake intake;

    public CallbackResource(CallbackAuthenticator authenticator, CallbackIntake intake) {
        this.authenticator = authenticator;
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive a Runflow headshots callback", description = "Answers 200 once the callback is stored "
            + "in Kafka; every refusal is an application/problem+json document.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, example = EXAMPLE))
    @APIResponse(responseCode = "200", description = "Accepted, or ignored for another event", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackIntake.Ack.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "Missing or wrong X-Webhook-Secret", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not JSON", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Fails validation; errors lists every violation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Not stored: retry after Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CallbackIntake.Ack> receive(@RestHeader("X-Webhook-Secret") String secret,
            @RestHeader("Content-Type") String contentType,
            RoutingContext request) {
        byte[] body = BodyLimitFilter.body(request);
        return Uni.createFrom()
                .item(() -> admit(secret, contentType, body))
                .chain(intake::forward)
                .onFailure().invoke(intake::refused);
    }

    private CallbackBody admit(String secret, String contentType, byte[] body) {
        intake.requireSize(body);
        if (!authenticator.verify(secret)) {
            throw new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid webhook credentials.");
        }
        return intake.read(contentType, body);
    }
}
