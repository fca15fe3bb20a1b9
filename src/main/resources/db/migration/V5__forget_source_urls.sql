-- Runflow's source URLs are presigned, so they are credentials: an image's is deleted (set to NULL) once it is stored,
-- and every image's once the job is terminal (COMPLETED, PARTIAL or FAILED). An image that may still be fetched
-- (PENDING or COPYING) always keeps its URL.
ALTER TABLE headshot_image ALTER COLUMN source_url DROP NOT NULL;
ALTER TABLE headshot_image ADD CONSTRAINT headshot_image_source_url
    CHECK (source_url IS NOT NULL OR status IN ('STORED', 'FAILED'));
-- Jobs that were terminal before this migration.
UPDATE headshot_image SET source_url = NULL
WHERE status = 'STORED'
   OR headshots_id IN (SELECT headshots_id FROM headshot_job WHERE status IN ('COMPLETED', 'PARTIAL', 'FAILED'));
