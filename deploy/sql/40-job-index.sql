-- Orleans.RenderFarm: the job index (Grains/Jobs/Index/PostgresJobIndex.cs), the farm's own table
-- beside Orleans' ones. One row per job, written by the job grain on every change of the job's
-- state or counts and read by listings and dashboards, newest first:
--     ORDER BY submitted_at DESC, job_id DESC
-- Pages are keyset pages: the next page starts after the last row of the previous one,
--     (submitted_at, job_id) < (@after_at, @after_id)
-- so a page deep in the list reads as few index entries as the first one. Every index below leads
-- with service_id (ClusterOptions.ServiceId: many farms may share one database) and, after the
-- column it filters on, ends with the listing order, so a filtered page is also read in order and
-- stops at its limit. Sizes and timings with 100,000 jobs: docs/benchmarks.md ("Job index").
--
-- States and priorities are stored by their enum name, so that new states need no schema change.

CREATE TABLE IF NOT EXISTS job_index
(
    service_id   text        NOT NULL,
    job_id       uuid        NOT NULL,
    name         text        NOT NULL,
    pool         text        NOT NULL,
    submitter    text        NOT NULL,
    state        text        NOT NULL,   -- JobState by name
    priority     text        NOT NULL,   -- JobPriority by name
    submitted_at timestamptz NOT NULL,
    started_at   timestamptz NULL,
    finished_at  timestamptz NULL,
    total_frames integer     NOT NULL,
    frames_done  integer     NOT NULL,
    chunks_total integer     NOT NULL,
    chunks_done  integer     NOT NULL,
    error        text        NULL,       -- at most 500 characters (JobSummary.MaxErrorLength)
    recorded_at  timestamptz NOT NULL DEFAULT now(),

    CONSTRAINT pk_job_index PRIMARY KEY (service_id, job_id)
);

-- Unfiltered listings, and filters on rows common enough to be met early in listing order.
CREATE INDEX IF NOT EXISTS ix_job_index_newest
    ON job_index (service_id, submitted_at DESC, job_id DESC);

-- By state: one index range per wanted state ("what is rendering now" among 100,000 finished jobs).
CREATE INDEX IF NOT EXISTS ix_job_index_state_newest
    ON job_index (service_id, state, submitted_at DESC, job_id DESC);

CREATE INDEX IF NOT EXISTS ix_job_index_pool_newest
    ON job_index (service_id, pool, submitted_at DESC, job_id DESC);

CREATE INDEX IF NOT EXISTS ix_job_index_submitter_newest
    ON job_index (service_id, submitter, submitted_at DESC, job_id DESC);

-- Who pays for the job (JobOptions.Project). Added after the table's first version, so that a re-run
-- of this file also gives an existing table the column; rows indexed before it have ''.
ALTER TABLE job_index ADD COLUMN IF NOT EXISTS project text NOT NULL DEFAULT '';

CREATE INDEX IF NOT EXISTS ix_job_index_project_newest
    ON job_index (service_id, project, submitted_at DESC, job_id DESC);
