-- Notifications (issue 17): each finished job's event is POSTed to its tenant's own handler, signed per Standard
-- Webhooks, durably and at least once.

-- Where a tenant's events go (https; vetted like image downloads), and when a 410 Gone from it disabled it. Setting
-- notify_url again (PATCH /admin/v1/tenants/{id}) enables it again.
ALTER TABLE tenant ADD COLUMN notify_url varchar(2048);
ALTER TABLE tenant ADD COLUMN notify_disabled_at timestamptz;
-- A submission's own notify_url (POST /v1/headshots), which wins over its tenant's for that job.
ALTER TABLE headshot_job ADD COLUMN notify_url varchar(2048);

-- A tenant's signing secrets (whsec_...). The secret must be recoverable to sign, so it is kept sealed: AES-256-GCM
-- under a key of headshots.notify.secret-keys (key_id names which, by fingerprint), the tenant and secret id bound in
-- as associated data; the plain secret is shown once, when it is created. Every secret whose expires_at is NULL or
-- in the future signs: a new one sets the others to end after headshots.notify.rotation-overlap; a DELETE ends one now.
CREATE TABLE tenant_signing_secret (
    secret_id   varchar(40)  PRIMARY KEY,
    tenant_id   varchar(32)  NOT NULL REFERENCES tenant (id),
    key_id      varchar(16)  NOT NULL,
    sealed      bytea        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now(),
    expires_at  timestamptz
);

CREATE INDEX tenant_signing_secret_tenant ON tenant_signing_secret (tenant_id, created_at);

-- One delivery of one event to one URL, written in the transaction that writes the event to the outbox (the payload is
-- the outbox row's, byte for byte). A leased table (lease/LeasedTable), like the retry queue:
--   PENDING    waiting for its next attempt (next_attempt_at), or given back by an instance that shut down;
--   SENDING    claimed by the instance named in lease_owner; next_attempt_at is the end of its lease;
--   DELIVERED  a 2xx answer; FAILED: given up (retry_until passed, a 410, or a 4xx answered too often).
-- seq orders the events of a job as they were decided: one is sent only once the earlier ones are settled.
CREATE TABLE notification (
    event_id            uuid          PRIMARY KEY REFERENCES outbox_event (id),
    seq                 bigint        GENERATED ALWAYS AS IDENTITY UNIQUE,
    headshots_id        uuid          NOT NULL,
    tenant_id           varchar(32)   NOT NULL REFERENCES tenant (id),
    event_type          varchar(64)   NOT NULL,
    url                 varchar(2048) NOT NULL,
    -- Lower-case host name of url: concurrent deliveries per host are bounded.
    host                varchar(255)  NOT NULL,
    -- url is the tenant's notify_url (not the job's own): a 410 from it disables the tenant's endpoint.
    tenant_endpoint     boolean       NOT NULL,
    status              varchar(16)   NOT NULL
        CONSTRAINT notification_status CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED', 'FAILED')),
    attempts            integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Answers with a 4xx other than 408, 410 and 429: retried a few times, then FAILED.
    client_errors       integer       NOT NULL DEFAULT 0 CHECK (client_errors >= 0),
    next_attempt_at     timestamptz,
    lease_owner         varchar(128),
    last_status_code    integer,
    last_error          varchar(200),
    created_at          timestamptz   NOT NULL DEFAULT now(),
    -- Retried until then (headshots.notify.max-age after the decision, or after a redelivery).
    retry_until         timestamptz   NOT NULL,
    delivered_at        timestamptz,
    redeliveries        integer       NOT NULL DEFAULT 0 CHECK (redeliveries >= 0),
    updated_at          timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT notification_due CHECK ((next_attempt_at IS NOT NULL) = (status IN ('PENDING', 'SENDING'))),
    CONSTRAINT notification_lease CHECK ((lease_owner IS NOT NULL) = (status = 'SENDING'))
);

-- What is due, oldest first; what is in flight per host; an instance's own claims; a job's deliveries in order; a
-- tenant's deliveries by status, newest first (GET /v1/notifications).
CREATE INDEX notification_due ON notification (next_attempt_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX notification_sending_host ON notification (host) WHERE status = 'SENDING';
CREATE INDEX notification_leased ON notification (lease_owner) WHERE status = 'SENDING';
CREATE INDEX notification_job ON notification (headshots_id, seq);
CREATE INDEX notification_tenant_status ON notification (tenant_id, status, seq DESC);
CREATE INDEX notification_tenant ON notification (tenant_id, seq DESC);
