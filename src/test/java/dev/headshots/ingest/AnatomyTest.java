package dev.headshots.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** docs/architecture.md's Anatomy is kept true: every class of {@code src/main/java} is named there, in backticks. */
class AnatomyTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Path DOC = Path.of("docs", "architecture.md");

    @Test
    void everyClassHasItsLine() throws IOException {
        String doc = Files.readString(DOC);
        List<String> classes;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            classes = files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".java"))
                    .map(name -> name.substring(0, name.length() - ".java".length())).sorted().toList();
        }
        assertThat(classes).as("classes under " + SOURCES).hasSizeGreaterThan(100);
        assertThat(classes.stream().filter(name -> !doc.contains("`" + name + "`") && !doc.contains("`" + name + "."))
                .toList()).as("classes without a line in " + DOC).isEmpty();
    }
}
