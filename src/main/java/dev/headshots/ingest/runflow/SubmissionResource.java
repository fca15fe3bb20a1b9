package dev.headshots.ingest.runflow;

import java.net.URI;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.notify.NotifyTargets;
import dev.headshots.ingest.problem.Problem;
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
    @Operation(summary = "Submit photos to Runflow for 60 headshots", description = "Multipart: one file part named images "
            + "per photo (JPEG, PNG or WebP), and optionally client_reference_id (1 to 200 characters) and metadata (a JSON "
            + "object of at most 20 strings, keys of at most 40 characters, values of at most 500), which come back in the job "
            + "and its events, and notify_url (https, a host whose every address is public), where the job's events are sent "
            + "instead of the tenant's notify_url. The images are copied into the tenant's bucket when Runflow calls back.")
    @APIResponse(responseCode = "202", description = "Submitted; poll status_url", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Submitted.class)))
    @APIResponse(responseCode = "401", description = "Missing or invalid X-Api-Key", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "A photo, or the whole upload, is too large", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "415", description = "Not multipart, or a photo that is not a JPEG, PNG or WebP", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "No photos, too many, an invalid client_reference_id or metadata, or a notify_url that cannot be notified (not https, or a host resolving to a loopback, private, link-local or metadata address); errors lists every violation", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "429", description = "The tenant's quota of jobs in flight or of submissions per minute is used up: retry after Retry-After seconds; Runflow was not called", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "Runflow refused the job or could not be reached; detail says why", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Our database is unavailable: retry after Retry-After seconds", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<RestResponse<Submitted>> submit(@RestForm("images") List<FileUpload> images,
            @RestForm("client_reference_id") String clientReferenceId, @RestForm("metadata") String metadata,
            @RestForm("notify_url") String notifyUrl, RoutingContext request) {
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
    public record Submitted(@JsonProperty("headshots_id") UUID headshotsId, @JsonProperty("status") JobStatus status,
            @JsonProperty("status_url") String statusUrl) {
    }
}
