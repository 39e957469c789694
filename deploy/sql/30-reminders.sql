-- Orleans.RenderFarm: PostgreSQL schema for Orleans' ADO.NET providers, part 3 of 3: reminders
-- (Microsoft.Orleans.Reminders.AdoNet; UseAdoNetReminderService).
--
-- A reminder is identified by (@ServiceId, @GrainId, @ReminderName); @GrainId is the full grain
-- id as text ("type/key"). Each silo owns a range of the consistent-hash ring and asks for the
-- reminders whose @GrainHash falls in it. Orleans binds the uint ring hashes as signed integers
-- and picks the query by comparing them signed:
--   ReadRangeRows1Key  (begin < end):   begin < hash <= end
--   ReadRangeRows2Key  (otherwise):     hash > begin OR hash <= end  (the range wraps, or is
--                                       the whole ring when begin = end)
-- The ETag is the integer version of the row: an upsert bumps it, a delete must name it.
-- Periods are milliseconds (bound as int or bigint, read back as bigint).

CREATE TABLE IF NOT EXISTS orleans_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period_ms     bigint      NOT NULL,
    grain_hash    integer     NOT NULL,   -- the grain's uniform hash, as a signed integer
    version       integer     NOT NULL,

    CONSTRAINT pk_orleans_reminders PRIMARY KEY (service_id, grain_id, reminder_name)
);

CREATE INDEX IF NOT EXISTS ix_orleans_reminders_ring
    ON orleans_reminders (service_id, grain_hash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

-- All reminders of one grain.
('ReadReminderRowsKey', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
$query$),

-- One reminder, or no row.
('ReadReminderRowKey', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_id = @GrainId
  AND reminder_name = @ReminderName
$query$),

-- The reminders of a ring range that does not wrap (see above).
('ReadRangeRows1Key', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND grain_hash > @BeginHash
  AND grain_hash <= @EndHash
$query$),

-- The reminders of a ring range that wraps past the largest signed hash (see above).
('ReadRangeRows2Key', $query$
SELECT grain_id      AS "GrainId",
       reminder_name AS "ReminderName",
       start_time    AS "StartTime",
       period_ms     AS "Period",
       version       AS "Version"
FROM orleans_reminders
WHERE service_id = @ServiceId
  AND (grain_hash > @BeginHash OR grain_hash <= @EndHash)
$query$),

-- Registers or re-registers a reminder. Reads: the row's new Version (its new ETag).
('UpsertReminderRowKey', $query$
INSERT INTO orleans_reminders
    (service_id, grain_id, reminder_name, start_time, period_ms, grain_hash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT pk_orleans_reminders DO UPDATE
SET start_time = EXCLUDED.start_time,
    period_ms = EXCLUDED.period_ms,
    grain_hash = EXCLUDED.grain_hash,
    version = orleans_reminders.version % 2147483647 + 1
RETURNING version AS "Version"
$query$),

-- Unregisters a reminder if @Version is still its ETag. Reads: one boolean, TRUE when deleted.
('DeleteReminderRowKey', $query$
WITH deleted AS (
    DELETE FROM orleans_reminders
    WHERE service_id = @ServiceId
      AND grain_id = @GrainId
      AND reminder_name = @ReminderName
      AND version = @Version
    RETURNING 1
)
SELECT count(*) > 0 FROM deleted
$query$),

-- Every reminder of the service (used by tests and tooling).
('DeleteReminderRowsKey', $query$
DELETE FROM orleans_reminders
WHERE service_id = @ServiceId
$query$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
