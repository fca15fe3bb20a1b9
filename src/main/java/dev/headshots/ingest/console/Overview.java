package dev.headshots.ingest.console;

import java.util.List;

/**
 * The overview page: jobs by status over the last 24 hours, and for an admin the service's queues and dependencies. Each number
 * is labelled with the {@code /q/metrics} series it is read from, when it is one.
 */
record Overview(boolean admin, List<Count> jobs, long jobsTotal, List<Number> queues, List<Health> dependencies) {

    /** Jobs in one status. */
    record Count(String status, String chip, long count) {
    }

    /** One number, what it means, and its metric. */
    record Number(String label, String value, String metric) {
    }

    /** One dependency and whether this instance sees it up. */
    record Health(String name, boolean up, String detail) {
    }
}
