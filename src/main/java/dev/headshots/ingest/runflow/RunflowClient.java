package dev.headshots.ingest.runflow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;
import org.jboss.resteasy.reactive.client.impl.multipart.PausableHttpPostRequestEncoder.EncoderMode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;

/**
 * Submits a job to Runflow: a multipart body with the photos as {@code images} and our {@code callback_url}, authenticated by
 * {@code x-api-key}. Yields Runflow's {@code headshots_id} (an answer carrying {@code id} instead is accepted too); any other
 * outcome (error status, no id, connection failure, timeout) fails with a {@link RunflowFailure} that says why.
 */
@ApplicationScoped
public class RunflowClient {

    private final RunflowApi api;
    private final Optional<String> apiKey;
    private final Duration deadline;
    private final ObjectMapper json;

    public RunflowClient(RunflowConfig runflow, ObjectMapper json) {
        this.api = builder(runflow)
                // One flat part per photo, as curl -F sends them: the default encoder nests files that share a field
                // name in a multipart/mixed part, which Runflow-style servers (multer, FastAPI) do not read.
                .property(QuarkusRestClientProperties.MULTIPART_ENCODER_MODE, EncoderMode.HTML5)
                .build(RunflowApi.class);
        this.apiKey = apiKey(runflow);
        this.deadline = deadline(runflow);
        this.json = json;
    }

    /** Sends the photos with {@code callbackUrl}; yields the job's {@code headshots_id}. */
    public Uni<UUID> submit(List<Photo> photos, String callbackUrl) {
        if (apiKey.isEmpty()) {
            return Uni.createFrom()
                    .failure(new RunflowFailure("No Runflow API key is configured (headshots.runflow.api-key)."));
        }
        ClientMultipartForm form = ClientMultipartForm.create().attribute("callback_url", callbackUrl, null);
        photos.forEach(photo -> form.binaryFileUpload("images", photo.fileName(), photo.file().toString(),
                photo.format().mediaType()));
        return api.generateHeadshots(apiKey.get(), form)
                .ifNoItem().after(deadline).failWith(TimeoutException::new)
                .onFailure(failure -> !(failure instanceof RunflowFailure)).transform(RunflowClient::unreachable)
                .map(this::headshotsId);
    }

    private UUID headshotsId(Response response) {
        try (response) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                throw RunflowFailure.answered(response.getStatus(), body);
            }
            JsonNode answer = json.readTree(body);
            JsonNode id = answer.hasNonNull("headshots_id") ? answer.get("headshots_id") : answer.get("id");
            if (id == null || !id.isTextual()) {
                throw new RunflowFailure("Runflow's answer has no headshots_id.");
            }
            return UUID.fromString(id.asText());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new RunflowFailure("Runflow's answer is not a job: " + e.getClass().getSimpleName() + ".");
        }
    }

    /**
     * A REST client builder for Runflow's API: its base URL and timeouts, and every status handed to the caller as a
     * {@code Response} (no exception mapping).
     */
    static QuarkusRestClientBuilder builder(RunflowConfig runflow) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(runflow.baseUrl())
                .connectTimeout(runflow.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(runflow.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true);
    }

    /** The configured API key, if it is not blank. */
    static Optional<String> apiKey(RunflowConfig runflow) {
        return runflow.apiKey().filter(key -> !key.isBlank());
    }

    /** How long a call may take in all: connecting, then reading the answer. */
    static Duration deadline(RunflowConfig runflow) {
        return runflow.connectTimeout().plus(runflow.readTimeout());
    }

    /** The failure of a call that got no answer: a timeout, or a connection that could not be made. */
    static RunflowFailure unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
                return new RunflowFailure("Runflow did not answer in time; it may still run the job, but its callback"
                        + " will be refused. Submit again.");
            }
        }
        return new RunflowFailure("Runflow could not be reached: " + failure.getClass().getSimpleName() + ".");
    }
}
