package dev.headshots.ingest.runflow;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * The calls this service makes to Runflow's runs platform, each with {@code Authorization: Bearer <api-key>}: create a run of
 * {@code headshots.runflow.model} ({@code POST /v1/models/{model}/runs} with {@code input}, {@code callback_url} and
 * {@code metadata}; yields the run's {@code id}), read a run ({@code GET /v1/runs/{id}}), and ask for a new delivery of a run's
 * callback ({@code POST /v1/runs/{id}/callback-redeliveries}). Any outcome but a 2xx with the expected JSON (an error status,
 * no id, a connection failure, no answer within the connect plus read timeouts) fails with a {@link RunflowFailure} that says
 * why.
 */
@ApplicationScoped
public class RunflowRuns {

    private final RunflowRunsApi api;
    private final Optional<String> apiKey;
    private final Optional<String> model;
    private final Duration deadline;
    private final ObjectMapper json;

    public RunflowRuns(RunflowConfig runflow, ObjectMapper json) {
        this.api = RunflowClient.builder(runflow).build(RunflowRunsApi.class);
        this.apiKey = RunflowClient.apiKey(runflow);
        this.model = runflow.model().filter(name -> !name.isBlank());
        this.deadline = RunflowClient.deadline(runflow);
        this.json = json;
    }

    /** Creates a run with {@code input}, {@code callbackUrl} and {@code metadata}; yields its id. */
    public Uni<UUID> createRun(JsonNode input, String callbackUrl, JsonNode metadata) {
        if (model.isEmpty()) {
            return Uni.createFrom().failure(new RunflowFailure("No Runflow model is configured (headshots.runflow.model)."));
        }
        ObjectNode request = json.createObjectNode();
        request.set("input", input);
        request.put("callback_url", callbackUrl);
        request.set("metadata", metadata);
        return call(bearer -> api.createRun(model.get(), bearer, request.toString()))
                .map(run -> {
                    JsonNode id = run.get("id");
                    try {
                        return UUID.fromString(id == null || !id.isTextual() ? "" : id.asText());
                    } catch (IllegalArgumentException e) {
                        throw new RunflowFailure("Runflow's answer has no run id.");
                    }
                });
    }

    /** The run as Runflow has it now: {@code status_code}, {@code output}, {@code failure_code}, {@code failure_message}, … */
    public Uni<JsonNode> getRun(UUID id) {
        return call(bearer -> api.getRun(id.toString(), bearer));
    }

    /** Asks Runflow for a new delivery of the run's callback, built from the run's current state. */
    public Uni<Void> redeliverCallback(UUID id) {
        return call(bearer -> api.redeliverCallback(id.toString(), bearer)).replaceWithVoid();
    }

    private Uni<JsonNode> call(Function<String, Uni<Response>> request) {
        if (apiKey.isEmpty()) {
            return Uni.createFrom()
                    .failure(new RunflowFailure("No Runflow API key is configured (headshots.runflow.api-key)."));
        }
        return Uni.createFrom().deferred(() -> request.apply("Bearer " + apiKey.get()))
                .ifNoItem().after(deadline).failWith(TimeoutException::new)
                .onFailure(failure -> !(failure instanceof RunflowFailure)).transform(RunflowClient::unreachable)
                .map(this::body);
    }

    private JsonNode body(Response response) {
        try (response) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                throw RunflowFailure.answered(response.getStatus(), body);
            }
            JsonNode answer = body.isBlank() ? json.createObjectNode() : json.readTree(body);
            if (!answer.isObject()) {
                throw new RunflowFailure("Runflow's answer is not a JSON object.");
            }
            return answer;
        } catch (JsonProcessingException e) {
            throw new RunflowFailure("Runflow's answer is not JSON: " + e.getClass().getSimpleName() + ".");
        }
    }
}
