-- One row per Runflow job, keyed by Runflow's headshots_id: the primary key is the deduplication point
-- (INSERT ... ON CONFLICT DO NOTHING), so two identical callbacks arriving at once record the job once.
CREATE TABLE headshot_job (
    headshots_id  uuid         PRIMARY KEY,
    status        varchar(16)  NOT NULL,
    image_count   integer      NOT NULL CHECK (image_count > 0),
    received_at   timestamptz  NOT NULL,
    completed_at  timestamptz,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT headshot_job_status CHECK (status IN ('RECEIVED', 'COPYING', 'COMPLETED', 'PARTIAL', 'FAILED'))
);

CREATE INDEX headshot_job_received_at ON headshot_job (received_at DESC, headshots_id DESC);

-- One row per image URL of a job; idx is the 1-based position in image_urls and names the object key.
CREATE TABLE headshot_image (
    headshots_id  uuid         NOT NULL REFERENCES headshot_job (headshots_id) ON DELETE CASCADE,
    idx           integer      NOT NULL CHECK (idx > 0),
    source_url    text         NOT NULL,
    status        varchar(16)  NOT NULL,
    object_key    varchar(128),
    bytes         bigint,
    sha256        varchar(64),
    content_type  varchar(64),
    error         varchar(64),
    error_detail  varchar(512),
    attempts      integer      NOT NULL DEFAULT 0,
    claimed_at    timestamptz,
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (headshots_id, idx),
    CONSTRAINT headshot_image_status CHECK (status IN ('PENDING', 'COPYING', 'STORED', 'FAILED'))
);

-- Finds the images that still need work without scanning finished jobs.
CREATE INDEX headshot_image_unfinished ON headshot_image (headshots_id) WHERE status IN ('PENDING', 'COPYING');
