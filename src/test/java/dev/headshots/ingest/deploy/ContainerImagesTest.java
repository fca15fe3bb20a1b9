package dev.headshots.ingest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The Dockerfiles, which cannot be built here, are checked by reading them: the native one builds with the {@code native} Maven
 * profile in the Mandrel builder and runs on the UBI 9 micro image as a non-root user, the JVM one runs the fast-jar layout on
 * UBI 9 OpenJDK 17; both expose {@code quarkus.http.port}. The {@code native} profile itself enables the native build, drops
 * the JVM jar, and failsafe points the {@code src/native-test} ITs at the executable. Deployed images carry a registry and a
 * tag set by the overlay, never a moving tag in prod.
 */
class ContainerImagesTest {

    static final List<String> ENVIRONMENTS = Manifests.ENVIRONMENTS;

    private static final Path DOCKER = Path.of("src", "main", "docker");

    @Test
    void theNativeImageIsBuiltWithMandrelAndRunsOnUbiMicroAsNonRoot() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile.native"));
        List<String> stages = instructions(dockerfile, "FROM");
        assertThat(stages).containsExactly("quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-25 AS build",
                "quay.io/quarkus/ubi9-quarkus-micro-image:2.0");
        assertThat(instructions(dockerfile, "RUN")).anyMatch(run -> run.matches("\\./mvnw .*package .*-Pnative.*"));
        assertThat(instructions(dockerfile, "COPY")).anyMatch(copy -> copy.contains("--from=build")
                && copy.contains("/code/target/*-runner") && copy.contains("--chown=1001"));
        assertThat(lastUser(dockerfile)).isEqualTo("1001");
        assertThat(instructions(dockerfile, "EXPOSE")).containsExactly(httpPort());
        assertThat(instructions(dockerfile, "ENTRYPOINT")).singleElement().asString().startsWith("[\"./application\"");
    }

    @Test
    void theJvmImageRunsTheFastJarOnUbiOpenJdk17() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile.jvm"));
        assertThat(instructions(dockerfile, "FROM")).singleElement().asString()
                .startsWith("registry.access.redhat.com/ubi9/openjdk-17-runtime:");
        assertThat(instructions(dockerfile, "COPY")).containsExactly(
                "--chown=185 target/quarkus-app/lib/ /deployments/lib/",
                "--chown=185 target/quarkus-app/*.jar /deployments/",
                "--chown=185 target/quarkus-app/app/ /deployments/app/",
                "--chown=185 target/quarkus-app/quarkus/ /deployments/quarkus/");
        assertThat(lastUser(dockerfile)).isEqualTo("185");
        assertThat(instructions(dockerfile, "EXPOSE")).containsExactly(httpPort());
    }

    @Test
    void theNativeProfileBuildsTheExecutableAndPointsTheItsAtIt() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        XPath xpath = XPathFactory.newInstance().newXPath();
        String profile = "/project/profiles/profile[id='native']";
        assertThat(xpath.evaluate(profile + "/properties/quarkus.native.enabled", pom)).isEqualTo("true");
        assertThat(xpath.evaluate(profile + "/properties/quarkus.package.jar.enabled", pom)).isEqualTo("false");
        assertThat(xpath.evaluate(profile + "/activation/property/name", pom)).isEqualTo("native");

        String failsafe = "/project/build/plugins/plugin[artifactId='maven-failsafe-plugin']";
        assertThat(xpath.evaluate(failsafe + "/configuration/systemPropertyVariables/native.image.path", pom))
                .isEqualTo("${project.build.directory}/${project.build.finalName}-runner");
        NodeList executions = (NodeList) xpath.evaluate(failsafe + "/executions/execution", pom, XPathConstants.NODESET);
        assertThat(executions.getLength()).as("Failsafe executions").isEqualTo(2);
        for (int i = 0; i < executions.getLength(); i++) {
            NodeList goals = (NodeList) xpath.evaluate("goals/goal", executions.item(i), XPathConstants.NODESET);
            assertThat(IntStream.range(0, goals.getLength()).mapToObj(g -> goals.item(g).getTextContent()))
                    .as("goals of execution %d", i).containsExactly("integration-test", "verify");
        }
        assertThat(xpath.evaluate("//plugin[artifactId='build-helper-maven-plugin']//source", pom))
                .isEqualTo("src/native-test/java");
    }

    @ParameterizedTest
    @FieldSource("ENVIRONMENTS")
    void overlaysSetRegistryAndTag(String directory) {
        String image = Manifests.of(directory).container().getImage();
        Matcher reference = Pattern.compile("(?<registry>[a-z0-9.-]+\\.[a-z]+(:\\d+)?)/.+/headshots-ingest:(?<tag>[\\w.-]+)")
                .matcher(image);
        assertThat(reference.matches()).as(image).isTrue();
        if (directory.endsWith("prod")) {
            assertThat(reference.group("tag")).as("prod pins a release").matches("\\d+\\.\\d+\\.\\d+.*");
        }
    }

    private static String httpPort() {
        return ServiceConfig.value("quarkus.http.port", "8080");
    }

    private static String lastUser(String dockerfile) {
        List<String> users = instructions(dockerfile, "USER");
        return users.get(users.size() - 1);
    }

    /** The arguments of every instruction of that name, in order (comments and line continuations handled). */
    private static List<String> instructions(String dockerfile, String name) {
        String joined = dockerfile.replaceAll("(?m)^\\s*#.*\\n", "").replaceAll("\\\\\\n", " ");
        return Pattern.compile("(?m)^" + name + "\\s+(.+)$").matcher(joined).results().map(match -> match.group(1).trim())
                .toList();
    }
}
