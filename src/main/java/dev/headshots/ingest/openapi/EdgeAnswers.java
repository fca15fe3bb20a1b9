package dev.headshots.ingest.openapi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds to the OpenAPI document, at build time, what is answered before any resource runs, to every operation those answers can
 * reach: under {@code /v1} the API key ({@code X-Api-Key}) and under {@code /admin} the admin key ({@code X-Admin-Key}) as the
 * operation's security, with the key filters' 401, 429 and 503; everywhere the 400 of an ambiguously spelled path and the 500
 * of an unexpected failure. The callbacks under {@code /webhooks} take no key: their security is empty, and each operation says
 * how it authenticates. An operation that states one of these statuses itself keeps its own, which must then cover the edge's
 * too (the referenced responses' examples name the problem types). Stated once here rather than on every resource, as the
 * filters themselves are installed once for every route.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class EdgeAnswers implements OASFilter {

    /**
     * Each guarded prefix: its security scheme, in {@code META-INF/openapi.yaml}. Sorted maps: the document is the same on
     * every build.
     */
    private static final Map<String, String> SCHEMES = new TreeMap<>(Map.of("/v1/", "ApiKey", "/admin/", "AdminKey"));
    /** What the key filters answer, by status: response components of {@code META-INF/openapi.yaml}. */
    private static final Map<String, String> GUARD = new TreeMap<>(Map.of("401", "Unauthorized", "429",
            "TooManyFailedAuthentications", "503", "KeyUncheckable"));
    /** What any route may answer. */
    private static final Map<String, String> ANYWHERE = new TreeMap<>(Map.of("400", "AmbiguousPath", "500", "Internal"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            String scheme = SCHEMES.entrySet().stream().filter(prefix -> path.startsWith(prefix.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            operations(item).forEach(operation -> answer(operation, scheme));
        });
    }

    private static void answer(Operation operation, String scheme) {
        APIResponses responses = operation.getResponses();
        ANYWHERE.forEach((status, ref) -> addUnlessStated(responses, status, ref));
        if (scheme == null) {
            operation.setSecurity(List.of());
            return;
        }
        SecurityRequirement key = OASFactory.createSecurityRequirement().addScheme(scheme);
        operation.setSecurity(List.of(key));
        GUARD.forEach((status, ref) -> addUnlessStated(responses, status, ref));
    }

    private static void addUnlessStated(APIResponses responses, String status, String ref) {
        if (!responses.hasAPIResponse(status)) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(ref));
        }
    }

    private static List<Operation> operations(PathItem item) {
        return item.getOperations().values().stream().toList();
    }
}
