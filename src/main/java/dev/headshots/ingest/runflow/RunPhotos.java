package dev.headshots.ingest.runflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.copy.ObjectStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The photos of a run in our bucket: the runs platform takes image URLs, not files, so the photos of a submission are uploaded
 * under {@code photos/<submission id>/<n>.<ext>} first, and Runflow is given presigned GET URLs of them, valid for
 * {@code headshots.runflow.photo-url-ttl}. They are deleted once the run is over (its outcome applied, or the job timed out),
 * or at once when Runflow refuses the run. Presigning is local computation, safe on the event loop.
 */
@ApplicationScoped
public class RunPhotos {

    static final String PREFIX = "photos/";

    private final ObjectStore store;
    private final S3Presigner presigner;
    private final Duration ttl;

    public RunPhotos(ObjectStore store, S3Presigner presigner, RunflowConfig config) {
        this.store = store;
        this.presigner = presigner;
        this.ttl = config.photoUrlTtl();
    }

    /** Uploads the photos, one after the other; yields their keys, in order. */
    public Uni<List<String>> upload(UUID submission, List<Photo> photos) {
        List<String> keys = keysOf(submission, photos);
        return Multi.createFrom().range(0, photos.size())
                .onItem().transformToUniAndConcatenate(i -> store.putFile(keys.get(i), photos.get(i).format().mediaType(),
                        photos.get(i).file()))
                .collect().last()
                .replaceWith(keys);
    }

    /** The keys the photos of a submission are uploaded to, in order. */
    public List<String> keysOf(UUID submission, List<Photo> photos) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            keys.add(PREFIX + submission + "/" + (i + 1) + "." + photos.get(i).format().extension());
        }
        return List.copyOf(keys);
    }

    /** A presigned GET URL of each key, valid for the configured TTL from now. */
    public List<String> links(List<String> keys) {
        return keys.stream().map(key -> presigner.presignGetObject(request -> request.signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(store.bucket()).key(key))).url().toString()).toList();
    }

    public Uni<Void> delete(List<String> keys) {
        return store.delete(keys);
    }
}
