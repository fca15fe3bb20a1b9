-- Jobs not yet finished, oldest change first: the retry worker's housekeeping looks here for jobs whose images are all
-- settled but that were never finished, because the instance that settled the last image died before finishing the job.
CREATE INDEX headshot_job_unfinished ON headshot_job (updated_at) WHERE status IN ('RECEIVED', 'COPYING');
