package dev.headshots.ingest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A titled table, printed aligned on the console and as Markdown in {@code summary.md}. */
final class Table {

    private final String title;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, String... header) {
        this.title = title;
        this.header = List.of(header);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    Table note(String note) {
        notes.add(note);
        return this;
    }

    static String format(Object cell) {
        if (cell instanceof Double d) {
            if (d.isNaN()) {
                return "-";
            }
            return Math.abs(d) >= 100
                    ? String.format(Locale.ROOT, "%.0f", d)
                    : String.format(Locale.ROOT, Math.abs(d) >= 10 ? "%.1f" : "%.2f", d);
        }
        return String.valueOf(cell);
    }

    String text() {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder("\n== ").append(title).append('\n');
        appendLine(out, header, widths);
        for (List<String> row : rows) {
            appendLine(out, row, widths);
        }
        notes.forEach(note -> out.append("   ").append(note).append('\n'));
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("### ").append(title).append("\n\n| ")
                .append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> out.append(" --- |"));
        out.append('\n');
        for (List<String> row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append(note).append("\n\n"));
        }
        return out.append('\n').toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            boolean numeric = !cell.isEmpty() && (Character.isDigit(cell.charAt(0)) || cell.charAt(0) == '-');
            out.append(i == 0 ? "   " : "  ");
            out.append(numeric && i > 0
                    ? " ".repeat(widths[i] - cell.length()) + cell
                    : cell + " ".repeat(widths[i] - cell.length()));
        }
        out.append('\n');
    }
}
