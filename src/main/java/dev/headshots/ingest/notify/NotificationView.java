package dev.headshots.ingest.notify;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A delivery as the API shows it: which event ({@code webhook_id}, the event's id) of which job, its status ({@code PENDING},
 * {@code SENDING}, {@code DELIVERED}, {@code FAILED}), attempts so far, the last answer's status code and what went wrong, when
 * the next attempt is due (for {@code SENDING}: when the claim lapses), when it was decided and delivered, and how many times
 * it was redelivered on request. The URL is not shown: it may carry a credential of the customer's.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(requiredProperties = {"webhook_id", "headshots_id", "event_type", "status", "attempts", "last_status_code",
        "last_error", "next_attempt_at", "created_at", "delivered_at", "redeliveries"})
public record NotificationView(
        @JsonProperty("webhook_id") UUID webhookId,
        @JsonProperty("headshots_id") UUID headshotsId,
        @JsonProperty("event_type") String eventType,
        @JsonProperty("status") @Schema(enumeration = {
                "PENDING", "SENDING", "DELIVERED", "FAILED"}) String status,
        @JsonProperty("attempts") int attempts,
        @JsonProperty("last_status_code") @Schema(nullable = true) Integer lastStatusCode,
        @JsonProperty("last_error") @Schema(nullable = true) String lastError,
        @JsonProperty("next_attempt_at") @Schema(nullable = true) Instant nextAttemptAt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("delivered_at") @Schema(nullable = true) Instant deliveredAt,
        @JsonProperty("redeliveries") int redeliveries){

    static final String COLUMNS = "event_id, headshots_id, event_type, status, attempts, last_status_code, last_error, "
            + "next_attempt_at, created_at, delivered_at, redeliveries, seq";

    static NotificationView from(Row row) {
        return new NotificationView(row.getUUID("event_id"), row.getUUID("headshots_id"), row.getString("event_type"),
                row.getString("status"), row.getInteger("attempts"), row.getInteger("last_status_code"),
                row.getString("last_error"), Deliveries.instant(row, "next_attempt_at"), Deliveries.instant(row, "created_at"),
                Deliveries.instant(row, "delivered_at"), row.getInteger("redeliveries"));
    }

    /** A page of deliveries, newest first, and the {@code after} of the next page (null on the last one). */
    @RegisterForReflection
    @Schema(name = "NotificationPage", requiredProperties = {"items", "next"})
    public record Page(@JsonProperty("items") List<NotificationView> items,
            @JsonProperty("next") @Schema(nullable = true) String next) {
    }
}
