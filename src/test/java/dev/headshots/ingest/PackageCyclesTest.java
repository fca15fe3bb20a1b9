package dev.headshots.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages' imports form no cycle but the named ones, which docs/architecture.md ("Package cycles that stay") lists with
 * their reasons. A new import that closes a cycle fails here: break it, or name it there and here.
 * <p>
 * It reads the {@code import dev.headshots.ingest.…} lines of {@code src/main/java}; a class of one package is an edge to that
 * package.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "headshots", "ingest");
    private static final Path DOC = Path.of("docs", "architecture.md");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.headshots\\.ingest\\.([a-z.]+)\\.[A-Z]",
            Pattern.MULTILINE);
    /** The pairs of packages that import each other on purpose. */
    private static final Set<String> NAMED = Set.of("copy ↔ retry", "notify ↔ outbox", "notify ↔ tenant");

    @Test
    void noPairOfPackagesImportsEachOtherButTheNamedOnes() {
        Map<String, Set<String>> imports = imports();
        Set<String> mutual = new TreeSet<>();
        imports.forEach((from, targets) -> targets.stream()
                .filter(to -> from.compareTo(to) < 0 && imports.getOrDefault(to, Set.of()).contains(from))
                .forEach(to -> mutual.add(from + " ↔ " + to)));
        assertThat(mutual).as("packages that import each other").containsExactlyInAnyOrderElementsOf(NAMED);
    }

    @Test
    void withoutTheNamedPairsThePackagesFormNoCycle() {
        Map<String, Set<String>> imports = imports();
        for (String pair : NAMED) {
            String[] ends = pair.split(" ↔ ");
            imports.getOrDefault(ends[0], new HashSet<>()).remove(ends[1]);
            imports.getOrDefault(ends[1], new HashSet<>()).remove(ends[0]);
        }
        assertThat(cycleIn(imports)).as("a cycle of imports").isEmpty();
    }

    @Test
    void theArchitectureDocNamesEachPairThatStays() throws IOException {
        String doc = Files.readString(DOC);
        assertThat(NAMED).allSatisfy(pair -> assertThat(doc).as(DOC.toString()).contains("`" + pair.replace(" ↔ ", "` ↔ `")
                + "`"));
    }

    /** Package (relative to {@code dev.headshots.ingest}) to the other packages its classes import. */
    private static Map<String, Set<String>> imports() {
        Map<String, Set<String>> imports = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Matcher target = IMPORT.matcher(Files.readString(file));
                while (target.find()) {
                    if (!target.group(1).equals(from)) {
                        imports.computeIfAbsent(from, key -> new HashSet<>()).add(target.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(imports).as("packages read from " + SOURCES).hasSizeGreaterThan(10);
        return imports;
    }

    /** One cycle of the graph, as the packages along it, or an empty list if it has none. */
    private static List<String> cycleIn(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new HashMap<>();
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    /** Depth first; {@code state} 1 while on the current path, 2 once done. */
    private static boolean visit(String node, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(node);
        if (seen != null) {
            if (seen == 1) {
                path.add(node);
            }
            return seen == 1;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return false;
    }
}
