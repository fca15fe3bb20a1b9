-- Trace contexts that outlive a request, as W3C traceparent values (00-<trace-id>-<span-id>-<flags>, 55 characters);
-- null when tracing was off (quarkus.otel.sdk.disabled). None of them is a secret.
-- The span of the job's submission to Runflow: the callback, one or two hours later, links its trace to it.
ALTER TABLE headshot_job ADD COLUMN submission_traceparent varchar(64);
-- Where the job's own trace continues: the Kafka consumer's span of its first callback. Retries made later by any
-- instance's retry worker are spans of this trace, so that a job is one trace.
ALTER TABLE headshot_job ADD COLUMN traceparent varchar(64);
-- The span that wrote the event (the job's finish); the relay publishes the event in that trace, and the event's
-- CloudEvents traceparent attribute carries the same value.
ALTER TABLE outbox_event ADD COLUMN traceparent varchar(64);
