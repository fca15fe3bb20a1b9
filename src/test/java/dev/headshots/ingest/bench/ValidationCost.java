package dev.headshots.ingest.bench;

import java.lang.reflect.Proxy;

import dev.headshots.ingest.config.WebhookConfig;
import dev.headshots.ingest.webhook.CallbackValidator;

/**
 * What validating a callback costs, in this JVM with the service's own {@link CallbackValidator}: a completed callback (strict
 * UTF-8 and JSON, then {@code headshots_id} and every image URL checked) and, for comparison, a body of another event, which is
 * parsed in full but not checked field by field. Both the ceiling (a) and this service (b) pay the first on every callback.
 */
final class ValidationCost {

    /** Microseconds per body: a completed callback (parse and check every field) and an ignored one (parse only). */
    record Result(int urls, int bodyBytes, double completedMicros, double ignoredMicros, double skippedMicros) {
    }

    static Result measure(int urls, int iterations) {
        CallbackValidator validator = new CallbackValidator(config(), java.time.Clock.systemUTC());
        CallbackBodies bodies = new CallbackBodies(7);
        byte[][] completed = new byte[256][];
        byte[][] ignored = new byte[256][];
        for (int i = 0; i < completed.length; i++) {
            completed[i] = bodies.cdn(CallbackBodies.COMPLETED, urls);
            ignored[i] = bodies.cdn(Bench.IGNORED_EVENT, urls);
        }
        time(validator, completed, iterations / 2);
        time(validator, ignored, iterations / 2);
        double full = time(validator, completed, iterations);
        double parseOnly = time(validator, ignored, iterations);
        return new Result(urls, completed[0].length, round(full), round(parseOnly), round(full - parseOnly));
    }

    private static double time(CallbackValidator validator, byte[][] bodies, int iterations) {
        long start = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < iterations; i++) {
            sink += validator.validate(bodies[i % bodies.length]).event().length();
        }
        long elapsed = System.nanoTime() - start;
        if (sink == 42) {
            System.out.print("");
        }
        return elapsed / 1000.0 / iterations;
    }

    /** The settings the validator reads, at their defaults (max-images 100, max-url-length 2048, run-max-age 72h). */
    private static WebhookConfig config() {
        return (WebhookConfig) Proxy.newProxyInstance(WebhookConfig.class.getClassLoader(),
                new Class<?>[]{WebhookConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "maxImages" -> 100;
                    case "maxUrlLength" -> 2048;
                    case "runMaxAge" -> java.time.Duration.ofHours(72);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
