package dev.headshots.ingest.copy;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/** Readiness: our bucket exists and answers with our credentials. Postgres and Kafka have their own checks. */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements AsyncHealthCheck {

    private final ObjectStore store;

    public ObjectStoreHealthCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.checkBucket()
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .map(ok -> HealthCheckResponse.named("object-store").up().withData("bucket", store.bucket()).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("object-store").down()
                        .withData("bucket", store.bucket())
                        .withData("error", failure.getClass().getSimpleName())
                        .build());
    }
}
