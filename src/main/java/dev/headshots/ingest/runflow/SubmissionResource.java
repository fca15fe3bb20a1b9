package dev.headshots.ingest.runflow;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.notify.NotifyTargets;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.state.JobStatus;
import dev.headshots.ingest.tenant.Caller;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /v1/headshots}: takes a multipart upload of photos (parts named {@code images}), submits them to Runflow with a
 * callback URL of their own, and answers 202 with the job's id and status URL. Runflow calls back an hour or two later.
 */
@Path("/v1/headshots")
@Tag(name = "jobs")
public class SubmissionResource {

    private static final Logger LOG = Logger.getLogger(SubmissionResource.class);

    private final PhotoCheck photos;
    private final SubmitJob submitJob;
    private final NotifyTargets notifyTargets;
    private final PublicUrls urls;
    private final WebhookConfig config;

    public SubmissionResource(PhotoCheck photos, SubmitJob submitJob, NotifyTargets notifyTargets, PublicUrls urls,
            WebhookConfig config) {
        this.photos = photos;
        this.notifyTargets = notifyTargets;
        this.submitJob = submitJob;
        this.urls = urls;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "submitJob", summary = "Submit photos to Runflow for 60 headshots", description = "Multipart: one file part named images "
            + "per photo (JPEG, PNG or WebP), and optionally client_reference_id (1 to 200 characters) and metadata (a JSON "
            + "object of at most 20 strings, keys of at most 40 characters, values of at most 500), which come back in the job "
            + "and its events, and notify_url (https, a host whose every address is public), where the job's events are sent "
            + "instead of the tenant's notify_url. The images are copied into the tenant's bucket when Runflow calls back.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(ref = "Submission")))
    @APIResponse(responseCode = "202", description = "Submitted; poll status_url", headers = @Header(name = "Location", ref = "Location"), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "400", ref = "BadBody", description = "The upload could not be read, or the path is spelled ambiguously")
    @APIResponse(responseCode = "413", ref = "PayloadTooLarge", description = "A photo, or the whole upload, is too large")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType", description = "Not multipart, or a photo that is not a JPEG, PNG or WebP")
    @APIResponse(responseCode = "422", ref = "ValidationFailed", description = "No photos, too many, an invalid client_reference_id or metadata, or a notify_url that cannot be notified (not https, or a host resolving to a loopback, private, link-local or metadata address); errors lists every violation")
    @APIResponse(responseCode = "429", ref = "TooManyRequests", description = "The tenant's quota of jobs in flight or of submissions per minute is used up, or this client address failed authentication too often: retry after Retry-After seconds; Runflow was not called")
    @APIResponse(responseCode = "502", ref = "UpstreamFailed", description = "Runflow refused the job or could not be reached; detail says why")
    @APIResponse(responseCode = "503", ref = "Unavailable", description = "Our database is unavailable, or the key could not be checked: retry after Retry-After seconds")
    public Uni<RestResponse<Submitted>> submit(@RestForm("images") List<FileUpload> images,
            @RestForm("client_reference_id") String clientReferenceId, @RestForm("metadata") String metadata,
            @RestForm("notify_url") String notifyUrl, @Context RoutingContext request) {
        String tenant = Caller.of(request).tenantId();
        SubmissionDetails details = SubmissionDetails.read(clientReferenceId, metadata, notifyUrl);
        return notifyTargets.requireAcceptable(details.notifyUrl(), "notify_url")
                .chain(() -> photos.check(images))
                .chain(checked -> submitJob.submit(checked, tenant, details))
                .onFailure(failure -> !(failure instanceof ProblemException)).transform(this::unavailable)
                .map(id -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.ACCEPTED, new Submitted(id, JobStatus.SUBMITTED, urls.status(id)))
                        .location(URI.create(urls.status(id)))
                        .build());
    }

    private ProblemException unavailable(Throwable failure) {
        LOG.warnf("a submission failed: %s", failure.toString());
        return new ProblemException(ProblemKind.UNAVAILABLE, "The job could not be submitted right now; retry later.",
                List.of(), config.retryAfter());
    }

    /** The answer to an accepted submission. */
    @RegisterForReflection
    @Schema(requiredProperties = {"headshots_id", "status", "status_url"})
    public record Submitted(@JsonProperty("headshots_id") UUID headshotsId, @JsonProperty("status") JobStatus status,
            @JsonProperty("status_url") String statusUrl) {
    }
}
