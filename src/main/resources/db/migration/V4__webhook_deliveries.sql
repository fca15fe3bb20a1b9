-- The webhook-id of every signed callback (Standard Webhooks), shared by all instances: a delivery whose id is here and
-- published is answered 200 but not published again (a sender's retry, or a replay within the timestamp tolerance).
-- A request claims the id (INSERT ... ON CONFLICT), publishes to Kafka, then sets published_at. A claim left without
-- published_at (a failed publish that could not give it back, or an instance that died mid-request) may be taken over
-- by a retry once it is older than twice headshots.webhook.ack-timeout, so a callback that was not stored is never
-- answered 200. Rows older than twice headshots.webhook.signature-tolerance are pruned by the service: a replayed
-- message must carry a timestamp within the tolerance, so an older id can no longer come back with a valid signature.
CREATE TABLE webhook_delivery (
    webhook_id   text        PRIMARY KEY CHECK (length(webhook_id) BETWEEN 1 AND 256),
    received_at  timestamptz NOT NULL,
    published_at timestamptz
);

CREATE INDEX webhook_delivery_received_at ON webhook_delivery (received_at);
