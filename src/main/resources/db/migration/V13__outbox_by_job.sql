-- A job's events are looked up by their record key (the job's id): the latest notified event of a redelivery, and the
-- payloads an erasure scrubs. Without this index both scanned the whole outbox, the second inside the erasure's transaction.
CREATE INDEX outbox_event_record_key ON outbox_event (record_key);
