package dev.headshots.ingest.webhook;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.common.PartitionInfo;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Readiness: the producer of accepted callbacks knows the partitions of their topic, so that {@link CallbackPublisher} can send
 * from an event loop with {@code max.block.ms=0} and never wait there for metadata. Asking for them is what loads them: with
 * {@code max.block.ms=0} an unknown topic fails the ask at once and leaves a metadata request behind, so the instance asks at
 * startup and at every readiness probe until the answer comes. The topic then stays known: {@code metadata.max.idle.ms} is a
 * day (application.properties), and the producer refreshes it in the background.
 */
@Readiness
@ApplicationScoped
public class CallbackTopicWarmer implements AsyncHealthCheck {

    static final String NAME = "kafka-callback-topic";

    private static final Logger LOG = Logger.getLogger(CallbackTopicWarmer.class);

    private final CallbackPublisher publisher;

    public CallbackTopicWarmer(CallbackPublisher publisher) {
        this.publisher = publisher;
    }

    void onStart(@Observes StartupEvent started) {
        call().subscribe().with(answer -> LOG.debugf("callback topic at startup: %s", answer.getStatus()));
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String topic = publisher.topic();
        // Not blocking with max.block.ms=0; off the event loop all the same, in case an operator sets it higher.
        return Uni.createFrom().item(() -> publisher.producer().partitionsFor(topic))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(partitions -> up(topic, partitions))
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named(NAME).down()
                        .withData("topic", topic)
                        .withData("error", failure.getClass().getSimpleName())
                        .build());
    }

    private static HealthCheckResponse up(String topic, List<PartitionInfo> partitions) {
        return HealthCheckResponse.named(NAME).up().withData("topic", topic).withData("partitions", partitions.size()).build();
    }
}
