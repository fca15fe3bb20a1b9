-- Personal data (issue 16): cancellation on our side, erasure on request or by retention, and tombstones.

-- DELETING: an erasure was asked for and the job's objects are being removed; DELETED: they are gone, and the row is a
-- tombstone (its counts, no images, nothing that identifies the person), kept so that a redelivered callback cannot bring the
-- images back, until headshots.retention.tombstones.
ALTER TABLE headshot_job DROP CONSTRAINT headshot_job_status;
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_status CHECK (status IN ('SUBMITTED', 'RECEIVED', 'COPYING', 'COMPLETED',
    'PARTIAL', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'DELETING', 'DELETED'));
-- Set when the job was cancelled on our side (POST /v1/headshots/{id}/cancel); a CANCELLED job without it was cancelled by
-- Runflow (run.cancelled). A callback for a job cancelled on our side is recorded and fetches nothing.
ALTER TABLE headshot_job ADD COLUMN cancelled_at timestamptz;
-- The erasure: why (an API request, or retention), when it was asked for, when the last object was gone, how many images
-- were stored when it was asked for, and how many objects (images, photos, unfinished uploads) it removed.
ALTER TABLE headshot_job ADD COLUMN deletion_reason varchar(16) CHECK (deletion_reason IN ('request', 'retention'));
ALTER TABLE headshot_job ADD COLUMN deletion_requested_at timestamptz;
ALTER TABLE headshot_job ADD COLUMN deleted_at timestamptz;
ALTER TABLE headshot_job ADD COLUMN stored_count integer CHECK (stored_count >= 0);
ALTER TABLE headshot_job ADD COLUMN objects_deleted integer CHECK (objects_deleted >= 0);
ALTER TABLE headshot_job ADD CONSTRAINT headshot_job_deletion
    CHECK ((deletion_requested_at IS NOT NULL) = (status IN ('DELETING', 'DELETED')));
-- Tombstones past their retention, and finished jobs past the images' retention.
CREATE INDEX headshot_job_tombstones ON headshot_job (deleted_at) WHERE status = 'DELETED';
CREATE INDEX headshot_job_finished ON headshot_job (completed_at)
    WHERE status IN ('COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED');

-- A callback for a job that was cancelled on our side or erased: recorded, not applied.
ALTER TABLE runflow_delivery DROP CONSTRAINT runflow_delivery_outcome_check;
ALTER TABLE runflow_delivery ADD CONSTRAINT runflow_delivery_outcome_check
    CHECK (outcome IN ('applied', 'duplicate', 'contrary', 'closed'));

-- A tenant's own retention periods, which may only be shorter than the installation's (NULL: the installation's).
ALTER TABLE tenant ADD COLUMN retention_images interval CHECK (retention_images > interval '0');
ALTER TABLE tenant ADD COLUMN retention_tombstones interval CHECK (retention_tombstones >= interval '7 days');

-- The erasure queue, a leased table (lease/LeasedTable) like the retry queue, so that an erasure resumes after a crash:
--   PENDING  due at next_attempt_at (a new erasure, a pass that must look again, or one given back by an instance that stopped);
--   ERASING  claimed by the instance named in lease_owner; next_attempt_at is the end of its lease.
-- settle_until: until then a copy that was in flight when the erasure was asked for may still write an object (an attempt
-- ends by headshots.download.total-timeout, plus a lease), so the prefix is looked at again until a pass after it finds nothing.
-- The row goes once the job is DELETED.
CREATE TABLE job_erasure (
    headshots_id     uuid          PRIMARY KEY REFERENCES headshot_job (headshots_id) ON DELETE CASCADE,
    status           varchar(16)   NOT NULL CONSTRAINT job_erasure_status CHECK (status IN ('PENDING', 'ERASING')),
    next_attempt_at  timestamptz   NOT NULL,
    lease_owner      varchar(128),
    settle_until     timestamptz   NOT NULL,
    passes           integer       NOT NULL DEFAULT 0 CHECK (passes >= 0),
    objects_deleted  integer       NOT NULL DEFAULT 0 CHECK (objects_deleted >= 0),
    last_error       varchar(200),
    created_at       timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT job_erasure_lease CHECK ((lease_owner IS NOT NULL) = (status = 'ERASING'))
);

CREATE INDEX job_erasure_due ON job_erasure (next_attempt_at);
CREATE INDEX job_erasure_leased ON job_erasure (lease_owner) WHERE status = 'ERASING';
