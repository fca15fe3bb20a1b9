package dev.headshots.ingest.tracing;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A trace as indented text, as docs/operations.md, "Observability", shows it: children in the order they started, siblings of
 * one name folded into one line with their count (the first one's children stand for all), each span with its kind and
 * duration.
 */
final class TraceTree {

    private TraceTree() {
    }

    static String render(List<SpanData> trace) {
        Set<String> ids = trace.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
        StringBuilder text = new StringBuilder();
        List<SpanData> roots = trace.stream().filter(span -> !ids.contains(span.getParentSpanId()))
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        render(trace, roots, "", text);
        return text.toString();
    }

    private static void render(List<SpanData> trace, List<SpanData> siblings, String indent, StringBuilder text) {
        Map<String, List<SpanData>> byName = new LinkedHashMap<>();
        siblings.stream().sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
                .forEach(span -> byName.computeIfAbsent(span.getName(), name -> new java.util.ArrayList<>()).add(span));
        byName.forEach((name, spans) -> {
            SpanData first = spans.get(0);
            text.append(indent).append(name).append(spans.size() > 1 ? " ×" + spans.size() : "").append("  [")
                    .append(first.getKind()).append(spans.size() > 1 ? ", first " : ", ")
                    .append(String.format("%.1f ms", (first.getEndEpochNanos() - first.getStartEpochNanos()) / 1e6))
                    .append("]").append(first.getLinks().isEmpty()
                            ? ""
                            : "  (link to " + first.getLinks().size()
                                    + " span of another trace)")
                    .append('\n');
            render(trace, Traces.childrenOf(trace, first), indent + "  ", text);
        });
    }
}
