-- How many callback records were processed for a job: 1 for the first, +1 for each duplicate or redelivery.
-- Operators see retried callbacks per job; tests wait on it instead of on time.
ALTER TABLE headshot_job ADD COLUMN deliveries integer NOT NULL DEFAULT 1 CHECK (deliveries > 0);
