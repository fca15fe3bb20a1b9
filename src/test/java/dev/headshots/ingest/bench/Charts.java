package dev.headshots.ingest.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG charts of a run (XChart), written next to {@code results.json}; returns the file names written. */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private Charts() {
    }

    /** Short names and colours of the ingest targets, for legends. */
    private static final Map<String, String> NAMES = Map.of("ceiling", "(a) ceiling, no Kafka", "service",
            "(b) this service", "express", "(c) Express + INSERT");
    private static final Map<String, Color> COLOURS = Map.of("ceiling", new Color(0x1f77b4), "service",
            new Color(0xd62728), "express", new Color(0x2ca02c));

    static List<String> ingest(Path out, List<RateResult> steps, List<String> targets, double limitMs)
            throws IOException {
        XYChart latency = xy("Ingest: ack latency vs offered rate (open loop, CO-corrected)", "offered callbacks/s",
                "latency (ms, log scale)");
        latency.getStyler().setYAxisLogarithmic(true);
        latency.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        latency.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        XYChart throughput = xy("Ingest: achieved vs offered rate", "offered callbacks/s", "successful callbacks/s");
        double highest = 0;
        for (String target : targets) {
            // One point per rate: the last step run at it (a retry supersedes the step it repeats).
            Map<Integer, RateResult> byRate = new TreeMap<>();
            steps.stream().filter(s -> s.target().equals(target) && List.of("fixed", "search", "retry").contains(s.phase()))
                    .forEach(s -> byRate.put(s.offered(), s));
            List<RateResult> points = new ArrayList<>(byRate.values());
            if (points.isEmpty()) {
                continue;
            }
            String name = NAMES.getOrDefault(target, target);
            Color colour = COLOURS.getOrDefault(target, Color.GRAY);
            highest = Math.max(highest, points.get(points.size() - 1).offered());
            add(latency, name + " p99", points, RateResult::p99Ms, SeriesLines.SOLID, colour);
            add(latency, name + " p50", points, RateResult::p50Ms, SeriesLines.DASH_DASH, colour);
            add(throughput, name, points, RateResult::achieved, SeriesLines.SOLID, colour);
        }
        if (highest > 0) {
            line(latency, "p99 limit " + limitMs + " ms", List.of(0.0, highest), List.of(limitMs, limitMs));
            line(throughput, "offered = achieved", List.of(0.0, highest), List.of(0.0, highest));
        }
        return List.of(save(latency, out, "ingest-latency.png"), save(throughput, out, "ingest-throughput.png"));
    }

    static List<String> copy(Path out, List<CopyResult> results) throws IOException {
        List<String> names = results.stream().map(CopyResult::copier).toList();
        CategoryChart throughput = category("Copy: throughput (" + results.get(0).images() + " images of ~"
                + Math.round(results.get(0).bytes() / Math.max(1.0, results.get(0).stored()) / 1e6) + " MB)", "MB/s");
        throughput.addSeries("MB/s", names, results.stream().map(r -> (Number) r.mbPerSecond()).toList());
        CategoryChart jobs = category("Copy: time per job, callback to COMPLETED", "seconds");
        jobs.addSeries("p50", names, results.stream().map(r -> (Number) r.jobP50Seconds()).toList());
        jobs.addSeries("p99", names, results.stream().map(r -> (Number) r.jobP99Seconds()).toList());
        return List.of(save(throughput, out, "copy-throughput.png"), save(jobs, out, "copy-job-times.png"));
    }

    static String memory(Path out, String file, String title, List<MemorySampler.Sample> samples, boolean settled)
            throws IOException {
        XYChart chart = xy(title, "seconds", "MB");
        List<Double> t = samples.stream().map(MemorySampler.Sample::seconds).toList();
        chart.addSeries("RSS", t, samples.stream().map(s -> (double) s.rssMb()).toList()).setMarker(SeriesMarkers.NONE);
        chart.addSeries("heap in use", t, samples.stream().map(MemorySampler.Sample::heapMb).toList())
                .setMarker(SeriesMarkers.NONE);
        chart.addSeries("live heap", t, samples.stream().map(MemorySampler.Sample::liveHeapMb).toList())
                .setMarker(SeriesMarkers.NONE);
        if (settled) {
            double first = samples.isEmpty() ? 0 : samples.get(0).imagesSettled();
            XYSeries images = chart.addSeries("images settled", t,
                    samples.stream().map(s -> s.imagesSettled() - first).toList());
            images.setMarker(SeriesMarkers.NONE);
            images.setLineStyle(SeriesLines.DASH_DASH);
            images.setYAxisGroup(1);
            chart.setYAxisGroupTitle(1, "images settled");
            chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        }
        chart.getStyler().setYAxisMin(0, 0.0);
        return save(chart, out, file);
    }

    private static void add(XYChart chart, String name, List<RateResult> points, ToDoubleFunction<RateResult> y,
            BasicStroke style, Color colour) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (RateResult point : points) {
            double value = y.applyAsDouble(point);
            if (value > 0) {
                xs.add((double) point.offered());
                ys.add(value);
            }
        }
        if (!xs.isEmpty()) {
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setLineStyle(style);
            series.setLineColor(colour);
            series.setMarkerColor(colour);
        }
    }

    private static void line(XYChart chart, String name, List<Double> xs, List<Double> ys) {
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(SeriesLines.DOT_DOT);
        series.setLineColor(Color.DARK_GRAY);
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    private static CategoryChart category(String title, String y) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(y)
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setDecimalPattern("#0.0");
        return chart;
    }

    private static String save(Chart<?, ?> chart, Path out, String file) throws IOException {
        BitmapEncoder.saveBitmap(chart, out.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
