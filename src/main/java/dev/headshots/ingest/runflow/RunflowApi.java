package dev.headshots.ingest.runflow;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

import io.smallrye.mutiny.Uni;

/**
 * Runflow's asynchronous Generate Headshots endpoint, as a reactive REST client built by {@link RunflowClient}. The raw
 * {@link Response} is returned so that the client decides what each status means.
 */
@Path("/api/v1/images/generate-headshots")
public interface RunflowApi {

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> generateHeadshots(@HeaderParam("x-api-key") String apiKey, ClientMultipartForm form);
}
