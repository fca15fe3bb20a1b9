package dev.headshots.ingest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading the line that the closed loop's wrk script prints in {@code done()}, among wrk's own output. */
class WrkSummaryTest {

    private static final String OUTPUT = """
            Running 20s test @ http://127.0.0.1:8110/webhooks/bench/ceiling
              2 threads and 64 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     6.10ms    3.01ms  92.41ms   88.02%
              183530 requests in 20.00s, 27.13MB read
              Non-2xx or 3xx responses: 12
            Requests/sec:   9176.12
            Transfer/sec:      1.36MB
            closed-loop-result {"duration_us":20001234,"requests":183530,"bytes":28450000,"status_errors":12,\
            "connect_errors":0,"read_errors":3,"write_errors":0,"timeouts":1,"p50_us":5871,"p90_us":9012,\
            "p99_us":17456,"max_us":92410}
            """;

    @Test
    void readsTheResultLineAmongWrksOwnOutput() {
        WrkSummary summary = WrkSummary.parse(OUTPUT);

        assertThat(summary.seconds()).isEqualTo(20.001234);
        assertThat(summary.requests()).isEqualTo(183_530);
        assertThat(summary.ok()).isEqualTo(183_518);
        assertThat(summary.p50Ms()).isEqualTo(5.87);
        assertThat(summary.p90Ms()).isEqualTo(9.01);
        assertThat(summary.p99Ms()).isEqualTo(17.46);
        assertThat(summary.maxMs()).isEqualTo(92.41);
    }

    @Test
    void errorsAreCountedByKindAndOnlyTheKindsThatOccurred() {
        WrkSummary summary = WrkSummary.parse(OUTPUT);

        assertThat(summary.errors()).containsExactly(Map.entry("read", 3L), Map.entry("status>399", 12L),
                Map.entry("timeout", 1L));
        assertThat(summary.errorCount()).isEqualTo(16);
    }

    @Test
    void noResultLineIsAFailureThatQuotesWrksOutput() {
        assertThatThrownBy(() -> WrkSummary.parse("unable to connect to 127.0.0.1:8110 Connection refused\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Connection refused");
    }

    @Test
    void aResultLineWithoutAFieldIsAFailure() {
        assertThatThrownBy(() -> WrkSummary.parse("closed-loop-result {\"duration_us\":1000000,\"requests\":5}\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be read");
    }
}
