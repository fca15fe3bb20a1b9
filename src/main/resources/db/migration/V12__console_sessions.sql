-- Sessions of the operator console (/console, issue 18). A row per signed-in browser: any instance behind the load
-- balancer verifies a session with one indexed statement, sign-out deletes the row (so a copied cookie stops working
-- too), and a session ends with the key it was opened with (revoked, its tenant disabled, or rotated out of the
-- configuration). Only the SHA-256 of the cookie's token is kept, so reading this table gives no one a session.
CREATE TABLE console_session (
    token_sha256  bytea        PRIMARY KEY,
    -- The tenant the session sees; NULL for an admin session, which sees every tenant.
    tenant_id     varchar(32)  REFERENCES tenant (id),
    -- The key it was opened with, as its SHA-256, and where that key lives: a tenant's key in tenant_api_key, a key of
    -- headshots.api.keys (the tenant default's), or a key of headshots.admin.keys.
    key_sha256    bytea        NOT NULL,
    key_source    varchar(8)   NOT NULL CHECK (key_source IN ('tenant', 'config', 'admin')),
    -- The synchronizer token every state-changing form of this session carries.
    csrf_token    varchar(64)  NOT NULL,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    last_seen_at  timestamptz  NOT NULL DEFAULT now(),
    -- The session's absolute end (headshots.console.max-age), whatever its activity.
    expires_at    timestamptz  NOT NULL,
    CONSTRAINT console_session_admin CHECK ((key_source = 'admin') = (tenant_id IS NULL))
);

CREATE INDEX console_session_last_seen ON console_session (last_seen_at);
