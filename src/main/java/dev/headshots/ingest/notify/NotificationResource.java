package dev.headshots.ingest.notify;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

import dev.headshots.ingest.config.ApiConfig;
import dev.headshots.ingest.config.PageSize;
import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.tenant.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /v1/notifications?status=}: the caller's tenant's deliveries, newest first, in keyset pages; a cursor of another
 * tenant is a 400, like any cursor this service did not write.
 */
@Path("/v1/notifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "notifications")
public class NotificationResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "SENDING", "DELIVERED", "FAILED");

    private final NotificationRecords records;
    private final ApiConfig api;

    public NotificationResource(NotificationRecords records, ApiConfig api) {
        this.records = records;
        this.api = api;
    }

    @GET
    @Operation(operationId = "listNotifications", summary = "The caller's notification deliveries, newest first; follow next for the following page")
    @APIResponse(responseCode = "200", description = "A page of deliveries", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = NotificationView.Page.class)))
    @APIResponse(responseCode = "400", ref = "BadRequest", description = "Unknown status, limit out of range, or a cursor this service did not write for this tenant")
    public Uni<NotificationView.Page> list(
            @Parameter(description = "Only deliveries in this status", schema = @Schema(type = SchemaType.STRING, enumeration = {
                    "PENDING", "SENDING", "DELIVERED", "FAILED"})) @RestQuery String status,
            @Parameter(description = "Deliveries per page, 1 to headshots.api.max-page-size (100); default headshots.api.page-size (20)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1")) @RestQuery String limit,
            @Parameter(description = "The next value of the previous page") @RestQuery String after,
            @Context RoutingContext request) {
        String tenant = Caller.of(request).tenantId();
        int size = PageSize.of(limit, api.pageSize(), api.maxPageSize());
        if (status != null && !STATUSES.contains(status)) {
            throw new ProblemException(ProblemKind.BAD_REQUEST, "status must be one of PENDING, SENDING, DELIVERED, FAILED.");
        }
        long before = after == null ? Long.MAX_VALUE : decode(after, tenant);
        return records.page(tenant, status, before, size + 1).map(rows -> new NotificationView.Page(
                rows.stream().limit(size).map(NotificationView::from).toList(),
                rows.size() > size ? encode(rows.get(size - 1).getLong("seq"), tenant) : null));
    }

    /** An opaque cursor: the last delivery's decision order, and whose list it is. */
    static String encode(long seq, String tenant) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("n1," + seq + "," + tenant)
                .getBytes(StandardCharsets.UTF_8));
    }

    static long decode(String cursor, String tenant) {
        try {
            List<String> parts = List.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8)
                    .split(",", 3));
            if (parts.size() == 3 && parts.get(0).equals("n1") && parts.get(2).equals(tenant)) {
                return Long.parseLong(parts.get(1));
            }
        } catch (IllegalArgumentException e) {
            // not base64, or not a number: refused below
        }
        throw new ProblemException(ProblemKind.BAD_REQUEST, "The after cursor is not valid; use the next value of a page.");
    }
}
