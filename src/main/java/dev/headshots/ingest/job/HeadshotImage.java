package dev.headshots.ingest.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import dev.headshots.ingest.state.ImageStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;

/** One image of a job. The source URL is deliberately not mapped: it is a credential and is never read back out. */
@Entity
@Table(name = "headshot_image")
@IdClass(HeadshotImage.Key.class)
public class HeadshotImage extends PanacheEntityBase {

    @Id
    @Column(name = "headshots_id")
    public UUID headshotsId;

    @Id
    @Column(name = "idx")
    public int index;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public ImageStatus status;

    @Column(name = "object_key", length = 128)
    public String objectKey;

    public Long bytes;

    @Column(length = 64)
    public String sha256;

    @Column(name = "content_type", length = 64)
    public String contentType;

    @Column(length = 64)
    public String error;

    @Column(name = "error_detail", length = 512)
    public String errorDetail;

    @Column(nullable = false)
    public int attempts;

    /** When the next attempt is due (for a {@code COPYING} image: when its claim lapses); null once settled. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** When the source URL stops working, as the URL states it or 24 h after the callback. */
    @Column(nullable = false)
    public Instant deadline;

    /** The images of a job, in {@code image_urls} order. */
    public static Uni<List<HeadshotImage>> ofJob(UUID headshotsId) {
        return list("headshotsId = ?1 order by index", headshotsId);
    }

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Composite key: the job and the image's 1-based position. */
    public static class Key implements Serializable {

        public UUID headshotsId;
        public int index;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.index == index && Objects.equals(key.headshotsId, headshotsId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(headshotsId, index);
        }
    }
}
