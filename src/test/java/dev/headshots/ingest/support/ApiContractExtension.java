package dev.headshots.ingest.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts {@link ApiContract} on every test class of the suite (registered through {@code META-INF/services}, with extension
 * autodetection switched on by the pom's Surefire and Failsafe settings), in the class loader the test class was loaded by: a
 * {@code @QuarkusTest} runs in the application's, whose REST-assured is not this one's. Before each test too, since a test may
 * reset REST-assured. After each class it adds the class's checked exchanges to the run's count, which it writes, by operation,
 * to {@code target/openapi-exchanges.txt} when the run ends (appended: Surefire and each Failsafe run add theirs) and prints as
 * one line.
 */
public class ApiContractExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /** Where the run's count of checked exchanges goes. */
    public static final Path REPORT = Path.of("target", "openapi-exchanges.txt");
    private static final Map<String, Long> RUN = new ConcurrentHashMap<>();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        call(context, "install");
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(Report.class,
                key -> new Report(), Report.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        call(context, "install");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterAll(ExtensionContext context) throws Exception {
        ((Map<String, Long>) call(context, "drain")).forEach((operation, count) -> RUN.merge(operation, count, Long::sum));
    }

    /** Calls the static {@code method} of {@link ApiContract} as the test class's class loader has it. */
    private static Object call(ExtensionContext context, String method) throws Exception {
        ClassLoader loader = context.getRequiredTestClass().getClassLoader();
        return Class.forName(ApiContract.class.getName(), true, loader).getMethod(method).invoke(null);
    }

    /** Writes the run's count once the run is over. */
    private static final class Report implements ExtensionContext.Store.CloseableResource, AutoCloseable {

        @Override
        public void close() {
            Map<String, Long> counts = new TreeMap<>(RUN);
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            long operations = counts.keySet().stream().filter(operation -> !operation.contains("(no such")).count();
            String summary = "openapi: " + total + " exchanges checked against /q/openapi, " + operations
                    + " operations exercised";
            try {
                Files.createDirectories(REPORT.getParent());
                Files.writeString(REPORT, summary + "\n" + counts.entrySet().stream()
                        .map(entry -> entry.getValue() + "\t" + entry.getKey()).collect(Collectors.joining("\n")) + "\n",
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println(summary + " (" + REPORT + ")");
        }
    }
}
