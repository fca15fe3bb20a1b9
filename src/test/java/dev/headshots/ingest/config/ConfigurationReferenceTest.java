package dev.headshots.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.MappedProperties;
import io.smallrye.config.WithDefault;

/**
 * {@code docs/configuration.md} lists every {@code headshots.*} property of the service, and only those, each with its default.
 * The properties are derived from every {@code @ConfigMapping} under {@code dev.headshots.ingest} as SmallRye names them
 * ({@link MappedProperties}: kebab-case method names, {@code @WithName}, nested groups under their name or, with
 * {@code @WithParentName}, their parent's, a map as {@code name.*}, a list of groups as {@code name[*].property}).
 * <p>
 * The doc's form: one table row per property, {@code | `headshots.…` | default | meaning |}. The default column begins with the
 * {@code @WithDefault} value verbatim in backticks (a remark may follow, e.g. {@code `true` (`false` in dev and test)}), or is
 * {@code *(none)*} for a property without a default or with an empty one (an {@code Optional} left unset).
 */
class ConfigurationReferenceTest {

    private static final Path DOC = Path.of("docs", "configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(headshots\\.[^`]+)` \\| ([^|]*) \\|", Pattern.MULTILINE);
    private static final Pattern FIRST_CODE = Pattern.compile("^`([^`]*)`");
    private static final String NONE = "*(none)*";

    @Test
    void theDocListsEveryPropertyAndNoOther() throws IOException {
        Set<String> documented = documented().keySet();
        Set<String> declared = MappedProperties.all().keySet();
        Set<String> missing = new TreeSet<>(declared);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(declared);
        assertThat(missing.isEmpty() && extra.isEmpty())
                .as("%s: missing (declared by a @ConfigMapping, no row): %s; extra (a row, declared by none): %s", DOC,
                        missing, extra)
                .isTrue();
    }

    @Test
    void theDocStatesEachDefault() throws IOException {
        Map<String, String> documented = documented();
        Map<String, String> wrong = new TreeMap<>();
        MappedProperties.all().forEach((key, method) -> {
            String expected = expectedDefault(method);
            String stated = documented.get(key);
            if (stated != null && !stated.equals(expected)) {
                wrong.put(key, "doc " + stated + ", code " + expected);
            }
        });
        assertThat(wrong).as("defaults in " + DOC + " that differ from @WithDefault").isEmpty();
    }

    @Test
    void everyPropertyIsDocumentedOnce() throws IOException {
        List<String> rows = ROW.matcher(Files.readString(DOC)).results().map(row -> row.group(1)).toList();
        assertThat(rows).as("rows of " + DOC).doesNotHaveDuplicates();
    }

    /** The doc's rows: property to its stated default ({@code `value`} stripped to the value, or {@code *(none)*}). */
    private static Map<String, String> documented() throws IOException {
        Map<String, String> rows = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(DOC));
        while (row.find()) {
            String column = row.group(2).trim();
            Matcher code = FIRST_CODE.matcher(column);
            rows.put(row.group(1), code.find() ? code.group(1) : column);
        }
        return rows;
    }

    private static String expectedDefault(Method property) {
        return Optional.ofNullable(property.getAnnotation(WithDefault.class)).map(WithDefault::value)
                .filter(value -> !value.isEmpty()).orElse(NONE);
    }
}
