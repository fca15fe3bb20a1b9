package dev.headshots.ingest.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Draws the charts of a finished run again from its {@code results.json}, without running anything: for when the charts change
 * and the measurements should not. Usage: {@code Replot DIR} (the directory holding {@code results.json}).
 */
public final class Replot {

    private Replot() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/bench");
        JsonMapper json = JsonMapper.builder().findAndAddModules()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        JsonNode results = json.readTree(out.resolve("results.json").toFile());
        List<String> charts = new ArrayList<>();
        JsonNode ingest = results.path("ingest");
        if (!ingest.isMissingNode()) {
            List<RateResult> steps = json.convertValue(ingest.path("steps"), new TypeReference<List<RateResult>>() {
            });
            Map<String, String> targets = json.convertValue(ingest.path("targets"),
                    new TypeReference<LinkedHashMap<String, String>>() {
                    });
            double limit = results.path("meta").path("settings").path("p99_limit_ms").asDouble(50);
            charts.addAll(Charts.ingest(out, steps, List.copyOf(targets.keySet()), limit));
        }
        if (results.path("copy").isArray()) {
            charts.addAll(Charts.copy(out, json.convertValue(results.path("copy"), new TypeReference<List<CopyResult>>() {
            })));
        }
        String[][] memory = {{"big_image", "memory-big-image.png", "false"}, {"backlog", "memory-backlog.png", "true"}};
        for (String[] m : memory) {
            JsonNode scenario = results.path(m[0]);
            if (scenario.isObject()) {
                List<MemorySampler.Sample> samples = json.convertValue(scenario.path("samples"),
                        new TypeReference<List<MemorySampler.Sample>>() {
                        });
                String title = m[0].equals("backlog")
                        ? "Backlog of " + scenario.path("jobs").asInt()
                                + " jobs: service memory while they are acknowledged and drained"
                        : "One " + scenario.path("image_bytes").asLong() / 1_000_000
                                + " MB image: service memory while it is copied";
                charts.add(Charts.memory(out, m[1], title, samples, Boolean.parseBoolean(m[2])));
            }
        }
        System.out.println("replot: wrote " + charts + " in " + out);
    }
}
