package dev.headshots.ingest.runflow;

import java.util.Arrays;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.headshots.ingest.runflow.RunflowConfig.Api;
import io.quarkus.runtime.Startup;

/**
 * Checks the Runflow settings at startup, so that a mistake stops the service with a message rather than failing every
 * submission later: with {@code api=runs} a model must be set, as {@code owner/slug} path segments; the callback deadline must
 * come after reconciliation starts. Logs the API in use, never the key.
 */
@Startup
@ApplicationScoped
public class RunflowSettings {

    private static final Logger LOG = Logger.getLogger(RunflowSettings.class);
    private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    public RunflowSettings(RunflowConfig runflow) {
        check(runflow);
        LOG.infof("Runflow: jobs are submitted through the %s API at %s%s", runflow.api().name().toLowerCase(),
                runflow.baseUrl(), runflow.api() == Api.RUNS
                        ? " as runs of " + runflow.model().orElseThrow() + " (photo URLs"
                                + " valid " + runflow.photoUrlTtl() + ")"
                        : "");
    }

    /** Path segments of letters, digits, {@code .}, {@code _} and {@code -}, none of them {@code .} or {@code ..}. */
    static boolean isModel(String model) {
        return MODEL.matcher(model).matches()
                && Arrays.stream(model.split("/")).noneMatch(s -> s.equals(".") || s.equals(".."));
    }

    static void check(RunflowConfig runflow) {
        if (runflow.api() == Api.RUNS && runflow.model().filter(RunflowSettings::isModel).isEmpty()) {
            throw new IllegalStateException("headshots.runflow.api=runs needs headshots.runflow.model, the model id shown on "
                    + "its page at Runflow (owner/slug)");
        }
        if (runflow.reconcileAfter().isNegative() || runflow.reconcileAfter().isZero()
                || runflow.callbackDeadline().compareTo(runflow.reconcileAfter()) < 0) {
            throw new IllegalStateException("headshots.runflow.reconcile-after must be positive and no later than "
                    + "headshots.runflow.callback-deadline");
        }
    }
}
