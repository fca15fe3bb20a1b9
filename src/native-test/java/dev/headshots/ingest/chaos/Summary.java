package dev.headshots.ingest.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The chaos run's report: Markdown tables of what was done and what came out, printed to stdout and written to
 * {@code target/chaos/summary.md} each time a section is added, so that a failing run still leaves its numbers behind.
 */
final class Summary {

    static final Path FILE = Path.of("target/chaos/summary.md");

    private final List<String> lines = new ArrayList<>();

    Summary(String title) {
        lines.add("# " + title);
        lines.add("");
    }

    Summary section(String heading) {
        lines.add("");
        lines.add("## " + heading);
        lines.add("");
        lines.add("| | |");
        lines.add("| --- | --- |");
        return this;
    }

    Summary row(String what, Object value) {
        lines.add("| " + what + " | " + value + " |");
        return this;
    }

    Summary table(List<String> header, List<List<String>> rows) {
        lines.add("");
        lines.add("| " + String.join(" | ", header) + " |");
        lines.add("|" + " --- |".repeat(header.size()));
        rows.forEach(row -> lines.add("| " + String.join(" | ", row) + " |"));
        return this;
    }

    Summary text(String paragraph) {
        lines.add("");
        lines.add(paragraph);
        return this;
    }

    /** Writes the whole report, and prints it. */
    void write() {
        String report = String.join("\n", lines) + "\n";
        System.out.println(report);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
