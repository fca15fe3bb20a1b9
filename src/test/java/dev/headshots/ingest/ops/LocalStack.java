package dev.headshots.ingest.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Stops and starts one service of the local stack ({@code deploy/local/stack}) from a test. A test that stops a service starts
 * it again in a {@code finally} block; {@code start-*} returns once the service is ready.
 */
final class LocalStack {

    private LocalStack() {
    }

    static void run(String command) {
        try {
            Process process = new ProcessBuilder(Path.of("deploy/local/stack").toString(), command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/local-stack-ops.log").toFile()))
                    .start();
            int status = process.waitFor();
            if (status != 0) {
                throw new IllegalStateException("deploy/local/stack " + command + " exited with " + status
                        + " (see target/local-stack-ops.log)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
