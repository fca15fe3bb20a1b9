package dev.headshots.ingest.webhook;

import jakarta.enterprise.context.ApplicationScoped;

import dev.headshots.ingest.problem.ProblemException;
import dev.headshots.ingest.problem.ProblemKind;
import dev.headshots.ingest.security.CallbackLimits;

/**
 * Lets a request to the shared callback endpoint in, cheapest check first: the body's size (413), the client's allowance of
 * failed authentications (429), then its credentials on the raw bytes (401, counted against the client).
 */
@ApplicationScoped
public class CallbackAdmission {

    private final CallbackAuthenticator authenticator;
    private final CallbackIntake intake;
    private final CallbackLimits limits;

    public CallbackAdmission(CallbackAuthenticator authenticator, CallbackIntake intake, CallbackLimits limits) {
        this.authenticator = authenticator;
        this.intake = intake;
        this.limits = limits;
    }

    /** The authenticated delivery, or the problem that refuses it. */
    public CallbackAuthenticator.Authenticated admit(String client, CallbackAuthenticator.Credentials credentials,
            byte[] body) {
        intake.requireSize(body);
        limits.requireNotBlocked(client);
        return authenticator.authenticate(credentials, body).orElseThrow(() -> {
            limits.failed(client);
            return new ProblemException(ProblemKind.UNAUTHORIZED, "Missing or invalid webhook credentials.");
        });
    }
}
