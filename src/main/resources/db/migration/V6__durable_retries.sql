-- Durable retries (issue 5). Every unfinished image is a row of the retry queue:
--   PENDING   waiting for its first attempt (or released by an instance that shut down);
--   COPYING   claimed by the instance named in lease_owner; next_attempt_at is then the end of its lease, renewed while
--             the instance lives, so a claim whose instance died is due again, and taken over, once the lease ends;
--   RETRYING  its last attempt failed transiently (error, error_detail); due again at next_attempt_at.
-- Terminal: STORED, FAILED (will not succeed), EXPIRED (its URL's deadline passed before it could be stored).
-- deadline is when the image's source URL stops working: read from the URL (X-Amz-Date + X-Amz-Expires, or Expires),
-- otherwise 24 h after the callback was received. attempts counts attempts started.
ALTER TABLE headshot_image ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE headshot_image ADD COLUMN deadline timestamptz;
ALTER TABLE headshot_image ADD COLUMN lease_owner varchar(128);

UPDATE headshot_image i SET deadline = j.received_at + interval '24 hours'
FROM headshot_job j WHERE i.headshots_id = j.headshots_id;
-- Unfinished images of an earlier version: due now (their instance, if any, is the one being replaced).
UPDATE headshot_image SET status = 'PENDING', next_attempt_at = now() WHERE status IN ('PENDING', 'COPYING');
ALTER TABLE headshot_image ALTER COLUMN deadline SET NOT NULL;

ALTER TABLE headshot_image DROP CONSTRAINT headshot_image_status;
ALTER TABLE headshot_image ADD CONSTRAINT headshot_image_status
    CHECK (status IN ('PENDING', 'COPYING', 'RETRYING', 'STORED', 'FAILED', 'EXPIRED'));
ALTER TABLE headshot_image ADD CONSTRAINT headshot_image_due
    CHECK ((next_attempt_at IS NOT NULL) = (status IN ('PENDING', 'COPYING', 'RETRYING')));
ALTER TABLE headshot_image ADD CONSTRAINT headshot_image_lease
    CHECK ((lease_owner IS NOT NULL) = (status = 'COPYING'));
-- Source URLs are credentials. A stored image's is deleted at once; a FAILED or EXPIRED image keeps its URL until the
-- URL's own deadline, so that POST /v1/headshots/{id}/replay can copy it again, and the retry worker deletes it then.
ALTER TABLE headshot_image DROP CONSTRAINT headshot_image_source_url;
ALTER TABLE headshot_image ADD CONSTRAINT headshot_image_source_url
    CHECK (source_url IS NOT NULL OR status IN ('STORED', 'FAILED', 'EXPIRED'));

DROP INDEX headshot_image_unfinished;
CREATE INDEX headshot_image_unfinished ON headshot_image (headshots_id)
    WHERE status IN ('PENDING', 'COPYING', 'RETRYING');
-- The retry queue: what is due, oldest first.
CREATE INDEX headshot_image_due ON headshot_image (next_attempt_at)
    WHERE status IN ('PENDING', 'COPYING', 'RETRYING');
-- An instance renews, and on shutdown releases, its own claims.
CREATE INDEX headshot_image_leased ON headshot_image (lease_owner) WHERE status = 'COPYING';
-- Kept source URLs of images that did not make it, until their deadline.
CREATE INDEX headshot_image_kept_sources ON headshot_image (deadline)
    WHERE source_url IS NOT NULL AND status IN ('FAILED', 'EXPIRED');

-- How many times the job was replayed (POST /v1/headshots/{id}/replay): each replay that finishes publishes a
-- headshots.stored event of its own, with an id derived from the job and this number.
ALTER TABLE headshot_job ADD COLUMN replays integer NOT NULL DEFAULT 0 CHECK (replays >= 0);
