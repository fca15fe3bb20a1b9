package dev.headshots.ingest.callback;

import io.quarkus.kafka.client.serialization.ObjectMapperDeserializer;

/** Reads {@link HeadshotsCompleted} records from {@link Topics#CALLBACKS}. */
public class HeadshotsCompletedDeserializer extends ObjectMapperDeserializer<HeadshotsCompleted> {

    public HeadshotsCompletedDeserializer() {
        super(HeadshotsCompleted.class);
    }
}
