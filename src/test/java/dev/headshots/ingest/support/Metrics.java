package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;

import java.util.function.Predicate;

/** Reads one sample from the service's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    /** The sum of the samples whose line starts with {@code series} (name plus optional labels), or 0. */
    public static double value(String series) {
        return sum(line -> line.startsWith(series + " ") || line.startsWith(series + "{"));
    }

    /** The sum of the samples of {@code series} that carry the label {@code label="value"}, or 0. */
    public static double counter(String series, String label, String value) {
        return sum(line -> line.startsWith(series + "{") && line.contains(label + "=\"" + value + "\""));
    }

    private static double sum(Predicate<String> samples) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(samples)
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
