package dev.headshots.ingest.webhook;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

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
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.runflow.CallbackOwners;
import dev.headshots.ingest.runflow.CallbackTokens;
import dev.headshots.ingest.runflow.Submissions;
import dev.headshots.ingest.security.CallbackLimits;
import dev.headshots.ingest.tracing.TraceParents;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/runflow/headshots/{token}}: the callback URL of one job we submitted. The secret token in the path
 * authenticates the sender, so no shared header is needed; it must belong to a job (404 otherwise) and the callback must be
 * about that very job (403 otherwise), so a token can never be used to write another job's images; a run envelope must also
 * echo the {@code metadata} its run was created with (403 otherwise). Neither refusal says anything about which jobs exist.
 * When Runflow callback secrets are configured, a callback of a job submitted as a run must also carry a valid
 * {@code Runflow-Signature} (401 otherwise): Runflow signs every callback once a secret is registered, so the token alone does
 * not let a leaked URL deliver a forged run. When the job was submitted through us with tracing on, this request's span links
 * to the submission's span: the two are separate traces, an hour or two apart.
 */
@Path("/webhooks/runflow/headshots/{token}")
@Tag(name = "callbacks")
public class JobCallbackResource {

    private final CallbackOwners owners;
    private final CallbackIntake intake;
    private final CallbackLimits limits;
    private final CallbackAuthenticator authenticator;
    private final WebhookConfig config;

    public JobCallbackResource(CallbackOwners owners, CallbackIntake intake, CallbackLimits limits,
            CallbackAuthenticator authenticator, WebhookConfig config) {
        this.owners = owners;
        this.intake = intake;
        this.limits = limits;
        this.authenticator = authenticator;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "receiveJobCallback", summary = "Receive the Runflow callback of a job submitted through POST /v1/headshots", description = "No API key: "
            + "the last path segment is the job's secret token, part of the callback_url we gave Runflow, and authenticates it; "
            + "a run's callback also carries Runflow-Signature once Runflow callback secrets are configured.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Callback"), examples = {
            @ExampleObject(name = "legacy", value = CallbackResource.EXAMPLE),
            @ExampleObject(name = "run", value = CallbackResource.RUN_EXAMPLE)}))
    @Parameter(name = "Runflow-Request-Id", in = ParameterIn.HEADER, description = "Runflow's id of this request, kept with "
            + "the delivery and logged; 1 to 128 printable ASCII characters")
    @APIResponse(responseCode = "200", description = "Accepted, or ignored for another event", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackIntake.Ack.class)))
    @APIResponse(responseCode = "400", ref = "BadBody", description = "Malformed JSON, a malformed Runflow-Request-Id, or an ambiguous path")
    @APIResponse(responseCode = "401", ref = "BadCredentials", description = "A run's callback without a valid Runflow-Signature, while Runflow callback secrets are configured")
    @APIResponse(responseCode = "403", ref = "Forbidden", description = "The callback is about another job than the token's, or does not echo its run's metadata")
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No job has this token")
    @APIResponse(responseCode = "408", ref = "RequestTimeout", description = "The body did not arrive within headshots.webhook.body-timeout")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge", description = "Body over headshots.webhook.max-body-bytes")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType", description = "Not JSON in UTF-8")
    @APIResponse(responseCode = "422", ref = "ValidationFailed", description = "Fails validation; errors lists every violation")
    @APIResponse(responseCode = "429", ref = "TooManyFailedAuthentications", description = "Too many unknown tokens or bad signatures from this address: retry after Retry-After seconds")
    @APIResponse(responseCode = "503", ref = "Unavailable", description = "Not stored, or the job is still being submitted: retry after Retry-After seconds")
    public Uni<CallbackIntake.Ack> receive(
            @Parameter(description = "The job's secret callback token: 43 characters of base64url") @RestPath String token,
            @RestHeader("Content-Type") String contentType,
            @RestHeader("Runflow-Request-Id") String requestIdHeader,
            @Parameter(description = "Lowercase hex HMAC-SHA256 of the raw body by a Runflow callback secret; required of a run's callback while Runflow callback secrets are configured") @RestHeader("Runflow-Signature") String signature,
            @Context RoutingContext request) {
        byte[] body = BodyLimitFilter.body(request);
        String client = CallbackLimits.clientOf(request);
        Span span = Span.current();
        return Uni.createFrom().item(() -> {
            intake.requireSize(body);
            limits.requireNotBlocked(client);
            return CallbackTokens.digestOfPresented(token).orElseThrow(JobCallbackResource::unknown);
        })
                .chain(digest -> owners.ownerOf(digest)
                        .onFailure().transform(failure -> unavailable("The callback could not be checked right now")))
                .map(owner -> callbackOf(owner, span, contentType, signature, body))
                .chain(callback -> intake.forward(callback, intake.requestId(requestIdHeader)))
                .onFailure().invoke(failure -> refused(client, failure));
    }

    /**
     * The callback in {@code body}, once the token's owner allows it: its job submitted, the signature valid when a run's
     * callback needs one, and the callback about that very job. Links {@code span} to the submission's span.
     */
    private CallbackBody callbackOf(Submissions.Owner owner, Span span, String contentType, String signature, byte[] body) {
        if (owner.submissionTraceparent() != null) {
            span.addLink(TraceParents.spanContext(owner.submissionTraceparent()));
        }
        UUID job = owner.headshotsId().orElseThrow(() -> owner.known()
                ? unavailable("The job is still being submitted")
                : unknown());
        if (owner.metadata().isPresent() && !authenticator.verifiesRunflowCallback(signature, body)) {
            throw new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid webhook credentials.");
        }
        CallbackBody callback = intake.read(contentType, body);
        if (callback.headshotsId() != null && !callback.headshotsId().equals(job)
                || !echoesMetadata(callback, owner.metadata())) {
            throw new ProblemException(ProblemKind.FORBIDDEN, "This callback URL is not for that job.");
        }
        return callback;
    }

    /**
     * A run envelope about a job we created a run for must echo the run's {@code metadata} (our submission's id and tenant);
     * Runflow returns it verbatim. A legacy callback carries none, and a legacy job has none to compare.
     */
    private static boolean echoesMetadata(CallbackBody callback, Optional<JsonNode> sent) {
        if (sent.isEmpty() || !callback.forwards() || !callback.runflowEvent().orElseThrow().isRun()) {
            return true;
        }
        return callback.run() != null && sent.get().equals(callback.run().metadata());
    }

    /** Counts the refusal; an unknown token, or a run's callback badly signed, is a failed authentication of the client. */
    private void refused(String client, Throwable failure) {
        if (failure instanceof ProblemException problem
                && (problem.kind() == ProblemKind.NOT_FOUND || problem.kind() == ProblemKind.UNAUTHORIZED)) {
            limits.failed(client);
        }
        intake.refused(failure);
    }

    private static ProblemException unknown() {
        return new ProblemException(ProblemKind.NOT_FOUND, "No such callback URL.");
    }

    private ProblemException unavailable(String what) {
        return new ProblemException(ProblemKind.UNAVAILABLE, what + "; retry later.", List.of(),
                config.retryAfter());
    }
}
