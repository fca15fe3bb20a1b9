-- Runflow's runs platform (issue 14): every terminal event, the runs API, and reconciliation of lost callbacks.

-- CANCELLED: Runflow cancelled the run (run.cancelled), terminal. TIMED_OUT: no outcome by headshots.runflow.callback-deadline,
-- not terminal: a callback that arrives later still takes the job on to its outcome.
ALTER TABLE headshot_job DROP CONSTRAINT headshot_job_status;
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_status CHECK (status IN
    ('SUBMITTED', 'RECEIVED', 'COPYING', 'COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED', 'TIMED_OUT'));
-- A run.partial_succeeded may carry no image at all; run.failed and run.cancelled carry none.
ALTER TABLE headshot_job DROP CONSTRAINT headshot_job_image_count_check;
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_image_count_check CHECK (image_count >= 0);

-- The API a job was submitted through (NULL for a job we only heard of by callback): runs are polled, legacy jobs time out.
ALTER TABLE headshot_job ADD COLUMN runflow_api varchar(8) CHECK (runflow_api IN ('legacy', 'runs'));
-- The Runflow event whose outcome the job took: the first one is final. A later event of another outcome is a contradiction,
-- recorded in runflow_delivery and not applied. Jobs that had a callback before this migration had headshots.completed.
ALTER TABLE headshot_job ADD COLUMN runflow_event varchar(32) CHECK (runflow_event IN
    ('headshots.completed', 'run.completed', 'run.partial_succeeded', 'run.failed', 'run.cancelled'));
UPDATE headshot_job SET runflow_event = 'headshots.completed' WHERE received_at IS NOT NULL;
-- Runflow's error of a run.failed: its code and message (control characters blanked, at most 1000 characters).
ALTER TABLE headshot_job ADD COLUMN failure_code varchar(128);
ALTER TABLE headshot_job ADD COLUMN failure_message varchar(1024);
-- The metadata a run was created with (our submission's id and tenant); its callbacks must echo it.
ALTER TABLE headshot_job ADD COLUMN runflow_metadata jsonb;
-- Keys, in our bucket, of the photos a run reads through presigned URLs: deleted (and set NULL) once the run is over
-- (an outcome applied, or TIMED_OUT).
ALTER TABLE headshot_job ADD COLUMN photo_keys text[];
CREATE INDEX headshot_job_photo_keys ON headshot_job (headshots_id) WHERE photo_keys IS NOT NULL;

-- Reconciliation of a job submitted through us that has no outcome yet. reconcile_at is when it is next due (submission +
-- headshots.runflow.reconcile-after, then the poll backoff); while an instance holds the claim (reconcile_owner) it is the end
-- of that claim's lease, so a dead instance's claim is due again and taken over. NULL once the job has an outcome or timed out.
ALTER TABLE headshot_job ADD COLUMN reconcile_at timestamptz;
ALTER TABLE headshot_job ADD COLUMN reconcile_owner varchar(128);
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_reconcile_owner CHECK (reconcile_owner IS NULL OR reconcile_at IS NOT NULL);
-- GET /v1/runs/{id} made for the job, and callback redeliveries asked for (POST /v1/runs/{id}/callback-redeliveries).
ALTER TABLE headshot_job ADD COLUMN polls integer NOT NULL DEFAULT 0 CHECK (polls >= 0);
ALTER TABLE headshot_job ADD COLUMN redeliveries integer NOT NULL DEFAULT 0 CHECK (redeliveries >= 0);
ALTER TABLE headshot_job ADD COLUMN timed_out_at timestamptz;
CREATE INDEX headshot_job_reconcile ON headshot_job (reconcile_at) WHERE reconcile_at IS NOT NULL;

-- Every callback record the consumer processed, and every outcome a poll found: where it came from, Runflow's request id,
-- and what it did to the job (applied, a repeat of the applied outcome, or a contradiction of it, not applied).
CREATE TABLE runflow_delivery (
    id            bigint       GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    headshots_id  uuid         NOT NULL REFERENCES headshot_job (headshots_id) ON DELETE CASCADE,
    event         varchar(32)  NOT NULL,
    source        varchar(8)   NOT NULL CHECK (source IN ('callback', 'poll')),
    request_id    varchar(128),
    outcome       varchar(16)  NOT NULL CHECK (outcome IN ('applied', 'duplicate', 'contrary')),
    received_at   timestamptz  NOT NULL,
    recorded_at   timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX runflow_delivery_job ON runflow_delivery (headshots_id, id);
