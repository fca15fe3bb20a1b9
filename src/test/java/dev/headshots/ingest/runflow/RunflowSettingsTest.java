package dev.headshots.ingest.runflow;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.headshots.ingest.support.TestConfig;

/** The Runflow settings that would make every submission or reconciliation fail stop the service at startup instead. */
class RunflowSettingsTest {

    @Test
    void theLegacyApiNeedsNoModel() {
        assertThatCode(() -> RunflowSettings.check(TestConfig.defaults().runflow())).doesNotThrowAnyException();
    }

    @Test
    void theRunsApiNeedsAModelNamedAsOnItsPage() {
        assertThatThrownBy(() -> RunflowSettings.check(TestConfig.of(Map.of("headshots.runflow.api", "runs")).runflow()))
                .hasMessageContaining("headshots.runflow.model");
        for (String bad : new String[]{"runflow/../runs", "runflow/x?y", "/runflow/x", "runflow//x", "..", "a b"}) {
            assertThatThrownBy(() -> RunflowSettings.check(TestConfig.of(Map.of("headshots.runflow.api", "runs",
                    "headshots.runflow.model", bad)).runflow())).as(bad).hasMessageContaining("owner/slug");
        }
        assertThatCode(() -> RunflowSettings.check(TestConfig.of(Map.of("headshots.runflow.api", "runs",
                "headshots.runflow.model", "bytedance/seedance/2.0/fast")).runflow())).doesNotThrowAnyException();
    }

    @Test
    void theDeadlineComesAfterReconciliationStarts() {
        assertThatThrownBy(() -> RunflowSettings.check(TestConfig.of(Map.of("headshots.runflow.reconcile-after", "7h"))
                .runflow())).hasMessageContaining("callback-deadline");
    }
}
