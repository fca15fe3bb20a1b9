-- Tenants (issue 15): every job, API key, object and event belongs to one customer of the team that runs the service.
-- The tenant "default" owns the keys of headshots.api.keys, every job that existed before this migration, and the
-- callbacks that reach the shared endpoints for a job nobody submitted here.
CREATE TABLE tenant (
    id                      varchar(32)  PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    name                    varchar(200) NOT NULL CHECK (length(name) > 0),
    created_at              timestamptz  NOT NULL DEFAULT now(),
    updated_at              timestamptz  NOT NULL DEFAULT now(),
    -- Set: the tenant's keys are refused; its jobs keep being copied and nothing is deleted.
    disabled_at             timestamptz,
    -- Where its objects go: NULL is headshots.storage.bucket. Keys are {key_prefix}{headshots_id}/{NNN}.{ext}.
    bucket                  varchar(63),
    key_prefix              varchar(64)  NOT NULL DEFAULT '',
    -- Quotas; NULL is no limit. Jobs not terminal yet (submissions on their way to Runflow included), and submissions
    -- accepted in the last 60 seconds.
    max_jobs_in_flight      integer      CHECK (max_jobs_in_flight > 0),
    submissions_per_minute  integer      CHECK (submissions_per_minute > 0)
);

INSERT INTO tenant (id, name) VALUES ('default', 'Default tenant');

-- A tenant's API keys. Only the SHA-256 of a key is kept; key_id names it in the admin API and in logs. A revoked key
-- stays listed, with revoked_at.
CREATE TABLE tenant_api_key (
    key_id      varchar(40)  PRIMARY KEY,
    tenant_id   varchar(32)  NOT NULL REFERENCES tenant (id),
    key_sha256  bytea        NOT NULL UNIQUE,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE INDEX tenant_api_key_tenant ON tenant_api_key (tenant_id, created_at);

-- Every job is a tenant's; jobs of before this migration are default's. The bucket and key prefix are the tenant's at the
-- time the job was recorded, so that changing a tenant's storage later never loses track of objects already stored
-- (a NULL bucket is headshots.storage.bucket, as for every job before this migration).
ALTER TABLE headshot_job ADD COLUMN tenant_id varchar(32) NOT NULL DEFAULT 'default' REFERENCES tenant (id);
ALTER TABLE headshot_job ADD COLUMN bucket varchar(63);
ALTER TABLE headshot_job ADD COLUMN key_prefix varchar(64) NOT NULL DEFAULT '';
-- A key is now {key_prefix}{headshots_id}/{NNN}.{ext}: up to 64 + 44 characters.
ALTER TABLE headshot_image ALTER COLUMN object_key TYPE varchar(200);
-- What the submitting app says about the job (POST /v1/headshots): its own reference, and a JSON object of strings.
ALTER TABLE headshot_job ADD COLUMN client_reference_id varchar(200);
ALTER TABLE headshot_job ADD COLUMN metadata jsonb;

-- GET /v1/headshots lists one tenant's jobs, newest first, by status, or by client_reference_id.
DROP INDEX headshot_job_created;
DROP INDEX headshot_job_status_created;
CREATE INDEX headshot_job_tenant_created ON headshot_job (tenant_id, created_at DESC, headshots_id DESC);
CREATE INDEX headshot_job_tenant_status_created ON headshot_job (tenant_id, status, created_at DESC, headshots_id DESC);
CREATE INDEX headshot_job_tenant_reference ON headshot_job (tenant_id, client_reference_id, created_at DESC)
    WHERE client_reference_id IS NOT NULL;
-- The quota of jobs in flight counts a tenant's jobs that are not terminal.
CREATE INDEX headshot_job_tenant_in_flight ON headshot_job (tenant_id)
    WHERE status IN ('SUBMITTED', 'RECEIVED', 'COPYING');
-- The quota of submissions per minute counts a tenant's recent submissions.
CREATE INDEX headshot_job_tenant_submitted ON headshot_job (tenant_id, submitted_at) WHERE submitted_at IS NOT NULL;

-- A submission on its way to Runflow is its tenant's, and counts against its quotas until it becomes a job.
ALTER TABLE pending_submission ADD COLUMN tenant_id varchar(32) NOT NULL DEFAULT 'default' REFERENCES tenant (id);
CREATE INDEX pending_submission_tenant ON pending_submission (tenant_id, created_at);

-- The relay sets the Kafka header tenant-id from here, without parsing the event.
ALTER TABLE outbox_event ADD COLUMN tenant_id varchar(32);
