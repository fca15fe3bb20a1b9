package dev.headshots.ingest.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The other spellings of a path that some layer of an HTTP stack may read as the same path: matrix parameters on each segment,
 * encoded separators and dots, empty and dot segments, a trailing slash, another case, encoded letters, a backslash. Each is
 * how a request could reach a resource while a guard that matches the path as written does not see it.
 */
public final class PathSpellings {

    private PathSpellings() {
    }

    /** Every other spelling of {@code path} (an absolute path such as {@code /v1/headshots/123}), never {@code path} itself. */
    public static List<String> of(String path) {
        List<String> segments = List.of(path.substring(1).split("/"));
        Set<String> spellings = new LinkedHashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            spellings.add(with(segments, i, segments.get(i) + ";x"));
            spellings.add(with(segments, i, segments.get(i) + ";"));
            spellings.add(with(segments, i, segments.get(i) + "%3Bx"));
            spellings.add(with(segments, i, encodeFirstLetter(segments.get(i), "%%%02x")));
            spellings.add(with(segments, i, encodeFirstLetter(segments.get(i), "%%%02X")));
            spellings.add(join(segments.subList(0, i)) + "/" + join(segments.subList(i, segments.size())));
            spellings.add(join(segments.subList(0, i + 1)) + "/." + join(segments.subList(i + 1, segments.size())));
            spellings.add(join(segments.subList(0, i + 1)) + "/%2e" + join(segments.subList(i + 1, segments.size())));
            spellings.add(join(segments.subList(0, i + 1)) + "/x/.." + join(segments.subList(i + 1, segments.size())));
            spellings.add(join(segments.subList(0, i + 1)) + "/x/%2e%2e" + join(segments.subList(i + 1, segments.size())));
            if (i > 0) {
                String before = join(segments.subList(0, i));
                String after = String.join("/", segments.subList(i, segments.size()));
                spellings.add(before + "%2F" + after);
                spellings.add(before + "%2f" + after);
                spellings.add(before + "%252F" + after);
                spellings.add(before + "\\" + after);
                spellings.add(before + "%5C" + after);
            }
        }
        spellings.add(path + "/");
        spellings.add(path + "/.");
        spellings.add(path + ";x=1");
        spellings.add(path + "%00");
        spellings.add(path.toUpperCase(Locale.ROOT));
        spellings.add("/" + segments.get(0).toUpperCase(Locale.ROOT) + join(segments.subList(1, segments.size())));
        spellings.remove(path);
        return new ArrayList<>(spellings);
    }

    private static String with(List<String> segments, int index, String replacement) {
        List<String> changed = new ArrayList<>(segments);
        changed.set(index, replacement);
        return join(changed);
    }

    private static String join(List<String> segments) {
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    private static String encodeFirstLetter(String segment, String format) {
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (Character.isLetter(c) && c < 128) {
                return segment.substring(0, i) + String.format(format, (int) c) + segment.substring(i + 1);
            }
        }
        return segment;
    }
}
