package dev.headshots.ingest.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.ResolverScript;
import dev.headshots.ingest.support.TestConfig;
import io.vertx.mutiny.core.Vertx;

/** What the downloader says, or refuses, at startup about its own configuration. */
class ImageSourceStartupTest {

    private static Vertx vertx;
    private final Logger logger = Logger.getLogger(ImageSource.class.getName());
    private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    private final Handler recorder = new Handler() {

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.closeAndAwait();
    }

    @BeforeEach
    void record() {
        logger.addHandler(recorder);
    }

    @AfterEach
    void stopRecording() {
        logger.removeHandler(recorder);
    }

    @Test
    void allowingPrivateNetworksIsAWarning() {
        start(Map.of("headshots.download.allow-private-networks", "true", "headshots.download.allowed-hosts", "localhost"));

        assertThat(messages()).singleElement().asString().contains("allow-private-networks is on");
    }

    @Test
    void productionRulesStartQuietly() {
        start(Map.of());

        assertThat(warnings).isEmpty();
    }

    @Test
    void anAllowedHostThatIsAnAddressIsAWarning() {
        start(Map.of("headshots.download.allowed-hosts", "cdn.runflow.io,127.0.0.1"));

        assertThat(messages()).singleElement().asString().contains("[127.0.0.1]").contains("always refused");
    }

    @Test
    void moreThanThreeRedirectsIsRefused() {
        assertThatThrownBy(() -> start(Map.of("headshots.download.max-redirects", "4")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-redirects");
    }

    private void start(Map<String, String> config) {
        ImageSource source = new ImageSource(vertx, TestConfig.of(config).download(), new ResolverScript());
        try {
            source.warnAtStartup(null);
        } finally {
            source.close();
        }
    }

    private List<String> messages() {
        return warnings.stream().map(record -> String.valueOf(record.getMessage()) + " "
                + (record.getParameters() == null ? "" : List.of(record.getParameters()))).toList();
    }
}
