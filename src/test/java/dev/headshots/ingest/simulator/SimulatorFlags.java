package dev.headshots.ingest.simulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the command line of {@code RunflowSimulator} into {@link SimulatorSettings}: {@code --flag value} or
 * {@code --flag=value}, durations as {@code 500ms}, {@code 3s}, {@code 2m} or {@code 24h}, image indices as {@code 3,7}. The
 * port defaults to 8089 here (0, an ephemeral port, in the builder); the fault flags set the default faults of every job, and
 * the fault-plan flags a {@link FaultPlan} that replaces them. An unknown flag, a missing value or a malformed one is an
 * {@link IllegalArgumentException} naming it.
 */
final class SimulatorFlags {

    static final String USAGE = """
            Usage: java -cp target/test-classes dev.headshots.ingest.simulator.RunflowSimulator [flags]
              --port N                 port to listen on (8089; 0 = any free port)
              --host NAME              address to bind and host name in image URLs (localhost)
              --api-key KEY            expected x-api-key header (local-runflow-key)
              --delay D                wait before the callback (5s)
              --images N               image URLs per callback (60)
              --ttl D                  lifetime of the presigned image URLs (24h)
              --webhook-secret S       send X-Webhook-Secret: S with each callback (none)
              --max-photos N           photos accepted per submission (10)
              --max-photo-bytes N      bytes accepted per photo (10485760)
              --id-field               answer {"id": ...} instead of {"headshots_id": ...}
              --callback-backoff D     wait before the first callback retry, doubling up to 30s (1s)
              --callback-attempts N    callback attempts before giving up (8)
              --submit-status CODE     answer every submission with this status, e.g. 500 or 503
              --duplicate-callbacks K  send K more copies after the first accepted callback (0)
              --fail-images I,J        image indices answering --fail-status (none)
              --fail-times N           failing images succeed after N failures (always fail)
              --fail-status CODE       status of failing images (500)
              --slow-images I,J        image indices that wait --slow-delay before their body (none)
              --slow-delay D           (5s)
              --truncate-images I,J    image indices that send half their bytes and close (none)
              --missing-images I,J     image indices answering 404 NoSuchKey, always (none)
              --callback-via H:P,H:P   send each callback attempt to the next of these instead of the
                                       callback URL's host:port, like an ingress (none)
              --small-images           serve 192x256 images (10-30 KB) instead of 768x1024 ones
            The runs platform (POST /v1/models/{model}/runs, Authorization: Bearer <api-key>):
              --model NAME             the model runs are created for (runflow/headshots)
              --callback-secret S,T    registered callback secrets, oldest first; callbacks are signed
                                       (Runflow-Signature) with the newest (none: unsigned)
              --output-shape SHAPE     image_urls (output.image_urls) or outputs (output.outputs[].url)
              --fail-run               every run fails (run.failed, with an error code and message)
              --cancel-run             every run is canceled (run.cancelled)
              --partial-run N          every run partially succeeds with its first N images
              --drop-callbacks WHICH   never send callbacks: automatic (the run's own) or all (redeliveries too)
              --wrong-secret           sign callbacks with a secret nobody registered
              --poll-without-output    GET /v1/runs/{id} shows no output for a finished run
            A fault plan (any of these replaces the fault flags above for every job; job n counts
            accepted submissions from 1, image i from 1):
              --transient-every K      image i of job n fails --transient-times times with 503 when
                                       (n + i) % K == 0 (0: off)
              --transient-times N      (2)
              --missing-every K        the last image of every K-th job is missing, 404 (0: off)
              --duplicate-every K      every K-th job's callback is sent once more once accepted (0: off)
              --slow-every K           image i of job n waits --slow-delay before its body when
                                       (n + i) % K == 1 (0: off)
              --help                   print this and exit
            Durations: 500ms, 3s, 2m, 24h. Image indices start at 1 (001.jpg).
            """;

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private SimulatorFlags() {
    }

    static boolean wantsHelp(String... args) {
        return Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h");
    }

