package dev.headshots.ingest.problem;

import java.time.Duration;
import java.util.List;

/**
 * A failure that the caller is told about as a {@link Problem}. Thrown or emitted as a {@code Uni} failure by any step;
 * {@link ProblemMapper} turns it into the HTTP answer. Stack traces are not written for these expected outcomes.
 */
public class ProblemException extends RuntimeException {

    private final ProblemKind kind;
    private final List<Problem.Violation> violations;
    private final Duration retryAfter;

    public ProblemException(ProblemKind kind, String detail) {
        this(kind, detail, List.of(), null);
    }

    public ProblemException(ProblemKind kind, String detail, List<Problem.Violation> violations, Duration retryAfter) {
        super(detail, null, false, false);
        this.kind = kind;
        this.violations = List.copyOf(violations);
        this.retryAfter = retryAfter;
    }

    public ProblemKind kind() {
        return kind;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    /** When set, the answer carries {@code Retry-After} in whole seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public Problem toProblem() {
        return new Problem(kind.type(), kind.title(), kind.status(), getMessage(), violations);
    }
}
