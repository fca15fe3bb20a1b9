package dev.headshots.ingest.webhook;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.headshots.ingest.problem.Problem.Violation;

/**
 * Reads the image URLs out of a run's {@code output}, in a callback envelope or a polled run alike. Runflow documents two
 * shapes: {@code {"image_urls": ["…"]}} (its callbacks' example) and the normalised output of its image models,
 * {@code {"outputs": [{"url": "…"}, …]}}; either is read, in its order. Every URL is held to the rules of a legacy callback's
 * {@code image_urls} (absolute http(s), printable ASCII, at most {@code maxUrlLength}); each fault is a violation with its JSON
 * pointer, never the value.
 */
public final class RunOutputs {

    /** Longest failure code kept. */
    public static final int MAX_CODE = 128;
    /** Longest failure message kept. */
    public static final int MAX_MESSAGE = 1000;

    private RunOutputs() {
    }

    /**
     * The URLs of {@code output}, between {@code min} and {@code max} of them; a fault adds its violations and yields what was
     * readable.
     */
    public static List<String> imageUrls(JsonNode output, int min, int max, int maxUrlLength, List<Violation> violations) {
        String range = min + " to " + max;
        if (output == null || !output.isObject() || output.has("image_urls") == output.has("outputs")) {
            violations.add(new Violation("/output", "must be an object with image_urls (" + range
                    + " URLs) or outputs (" + range + " items with a url)"));
            return List.of();
        }
        boolean listed = output.has("image_urls");
        String field = listed ? "image_urls" : "outputs";
        JsonNode items = output.get(field);
        if (!items.isArray() || items.size() < min || items.size() > max) {
            violations.add(new Violation("/output/" + field, "must be an array of " + range + (listed ? " URLs" : " items")));
            return List.of();
        }
        List<String> urls = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode url = listed ? items.get(i) : items.get(i).get("url");
            if (url != null && url.isTextual() && HttpUrlCheck.isHttpUrl(url.asText(), maxUrlLength)) {
                urls.add(url.asText());
            } else {
                violations.add(new Violation("/output/" + field + "/" + i + (listed ? "" : "/url"),
                        "must be an absolute http(s) URL of at most " + maxUrlLength + " characters"));
            }
        }
        return urls;
    }

    /** Whether {@code output} carries image URLs in either shape, without judging them. */
    public static boolean hasImages(JsonNode output) {
        return output != null && output.isObject() && (output.path("image_urls").isArray() && !output.get("image_urls")
                .isEmpty() || output.path("outputs").isArray() && !output.get("outputs").isEmpty());
    }

    /** Printable ASCII, 1 to {@value #MAX_CODE} characters: a machine-readable code fit to store and log. */
    public static boolean isFailureCode(String code) {
        return code != null && !code.isEmpty() && code.length() <= MAX_CODE
                && code.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** A human message fit to store and log: control characters blanked, at most {@value #MAX_MESSAGE} characters. */
    public static String failureMessage(String message) {
        if (message == null) {
            return null;
        }
        String clean = message.replaceAll("\\p{Cntrl}", " ").strip();
        return clean.length() > MAX_MESSAGE ? clean.substring(0, MAX_MESSAGE) : clean;
    }
}
