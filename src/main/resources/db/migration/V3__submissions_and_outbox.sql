-- Jobs submitted through POST /v1/headshots exist before Runflow calls back: status SUBMITTED, no images yet,
-- no callback received (deliveries 0). The per-job callback token is kept only as its SHA-256.
ALTER TABLE headshot_job DROP CONSTRAINT headshot_job_status;
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_status
    CHECK (status IN ('SUBMITTED', 'RECEIVED', 'COPYING', 'COMPLETED', 'PARTIAL', 'FAILED'));
ALTER TABLE headshot_job ALTER COLUMN image_count DROP NOT NULL;
ALTER TABLE headshot_job ALTER COLUMN received_at DROP NOT NULL;
ALTER TABLE headshot_job DROP CONSTRAINT headshot_job_deliveries_check;
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_deliveries_check CHECK (deliveries >= 0);
ALTER TABLE headshot_job ADD COLUMN callback_token_sha256 bytea UNIQUE;
ALTER TABLE headshot_job ADD COLUMN photo_count integer CHECK (photo_count > 0);
ALTER TABLE headshot_job ADD COLUMN submitted_at timestamptz;
-- When we first heard of the job (submission or callback): the order of GET /v1/headshots, newest first.
ALTER TABLE headshot_job ADD COLUMN created_at timestamptz;
UPDATE headshot_job SET created_at = received_at;
ALTER TABLE headshot_job ALTER COLUMN created_at SET NOT NULL;
ALTER TABLE headshot_job ALTER COLUMN created_at SET DEFAULT now();
DROP INDEX headshot_job_received_at;
CREATE INDEX headshot_job_created ON headshot_job (created_at DESC, headshots_id DESC);
CREATE INDEX headshot_job_status_created ON headshot_job (status, created_at DESC, headshots_id DESC);

-- A submission on its way to Runflow: its callback token is reserved before Runflow is called (a callback can only
-- arrive after that), and the row is replaced by the job once Runflow has answered, or deleted if it refused.
CREATE TABLE pending_submission (
    token_sha256  bytea        PRIMARY KEY,
    created_at    timestamptz  NOT NULL DEFAULT now()
);

-- Transactional outbox: the headshots.stored CloudEvent is written in the transaction that finishes the job, and
-- published by the relay afterwards. id is the CloudEvents id, derived from the job, so a job has one event at most.
CREATE TABLE outbox_event (
    id            uuid          PRIMARY KEY,
    topic         varchar(128)  NOT NULL,
    record_key    varchar(64)   NOT NULL,
    payload       text          NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    sent_at       timestamptz
);

CREATE INDEX outbox_event_unsent ON outbox_event (created_at) WHERE sent_at IS NULL;
