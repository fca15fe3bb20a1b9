package dev.headshots.ingest.outbox;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.headshots.ingest.config.PublicUrls;
import dev.headshots.ingest.config.StorageConfig;
import dev.headshots.ingest.support.EventSchemas;

/**
 * The outbox of every {@code @QuarkusTest} application: each event is validated against its JSON Schemas as it is written, so
 * that every event the suite produces is checked, whether a test reads it or not. An invalid event fails the transaction that
 * finishes its job, which is then retried and logged ("state could not be recorded, retrying: the event violates its schemas:
 * …"), and the test waiting for the job fails. A singleton: a client proxy would need a constructor without arguments.
 */
@Alternative
@Priority(1)
@Singleton
public class ValidatedStoredEvents extends StoredEvents {

    public ValidatedStoredEvents(ObjectMapper json, Outbox outbox, StorageConfig config, PublicUrls urls) {
        super(json, outbox, config, urls);
    }

    @Override
    protected String serialise(Object event) {
        String json = super.serialise(event);
        EventSchemas.requireValid(json);
        return json;
    }
}
