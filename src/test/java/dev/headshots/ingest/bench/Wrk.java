package dev.headshots.ingest.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The closed loop's client: wrk (Debian package {@code wrk}, which {@code deploy/local/bench/run} installs), with
 * {@code closed-connections} keep-alive connections over {@code closed-threads} threads. Its script ({@code closed-loop.lua},
 * copied to {@code --out}) sends a callback of the open loop's kind, 60 presigned-style URLs and the same headers, with a new
 * random {@code headshots_id} in every request: the body is written here once per event, with a marker UUID in place of the id,
 * and a fresh seed per run keeps the ids of two runs apart. wrk's output is appended to {@code wrk.log}.
 */
final class Wrk {

    private static final String SCRIPT = "closed-loop.lua";
    /** wrk's {@code --timeout}: an answer slower than this is counted as an error. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A callback body in which {@code marker} stands for the job's id. */
    private record Template(Path file, UUID marker) {
    }

    private final BenchSettings settings;
    private final Path script;
    private final Path log;
    private final CallbackBodies bodies = new CallbackBodies(21);
    private final Map<String, Template> templates = new HashMap<>();
    private final Map<String, Path> jobs;

    /**
     * @param jobs
     *            per target key, the file of jobs ({@link TokenJobs}) whose per-job callback URLs its requests go to; a target
     *            without one gets a new job id in every request, with the shared secret
     */
    Wrk(BenchSettings settings, Map<String, Path> jobs) {
        this.settings = settings;
        this.jobs = Map.copyOf(jobs);
        this.script = settings.out().resolve(SCRIPT);
        this.log = settings.out().resolve("wrk.log");
        try (InputStream lua = Wrk.class.getResourceAsStream(SCRIPT)) {
            Files.copy(lua, script, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs wrk against {@code target} for {@code duration} (whole seconds, at least one) and returns what it reported. */
    WrkSummary run(IngestTarget target, String title, Duration duration) {
        Template template = templates.computeIfAbsent(target.event(), this::template);
        long seconds = wholeSeconds(duration);
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + settings.closedThreads(),
                "-c" + settings.closedConnections(), "-d" + seconds + "s", "--timeout", TIMEOUT.toSeconds() + "s", "-s",
                script.toString(), "http://127.0.0.1:" + target.port() + target.path(), "--", template.file().toString(),
                template.marker().toString(), target.secret(), Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30))));
        if (jobs.containsKey(target.key())) {
            command.add(jobs.get(target.key()).toString());
        }
        try {
            long from = Files.exists(log) ? Files.size(log) : 0;
            Files.writeString(log, "== " + target.key() + " " + title + ": " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process wrk = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!wrk.waitFor(seconds + 60, TimeUnit.SECONDS)) {
                wrk.destroyForcibly().waitFor();
                throw new IllegalStateException("wrk did not end within a minute of its " + seconds + " s; see " + log);
            }
            byte[] all = Files.readAllBytes(log);
            String output = new String(all, (int) from, all.length - (int) from, StandardCharsets.UTF_8);
            if (wrk.exitValue() != 0) {
                throw new IllegalStateException("wrk exited with " + wrk.exitValue() + ": " + output.strip());
            }
            return WrkSummary.parse(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run wrk (apt-get install wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The duration wrk runs for {@code duration}: whole seconds (rounded up), at least one. */
    static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private Template template(String event) {
        UUID marker = bodies.nextId();
        Path file = settings.out().resolve("closed-loop-body-" + event + ".json");
        try {
            Files.write(file, bodies.cdn(event, marker, settings.urlsPerCallback()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Template(file, marker);
    }
}
