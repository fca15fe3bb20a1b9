package dev.headshots.ingest.reconcile;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.ops.Dependency;
import dev.headshots.ingest.ops.DependencyGate;
import dev.headshots.ingest.runflow.RunPhotos;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Deletes from our bucket the photos that runs read through presigned URLs, once the run is over: its outcome applied (any of
 * the four events, or a legacy completion), or the job timed out. A job's keys are cleared only after its objects are gone; a
 * failed deletion is tried again at the next round. Two instances deleting the same photos is harmless. Nothing is tried while
 * the bucket is down.
 */
@ApplicationScoped
public class PhotoPurge {

    static final int BATCH = 32;
    private static final Logger LOG = Logger.getLogger(PhotoPurge.class);

    private final ReconcileStore store;
    private final RunPhotos photos;
    private final DependencyGate dependencies;

    public PhotoPurge(ReconcileStore store, RunPhotos photos, DependencyGate dependencies) {
        this.store = store;
        this.photos = photos;
        this.dependencies = dependencies;
    }

    public Uni<Void> deleteFinished() {
        if (dependencies.isDown(Dependency.OBJECT_STORE)) {
            return Uni.createFrom().voidItem();
        }
        return store.photosToDelete(BATCH)
                .onItem().transformToMulti(jobs -> Multi.createFrom().iterable(jobs))
                .onItem().transformToUniAndConcatenate(job -> photos.delete(job.keys())
                        .chain(() -> store.photosDeleted(job.id()))
                        .invoke(() -> LOG.debugf("job %s: %d photo(s) deleted from the bucket", job.id(), job.keys().size()))
                        .onFailure().invoke(failure -> LOG.warnf("job %s: photos could not be deleted yet: %s", job.id(),
                                failure.getMessage()))
                        .onFailure().recoverWithNull())
                .collect().last()
                .replaceWithVoid();
    }
}
