package dev.headshots.ingest.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies deliveries with the Standard Webhooks reference implementation, the {@code standardwebhooks} npm package, exactly as
 * a customer's handler would: {@code src/test/resources/standard-webhooks/verify-deliveries.mjs} under Node.js, with the
 * package installed by {@code npm ci} (versions pinned by {@code package-lock.json}) into {@code target/standard-webhooks-node}
 * once per build. Node.js and npm ship with this project's machines (the benchmark's Express baseline needs them too); without
 * them the test fails, it is never skipped.
 */
public final class ReferenceVerifier {

    private static final Path SOURCES = Path.of("src/test/resources/standard-webhooks");
    private static final Path HOME = Path.of("target/standard-webhooks-node");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One delivery to verify: the secret it should verify with, its three headers and its raw body. */
    public record Delivery(String secret, String id, String timestamp, String signature, String body) {
    }

    private ReferenceVerifier() {
    }

    /** The reference's verdict on each delivery, in order: "valid", or the message it throws. */
    public static synchronized List<String> verdicts(List<Delivery> deliveries) {
        install();
        try {
            Path input = Files.createTempFile("deliveries", ".json");
            Files.writeString(input, JSON.writeValueAsString(deliveries.stream().map(delivery -> Map.of(
                    "secret", delivery.secret(), "id", delivery.id(), "timestamp", delivery.timestamp(),
                    "signature", delivery.signature(), "body", delivery.body())).toList()));
            String out = run(List.of("node", SOURCES.resolve("verify-deliveries.mjs").toAbsolutePath().toString()), input);
            return JSON.readValue(out, new TypeReference<List<String>>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void install() {
        try {
            Path stamp = HOME.resolve("node_modules/.installed");
            String lock = Files.readString(SOURCES.resolve("package-lock.json"));
            if (Files.exists(stamp) && Files.readString(stamp).equals(lock)) {
                return;
            }
            Files.createDirectories(HOME);
            for (String file : List.of("package.json", "package-lock.json")) {
                Files.copy(SOURCES.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            run(List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"), null);
            Files.writeString(stamp, lock);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String run(List<String> command, Path stdin) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(HOME.toFile()).redirectErrorStream(false);
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command + " finished").isTrue();
            assertThat(process.exitValue()).as(command + " failed (Node.js and npm are needed): " + err).isZero();
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " could not be run: Node.js and npm are needed for the reference "
                    + "Standard Webhooks verifier (apt-get install nodejs npm)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
