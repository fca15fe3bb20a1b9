package dev.headshots.ingest.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one spelling of a path: what passes, and what is refused with which reason. */
class PathSpellingTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/v1/headshots", "/v1/headshots/", "/V1/Headshots", "/q/swagger-ui/",
            "/admin/v1/tenants/acme-1/api-keys/key_0a1b", "/webhooks/runflow/headshots/AbC-_~09",
            "/console/static/console.css", "/a:b@c!$&'()*+,="})
    void acceptsPathsInTheirOneSpelling(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin;x/v1/tenants", "/admin;/v1", "/v1/headshots;x=1", "/v1/headshots/1;"})
    void refusesMatrixParameters(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).hasValue("The path has a matrix parameter (;).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1%2Fheadshots", "/%61dmin", "/v1/headshots%3Bx", "/v1/%2e/headshots", "/v1/x%00",
            "/v1%252F", "/v1/%"})
    void refusesEveryPercentEscape(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).hasValue("The path has a percent-encoded character; send it as it is.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//v1/headshots", "/v1//headshots", "/v1/headshots//"})
    void refusesEmptySegments(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).hasValue("The path has an empty segment (//).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/./v1", "/v1/..", "/q/../v1/headshots", "/v1/headshots/."})
    void refusesDotSegments(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).hasValue("The path has a dot segment (. or ..).");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v1\\headshots", "/v1/head shots", "/v1/héadshots", "/v1/<x>", "/v1/\"x\"", "/v1/x|y",
            "/v1/x#y", "/v1/{id}", "/v1/x^y", "/v1/x`y"})
    void refusesCharactersThatAreNotPathCharacters(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).hasValue("The path has a character that is not allowed in a path.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "v1/headshots", "http://host/v1"})
    void refusesTargetsThatAreNotAbsolutePaths(String path) {
        assertThat(PathSpelling.refusal(path)).as(path).hasValue("The request target is not an absolute path.");
    }
}
