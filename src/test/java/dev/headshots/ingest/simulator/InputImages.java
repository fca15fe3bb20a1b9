package dev.headshots.ingest.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a run's input images from the URLs it was created with, as a run does when it starts: each must answer 200 with a JPEG,
 * PNG or WebP body. Their SHA-256s become the job's photos; the first URL that fails says why, and the run fails.
 */
final class InputImages {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** Empty when every image was read (recorded on the job), else why the first one could not be. */
    Optional<String> fetch(SimulatedJob job) {
        List<String> digests = new ArrayList<>();
        List<String> urls = job.run().inputUrls();
        for (int i = 0; i < urls.size(); i++) {
            try {
                HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(urls.get(i)))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
                if (response.statusCode() != 200 || !SubmissionValidator.isImage(response.body())) {
                    return Optional.of("input_images[" + i + "] could not be read: HTTP " + response.statusCode()
                            + (response.statusCode() == 200 ? ", not an image" : ""));
                }
                digests.add(Digests.sha256(response.body()));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of("input_images[" + i + "] could not be read: " + e.getClass().getSimpleName());
            }
        }
        job.photosFetched(digests);
        return Optional.empty();
    }
}