    static SimulatorSettings parse(String... args) {
        SimulatorSettings.Builder settings = SimulatorSettings.builder().port(8089);
        int[] failing = {}, slow = {}, truncated = {}, missing = {};
        int failTimes = Integer.MAX_VALUE, failStatus = 500, submitStatus = 0, duplicates = 0;
        int transientEvery = 0, transientTimes = 2, missingEvery = 0, duplicateEvery = 0, slowEvery = 0;
        boolean planned = false;
        Duration slowDelay = Duration.ofSeconds(5);
        RunFaults run = RunFaults.none();
        Deque<String> rest = new ArrayDeque<>(Arrays.stream(args).flatMap(SimulatorFlags::splitEquals).toList());
        while (!rest.isEmpty()) {
            String flag = rest.pop();
            switch (flag) {
                case "--port" -> settings.port(integer(flag, rest));
                case "--host" -> settings.host(value(flag, rest));
                case "--api-key" -> settings.apiKey(value(flag, rest));
                case "--delay" -> settings.callbackDelay(duration(flag, rest));
                case "--images" -> settings.imagesPerJob(integer(flag, rest));
                case "--ttl" -> settings.urlTtl(duration(flag, rest));
                case "--webhook-secret" -> settings.webhookSecret(value(flag, rest));
                case "--max-photos" -> settings.maxPhotos(integer(flag, rest));
                case "--max-photo-bytes" -> settings.maxPhotoBytes(integer(flag, rest));
                case "--id-field" -> settings.idField(true);
                case "--callback-backoff" -> settings.callbackBackoff(duration(flag, rest), Duration.ofSeconds(30));
                case "--callback-attempts" -> settings.callbackMaxAttempts(integer(flag, rest));
                case "--submit-status" -> submitStatus = integer(flag, rest);
                case "--duplicate-callbacks" -> duplicates = integer(flag, rest);
                case "--fail-images" -> failing = indices(flag, rest);
                case "--fail-times" -> failTimes = integer(flag, rest);
                case "--fail-status" -> failStatus = integer(flag, rest);
                case "--slow-images" -> slow = indices(flag, rest);
                case "--slow-delay" -> slowDelay = duration(flag, rest);
                case "--truncate-images" -> truncated = indices(flag, rest);
                case "--missing-images" -> missing = indices(flag, rest);
                case "--callback-via" -> settings.callbackVia(List.of(value(flag, rest).split(",")));
                case "--small-images" -> settings.smallImages(true);
                case "--model" -> settings.model(value(flag, rest));
                case "--callback-secret" -> settings.callbackSecrets(List.of(value(flag, rest).split(",")));
                case "--output-shape" -> settings.outputsShape(outputShape(flag, rest));
                case "--fail-run" -> run = run.withOutcome(RunFaults.Outcome.FAILED);
                case "--cancel-run" -> run = run.withOutcome(RunFaults.Outcome.CANCELED);
                case "--partial-run" -> run = run.withPartial(integer(flag, rest));
                case "--drop-callbacks" -> run = run.withDrop(drop(flag, rest));
                case "--wrong-secret" -> run = run.withWrongSecret();
                case "--poll-without-output" -> run = run.withoutOutputOnPoll();
                case "--transient-every" -> {
                    transientEvery = integer(flag, rest);
                    planned = true;
                }
                case "--transient-times" -> {
                    transientTimes = integer(flag, rest);
                    planned = true;
                }
                case "--missing-every" -> {
                    missingEvery = integer(flag, rest);
                    planned = true;
                }
                case "--duplicate-every" -> {
                    duplicateEvery = integer(flag, rest);
                    planned = true;
                }
                case "--slow-every" -> {
                    slowEvery = integer(flag, rest);
                    planned = true;
                }
                default -> throw new IllegalArgumentException("unknown flag " + flag + " (see --help)");
            }
        }
        return settings.defaultFaults(Faults.none().withFailingImages(failTimes, failing).withFailStatus(failStatus)
                .withSlowImages(slow.length == 0 ? Duration.ZERO : slowDelay, slow).withTruncatedImages(truncated)
                .withMissingImages(missing).withDuplicateCallbacks(duplicates).withSubmissionStatus(submitStatus)
                .withRun(run))
                .faultPlan(planned
                        ? new FaultPlan(transientEvery, transientTimes, missingEvery, duplicateEvery,
                                slowEvery, slowDelay)
                        : null)
                .build();
    }

    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("expected a duration like 500ms, 3s, 2m or 24h, got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static Duration duration(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return duration(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage());
        }
    }

    private static Stream<String> splitEquals(String arg) {
        int equals = arg.indexOf('=');
        return arg.startsWith("--") && equals > 0
                ? Stream.of(arg.substring(0, equals), arg.substring(equals + 1))
                : Stream.of(arg);
    }

    private static String value(String flag, Deque<String> rest) {
        if (rest.isEmpty() || rest.peek().startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.pop();
    }

    private static int integer(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects a whole number, got '" + text + "'");
        }
    }

    private static boolean outputShape(String flag, Deque<String> rest) {
        String shape = value(flag, rest);
        if (!shape.equals("image_urls") && !shape.equals("outputs")) {
            throw new IllegalArgumentException(flag + " is image_urls or outputs, got '" + shape + "'");
        }
        return shape.equals("outputs");
    }

    private static RunFaults.Drop drop(String flag, Deque<String> rest) {
        String which = value(flag, rest);
        return switch (which) {
            case "automatic" -> RunFaults.Drop.AUTOMATIC;
            case "all" -> RunFaults.Drop.ALL;
            default -> throw new IllegalArgumentException(flag + " is automatic or all, got '" + which + "'");
        };
    }

    private static int[] indices(String flag, Deque<String> rest) {
        String text = value(flag, rest);
        try {
            return Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " expects image indices like 3,7, got '" + text + "'");
        }
    }
}
