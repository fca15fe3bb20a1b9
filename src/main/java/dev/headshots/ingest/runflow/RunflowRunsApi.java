package dev.headshots.ingest.runflow;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Uni;

/**
 * Runflow's runs platform, as a reactive REST client built by {@link RunflowRuns}: create a run of a model, read a run, and ask
 * for a new delivery of its callback. The model id keeps its slashes ({@code owner/slug}, possibly deeper), hence
 * {@link Encoded}. Bodies are JSON text, and the raw {@link Response} is returned so that the client decides what each status
 * means.
 */
@Path("/v1")
public interface RunflowRunsApi {

    @POST
    @Path("/models/{model}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> createRun(@PathParam("model") @Encoded String model, @HeaderParam("Authorization") String authorization,
            String body);

    @GET
    @Path("/runs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> getRun(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);

    @POST
    @Path("/runs/{id}/callback-redeliveries")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> redeliverCallback(@PathParam("id") String id, @HeaderParam("Authorization") String authorization);
}
