package dev.headshots.ingest.webhook;

import java.util.List;
import java.util.UUID;

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
import org.jboss.resteasy.reactive.RestPath;

import dev.headshots.ingest.config.IngestConfig;
import dev.headshots.ingest.problem.Problem;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.runflow.CallbackTokens;
import dev.headshots.ingest.runflow.Submissions;
import dev.headshots.ingest.tracing.TraceParents;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /webhooks/runflow/headshots/{token}}: the callback URL of one job we submitted. The secret token in the path
 * authenticates the sender, so no shared header is needed; it must belong to a job (404 otherwise) and the callback must be
 * about that very job (403 otherwise), so a token can never be used to write another job's images. Neither refusal says
 * anything about which jobs exist. When the job was submitted through us with tracing on, this request's span links to the
 * submission's span: the two are separate traces, an hour or two apart.
 */
@Path("/webhooks/runflow/headshots/{token}")
public class JobCallbackResource {

    private final Submissions submissions;
    private final CallbackIntake intake;
    private final CallbackLimits limits;
    private final IngestConfig config;

    public JobCallbackResource(Submissions submissions, CallbackIntake intake, CallbackLimits limits, IngestConfig config) {
        this.submissions = submissions;
        this.intake = intake;
        this.limits = limits;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Receive the Runflow callback of a job submitted through POST /v1/headshots", description = "The "
            + "last path segment is the job's secret token, part of the callback_url we gave Runflow.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, example = CallbackResource.EXAMPLE))
    @APIResponse(responseCode = "200", description = "Accepted, or ignored for another event", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CallbackIntake.Ack.class)))
    @APIResponse(responseCode = "400", description = "Malformed JSON", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The callback is about another job than the token's", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No job has this token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "408", description = "The body did not arrive within headshots.webhook.body-timeout", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body too large", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not JSON", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Fails validation; errors lists every violation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "Too many unknown tokens from this address: retry after Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Not stored: retry after Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CallbackIntake.Ack> receive(@RestPath String token, @RestHeader("Content-Type") String contentType,
            RoutingContext request) {
        byte[] body = BodyLimitFilter.body(request);
        String client = CallbackLimits.clientOf(request);
        Span span = Span.current();
        return Uni.createFrom().item(() -> {
            intake.requireSize(body);
            limits.requireNotBlocked(client);
            return CallbackTokens.digestOfPresented(token).orElseThrow(JobCallbackResource::unknown);
        })
                .chain(digest -> submissions.ownerOf(digest)
                        .onFailure().transform(failure -> unavailable("The callback could not be checked right now")))
                .map(owner -> {
                    if (owner.submissionTraceparent() != null) {
                        span.addLink(TraceParents.spanContext(owner.submissionTraceparent()));
                    }
                    UUID job = owner.headshotsId().orElseThrow(() -> owner.known()
                            ? unavailable("The job is still being submitted")
                            : unknown());
                    CallbackBody callback = intake.read(contentType, body);
                    if (callback.headshotsId() != null && !callback.headshotsId().equals(job)) {
                        throw new ProblemException(ProblemKind.FORBIDDEN, "This callback URL is not for that job.");
                    }
                    return callback;
                })
                .chain(intake::forward)
                .onFailure().invoke(failure -> refused(client, failure));
    }

    /** Counts the refusal; an unknown token is a failed authentication of the client. */
    private void refused(String client, Throwable failure) {
        if (failure instanceof ProblemException problem && problem.kind() == ProblemKind.NOT_FOUND) {
            limits.failed(client);
        }
        intake.refused(failure);
    }

    private static ProblemException unknown() {
        return new ProblemException(ProblemKind.NOT_FOUND, "No such callback URL.");
    }

    private ProblemException unavailable(String what) {
        return new ProblemException(ProblemKind.UNAVAILABLE, what + "; retry later.", List.of(),
                config.webhook().retryAfter());
    }
}
