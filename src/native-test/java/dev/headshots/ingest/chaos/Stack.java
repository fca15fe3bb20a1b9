package dev.headshots.ingest.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the shared local stack through {@code deploy/local/stack}, the only way the project stops and starts its services. The
 * script keeps its pid files in its state directory, so it must act on the one the running stack was started with: the
 * environment's {@code STACK_STATE_DIR} is passed on, or {@code -Dchaos.stack-state-dir} sets it; {@link #requireUp()} refuses
 * to disrupt a stack the script does not see as its own (it would start a second Kafka instead of restarting the first). Output
 * goes to {@code target/chaos/stack.log}.
 */
final class Stack {

    private static final Path SCRIPT = Path.of("deploy/local/stack");
    private static final Path LOG = Path.of("target/chaos/stack.log");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private Stack() {
    }

    /** Fails unless the script reports every service up. */
    static void requireUp() {
        if (run("status") != 0) {
            throw new IllegalStateException("deploy/local/stack status does not see the whole stack up (see " + LOG
                    + "). Start it with deploy/local/stack up, and run with STACK_STATE_DIR set to its state directory"
                    + " when the stack was started from another checkout.");
        }
    }

    /** Runs {@code deploy/local/stack command}, failing unless it succeeds. */
    static void must(String command) {
        int status = run(command);
        if (status != 0) {
            throw new IllegalStateException("deploy/local/stack " + command + " exited with " + status + " (see " + LOG + ")");
        }
    }

    /** Brings back whatever is down ({@code up} is idempotent); for finally blocks, so it never throws. */
    static void restore() {
        try {
            run("up");
        } catch (RuntimeException e) {
            System.err.println("chaos: could not restore the stack: " + e);
        }
    }

    static int run(String command) {
        ProcessBuilder builder = new ProcessBuilder(List.of(SCRIPT.toString(), command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()));
        String stateDir = System.getProperty("chaos.stack-state-dir");
        if (stateDir != null && !stateDir.isBlank()) {
            builder.environment().put("STACK_STATE_DIR", stateDir);
        }
        try {
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("deploy/local/stack " + command + " did not finish within " + TIMEOUT);
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during deploy/local/stack " + command, e);
        }
    }
}
