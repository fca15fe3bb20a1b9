package dev.headshots.ingest.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization under {@code deploy/k8s} with the real kustomize, exactly as {@code kubectl apply -k} would: a
 * {@code kustomize} binary named by the {@code KUSTOMIZE} environment variable or found on the PATH, else the kustomize built
 * into {@code kubectl} ({@code kubectl kustomize}). There is no fallback renderer: without either binary the tests fail and say
 * so. Each directory is rendered once per test run.
 */
final class Kustomize {

    static final Path K8S = Path.of("deploy", "k8s");

    private static final Map<String, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** The multi-document YAML that kustomize renders for {@code directory}, relative to {@code deploy/k8s}. */
    static String render(String directory) {
        return RENDERED.computeIfAbsent(directory, Kustomize::run);
    }

    private static String run(String directory) {
        List<String> command = new ArrayList<>(binary());
        command.add(K8S.resolve(directory).toString());
        try {
            Path errors = Files.createTempFile("kustomize", ".err");
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            String stderr = Files.readString(errors);
            Files.delete(errors);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n" + stderr);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering " + directory, e);
        }
    }

    private static List<String> binary() {
        String configured = System.getenv("KUSTOMIZE");
        if (configured != null && !configured.isBlank()) {
            return List.of(configured, "build");
        }
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            return List.of(kustomize.get().toString(), "build");
        }
        return onPath("kubectl").map(kubectl -> List.of(kubectl.toString(), "kustomize"))
                .orElseThrow(() -> new AssertionError("The manifest tests render deploy/k8s with kustomize: put kustomize or"
                        + " kubectl on the PATH, or set KUSTOMIZE to a kustomize binary"));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, name))) {
                return Optional.of(Path.of(directory, name));
            }
        }
        return Optional.empty();
    }
}
