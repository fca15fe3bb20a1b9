package dev.headshots.ingest.tenant;

import java.util.List;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.headshots.ingest.problem.Problem;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /admin/v1/tenants/{id}/api-keys}: issue, list and revoke a tenant's API keys. A key is shown once, in the answer that
 * issues it; a revoked key is refused by every instance within {@code headshots.tenants.key-cache-ttl}.
 */
@Path("/admin/v1/tenants/{id}/api-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "keys")
@APIResponse(responseCode = "404", ref = "NotFound", description = "No such tenant, or no such key of it")
public class ApiKeyAdminResource {

    private final TenantStore tenants;
    private final ApiKeyStore keys;

    public ApiKeyAdminResource(TenantStore tenants, ApiKeyStore keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @POST
    @Operation(operationId = "issueApiKey", summary = "Issue an API key to the tenant; the key is in this answer and nowhere else")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiKeyStore.IssuedKey.class)))
    public Uni<RestResponse<ApiKeyStore.IssuedKey>> issue(@Parameter(description = "The tenant's id") @RestPath String id) {
        return TenantAdminResource.requireExisting(tenants, id).chain(() -> keys.issue(id))
                .map(issued -> RestResponse.status(RestResponse.Status.CREATED, issued));
    }

    @GET
    @Operation(operationId = "listApiKeys", summary = "The tenant's API keys: ids and dates, never the keys")
    @APIResponse(responseCode = "200", description = "The tenant's keys, oldest first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyList.class)))
    public Uni<KeyList> list(@Parameter(description = "The tenant's id") @RestPath String id) {
        return TenantAdminResource.requireExisting(tenants, id).chain(() -> keys.list(id)).map(KeyList::new);
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{keyId}")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key of the tenant; revoking it again changes nothing")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<RestResponse<Void>> revoke(@Parameter(description = "The tenant's id") @RestPath String id,
            @Parameter(description = "The key's key_id") @RestPath String keyId) {
        return keys.revoke(id, keyId).map(revoked -> {
            if (!revoked) {
                throw new ProblemException(ProblemKind.NOT_FOUND, "No such key of this tenant.");
            }
            return RestResponse.noContent();
        });
    }

    /** A tenant's keys, oldest first. */
    @RegisterForReflection
    @Schema(name = "ApiKeyList", requiredProperties = {"items"})
    public record KeyList(@JsonProperty("items") List<ApiKeyStore.KeyView> items) {
    }
}
