package dev.headshots.ingest.runflow;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import dev.headshots.ingest.copy.ImageFormat;
import dev.headshots.ingest.problem.Problem;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.file.OpenOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * Checks the photos of a submission before anything is sent to Runflow: between one and {@code headshots.runflow.max-photos} of
 * them (422), none larger than {@code max-photo-bytes} (413), and each a JPEG, PNG or WebP by its first bytes, whatever its
 * declared type (415). Files are read asynchronously, and only their first bytes.
 */
@ApplicationScoped
public class PhotoCheck {

    private final Vertx vertx;
    private final int maxPhotos;
    private final long maxPhotoBytes;

    public PhotoCheck(Vertx vertx, RunflowConfig config) {
        this.vertx = vertx;
        this.maxPhotos = config.maxPhotos();
        this.maxPhotoBytes = config.maxPhotoBytes().asLongValue();
    }

    public Uni<List<Photo>> check(List<FileUpload> uploads) {
        if (uploads == null || uploads.isEmpty()) {
            return refuse(ProblemKind.VALIDATION_FAILED, "Send at least one photo as a multipart file part named images.");
        }
        if (uploads.size() > maxPhotos) {
            return refuse(ProblemKind.VALIDATION_FAILED, "At most " + maxPhotos + " photos per job; got " + uploads.size()
                    + ".");
        }
        for (FileUpload upload : uploads) {
            if (upload.size() > maxPhotoBytes) {
                return refuse(ProblemKind.PAYLOAD_TOO_LARGE, "Photo " + name(upload) + " exceeds " + maxPhotoBytes
                        + " bytes.");
            }
        }
        return Multi.createFrom().iterable(uploads)
                .onItem().transformToUniAndConcatenate(this::sniff)
                .collect().asList()
                .map(PhotoCheck::photosOrRefusal);
    }

    private Uni<Sniffed> sniff(FileUpload upload) {
        return vertx.fileSystem().open(upload.uploadedFile().toString(), new OpenOptions().setRead(true))
                .chain(file -> file.read(Buffer.buffer(ImageFormat.HEAD_BYTES), 0, 0, ImageFormat.HEAD_BYTES)
                        .eventually(file::close))
                .map(head -> new Sniffed(upload, ImageFormat.sniff(head.getBytes()).orElse(null)));
    }

    private static List<Photo> photosOrRefusal(List<Sniffed> sniffed) {
        List<Photo> photos = new ArrayList<>();
        List<Problem.Violation> violations = new ArrayList<>();
        for (Sniffed item : sniffed) {
            if (item.format() == null) {
                violations.add(new Problem.Violation("images", name(item.upload()) + " is not a JPEG, PNG or WebP image"));
            } else {
                photos.add(new Photo(name(item.upload()), item.upload().uploadedFile(), item.format()));
            }
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemKind.UNSUPPORTED_MEDIA_TYPE, "Photos must be JPEG, PNG or WebP images.",
                    violations, null);
        }
        return photos;
    }

    private static String name(FileUpload upload) {
        String name = upload.fileName();
        return name == null || name.isBlank() ? "photo" : name.replaceAll("[^\\w.\\- ]", "_");
    }

    private static <T> Uni<T> refuse(ProblemKind kind, String detail) {
        return Uni.createFrom().failure(new ProblemException(kind, detail));
    }

    private record Sniffed(FileUpload upload, ImageFormat format) {
    }
}
