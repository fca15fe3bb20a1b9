package dev.headshots.ingest.support;

import static io.restassured.RestAssured.given;

/** Reads one sample from the service's Prometheus endpoint. */
public final class Metrics {

    private Metrics() {
    }

    /** The value of the first sample whose line starts with {@code series} (name plus optional labels), or 0. */
    public static double value(String series) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The sum of the samples of {@code series} that carry the label {@code label="value"}, or 0. */
    public static double counter(String series, String label, String value) {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(series + "{") && line.contains(label + "=\"" + value + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
