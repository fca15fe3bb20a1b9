package dev.headshots.ingest.console;

import java.util.List;

import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;

/**
 * The console's templates under {@code templates/console/}, checked at build time (so a template that reads a field its view
 * does not have fails the build, native image included), and the one way a console page becomes an HTML answer.
 */
@CheckedTemplate(basePath = "console")
final class Pages {

    private Pages() {
    }

    static native TemplateInstance signIn(String message, String csrf);

    static native TemplateInstance error(Nav nav, int status, String message);

    static native TemplateInstance jobs(Nav nav, JobList list);

    static native TemplateInstance jobs$rows(JobList list);

    static native TemplateInstance job(Nav nav, JobDetail job);

    static native TemplateInstance job$live(JobDetail job);

    static native TemplateInstance confirm(Nav nav, Confirmation confirm);

    static native TemplateInstance overview(Nav nav, Overview overview);

    /** What every signed-in page's header needs: who is signed in, and the session's CSRF token for the sign-out form. */
    record Nav(String who, String csrf, String current) {

        static Nav of(ConsoleUser user, String current) {
            return new Nav(user.isAdmin() ? "admin (all tenants)" : "tenant " + user.tenantId(), user.csrf(), current);
        }
    }

    /** A page asking the operator to confirm an action: what it does, and where its form posts. */
    record Confirmation(String title, String explanation, String action, String button, String back) {
    }

    /** Renders {@code page} as an HTML answer with {@code status}. */
    static Uni<RestResponse<String>> html(int status, TemplateInstance page) {
        return page.createUni().map(body -> RestResponse.ResponseBuilder.<String>create(status)
                .entity(body).type("text/html;charset=UTF-8").build());
    }

    static Uni<RestResponse<String>> ok(TemplateInstance page) {
        return html(200, page);
    }

    /** A 303 to {@code location}: what a form post answers, so that a reload does not post it again. */
    static <T> RestResponse<T> seeOther(String location) {
        return RestResponse.ResponseBuilder.<T>create(RestResponse.Status.SEE_OTHER)
                .header("Location", location).build();
    }

    static List<String> statuses() {
        return List.of("SUBMITTED", "RECEIVED", "COPYING", "COMPLETED", "PARTIAL", "FAILED", "CANCELLED", "TIMED_OUT",
                "DELETING",
                "DELETED");
    }
}
