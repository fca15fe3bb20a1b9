package dev.headshots.ingest.tenant;

import java.net.URI;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.config.PageSize;
import dev.headshots.ingest.config.StorageConfig;
import dev.headshots.ingest.notify.NotifyTargets;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Uni;

/**
 * {@code /admin/v1/tenants}: create, list, read, change, disable and enable tenants. A tenant's bucket and key prefix are
 * checked writable before they are saved (422 naming the bucket otherwise). Disabling a tenant refuses its keys on every
 * instance within {@code headshots.tenants.key-cache-ttl}; its jobs keep being copied and nothing is deleted.
 */
@Path("/admin/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "tenants")
public class TenantAdminResource {

    static final String MERGE_PATCH = "application/merge-patch+json";

    private final TenantStore tenants;
    private final BucketAccess buckets;
    private final NotifyTargets notifyTargets;
    private final String defaultBucket;
    private final ApiConfig api;

    public TenantAdminResource(TenantStore tenants, BucketAccess buckets, NotifyTargets notifyTargets,
            StorageConfig storage, ApiConfig api) {
        this.tenants = tenants;
        this.buckets = buckets;
        this.notifyTargets = notifyTargets;
        this.defaultBucket = storage.bucket();
        this.api = api;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createTenant", summary = "Create a tenant", description = "Body: id (^[a-z0-9][a-z0-9-]{0,31}$), name, and optionally bucket, "
            + "key_prefix (default \"{id}/\"), max_jobs_in_flight, submissions_per_minute, notify_url (https; where its jobs' "
            + "events are sent, signed), retention_images and retention_tombstones (ISO-8601 durations, e.g. P30D; the "
            + "shorter of the tenant's and the installation's applies; tombstones at least P7D).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TenantCreate")))
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location", description = "The tenant's URL", schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "400", ref = "BadBody")
    @APIResponse(responseCode = "409", ref = "Conflict", description = "A tenant with this id exists")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType", description = "Not application/json")
    @APIResponse(responseCode = "422", ref = "ValidationFailed", description = "Invalid fields, or a bucket the service cannot write to; errors lists every violation")
    public Uni<RestResponse<TenantView>> create(@Parameter(hidden = true) JsonNode body) {
        Tenant wanted = TenantRequests.create(body);
        return notifyTargets.requireAcceptable(wanted.notifyUrl(), "/notify_url")
                .chain(() -> buckets.requireWritable(bucketOf(wanted), wanted.keyPrefix()))
                .chain(() -> tenants.create(wanted))
                .map(created -> RestResponse.ResponseBuilder
                        .create(RestResponse.Status.CREATED, TenantView.of(created, defaultBucket))
                        .location(URI.create("/admin/v1/tenants/" + created.id()))
                        .build());
    }

    @GET
    @Operation(operationId = "listTenants", summary = "Tenants by id; follow next for the following page")
    @APIResponse(responseCode = "200", description = "A page of tenants", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.Page.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest", description = "limit out of range")
    public Uni<TenantView.Page> list(
            @Parameter(description = "Tenants per page, 1 to headshots.api.max-page-size (100); default headshots.api.page-size (20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @RestQuery String limit,
            @Parameter(description = "The next value of the previous page") @RestQuery String after) {
        int size = PageSize.of(limit, api.pageSize(), api.maxPageSize());
        return tenants.page(after == null ? "" : after, size + 1).map(page -> new TenantView.Page(
                page.stream().limit(size).map(tenant -> TenantView.of(tenant, defaultBucket)).toList(),
                page.size() > size ? page.get(size - 1).id() : null));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getTenant", summary = "A tenant")
    @APIResponse(responseCode = "200", description = "The tenant", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such tenant")
    public Uni<TenantView> get(@Parameter(description = "The tenant's id") @RestPath String id) {
        return tenants.get(id).map(found -> view(found, id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(operationId = "updateTenant", summary = "Change a tenant (JSON merge patch)", description = "Fields present replace; null restores a field's "
            + "default (no limit for a quota, the installation's bucket, \"{id}/\" for key_prefix, no notify_url). A new bucket "
            + "or prefix applies to jobs created afterwards; existing jobs keep where their objects are. Setting notify_url "
            + "enables it again after a 410 Gone disabled it.")
    @RequestBody(required = true, content = {
            @Content(mediaType = MERGE_PATCH, schema = @Schema(ref = "TenantPatch")),
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TenantPatch"))})
    @APIResponse(responseCode = "200", description = "The tenant as changed", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "400", ref = "BadBody")
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such tenant")
    @APIResponse(responseCode = "415", ref = "UnsupportedMediaType", description = "Neither application/merge-patch+json nor application/json")
    @APIResponse(responseCode = "422", ref = "ValidationFailed", description = "Invalid fields, or a bucket the service cannot write to; errors lists every violation")
    public Uni<TenantView> patch(@Parameter(description = "The tenant's id") @RestPath String id,
            @Parameter(hidden = true) JsonNode patch) {
        return tenants.get(id).map(found -> found.orElseThrow(() -> unknown(id)))
                .chain(current -> {
                    Tenant changed = TenantRequests.patch(current, patch);
                    boolean moved = !bucketOf(changed).equals(bucketOf(current))
                            || !changed.keyPrefix().equals(current.keyPrefix());
                    boolean notifyUrlSet = patch.has("notify_url");
                    return (notifyUrlSet
                            ? notifyTargets.requireAcceptable(changed.notifyUrl(), "/notify_url")
                            : Uni.createFrom().voidItem())
                            .chain(() -> moved
                                    ? buckets.requireWritable(bucketOf(changed), changed.keyPrefix())
                                    : Uni.createFrom().voidItem())
                            .chain(() -> tenants.update(changed, notifyUrlSet));
                })
                .map(updated -> view(updated, id));
    }

    @POST
    @Path("/{id}/disable")
    @Operation(operationId = "disableTenant", summary = "Disable a tenant: its API keys are refused; its jobs keep being copied; nothing is deleted")
    @APIResponse(responseCode = "200", description = "The tenant, disabled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such tenant")
    public Uni<TenantView> disable(@Parameter(description = "The tenant's id") @RestPath String id) {
        return tenants.disable(id).map(found -> view(found, id));
    }

    @POST
    @Path("/{id}/enable")
    @Operation(operationId = "enableTenant", summary = "Enable a disabled tenant again: its API keys that are not revoked work again")
    @APIResponse(responseCode = "200", description = "The tenant, enabled", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TenantView.class)))
    @APIResponse(responseCode = "404", ref = "NotFound", description = "No such tenant")
    public Uni<TenantView> enable(@Parameter(description = "The tenant's id") @RestPath String id) {
        return tenants.enable(id).map(found -> view(found, id));
    }

    private String bucketOf(Tenant tenant) {
        return tenant.bucket() == null ? defaultBucket : tenant.bucket();
    }

    private TenantView view(Optional<Tenant> tenant, String id) {
        return TenantView.of(tenant.orElseThrow(() -> unknown(id)), defaultBucket);
    }

    /** Succeeds when tenant {@code id} exists; otherwise the 404 of every {@code /admin/v1/tenants/{id}/…} route. */
    public static Uni<Void> requireExisting(TenantStore tenants, String id) {
        return tenants.get(id).invoke(found -> found.orElseThrow(() -> unknown(id))).replaceWithVoid();
    }

    static ProblemException unknown(String id) {
        return new ProblemException(ProblemKind.NOT_FOUND, "No tenant " + sanitised(id) + ".");
    }

    /** An id as it may be echoed: only a well-formed one is. */
    private static String sanitised(String id) {
        return id != null && TenantRequests.ID.matcher(id).matches() ? id : "with that id";
    }
}
