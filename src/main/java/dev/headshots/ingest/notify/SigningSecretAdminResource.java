package dev.headshots.ingest.notify;

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
import dev.headshots.ingest.tenant.TenantAdminResource;
import dev.headshots.ingest.tenant.TenantStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * {@code /admin/v1/tenants/{id}/signing-secrets}: create (and so rotate), list and end a tenant's signing secrets. A secret is
 * shown once, in the answer that creates it; the one it replaces keeps signing beside it for
 * {@code headshots.notify.rotation-overlap}.
 */
@Path("/admin/v1/tenants/{id}/signing-secrets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "keys")
@APIResponse(responseCode = "404", ref = "NotFound", description = "No such tenant, or no such secret of it")
public class SigningSecretAdminResource {

    private final TenantStore tenants;
    private final SigningSecrets secrets;

    public SigningSecretAdminResource(TenantStore tenants, SigningSecrets secrets) {
        this.tenants = tenants;
        this.secrets = secrets;
    }

    @POST
    @Operation(operationId = "createSigningSecret", summary = "Create a signing secret for the tenant's notifications; the secret is in this answer and nowhere else", description = "The tenant's other secrets keep signing beside it for headshots.notify.rotation-overlap (24 h), then end: each notification meanwhile carries one v1 signature per secret.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SigningSecrets.Created.class)))
    @APIResponse(responseCode = "409", ref = "Conflict", description = "headshots.notify.secret-keys, which protects secrets at rest, is not configured")
    public Uni<RestResponse<SigningSecrets.Created>> create(@Parameter(description = "The tenant's id") @RestPath String id) {
        return TenantAdminResource.requireExisting(tenants, id).chain(() -> secrets.create(id))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, created));
    }

    @GET
    @Operation(operationId = "listSigningSecrets", summary = "The tenant's signing secrets: ids and dates, never the secrets")
    @APIResponse(responseCode = "200", description = "The tenant's secrets, oldest first", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SecretList.class)))
    public Uni<SecretList> list(@Parameter(description = "The tenant's id") @RestPath String id) {
        return TenantAdminResource.requireExisting(tenants, id).chain(() -> secrets.list(id)).map(SecretList::new);
    }

    @DELETE
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Path("/{secretId}")
    @Operation(operationId = "endSigningSecret", summary = "End a signing secret of the tenant now; ending it again changes nothing")
    @APIResponse(responseCode = "204", description = "Ended")
    public Uni<RestResponse<Void>> end(@Parameter(description = "The tenant's id") @RestPath String id,
            @Parameter(description = "The secret's secret_id") @RestPath String secretId) {
        return secrets.end(id, secretId).map(ended -> {
            if (!ended) {
                throw new ProblemException(ProblemKind.NOT_FOUND, "No such signing secret of this tenant.");
            }
            return RestResponse.noContent();
        });
    }

    /** A tenant's signing secrets, oldest first. */
    @RegisterForReflection
    @Schema(name = "SigningSecretList", requiredProperties = {"items"})
    public record SecretList(@JsonProperty("items") List<SigningSecrets.Listed> items) {
    }
}
